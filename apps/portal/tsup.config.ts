import { defineConfig } from "tsup";

// The all-in-one and the operator CLI, each one ESM file with the internal packages inlined.
export default defineConfig({
  entry: ["src/main.ts", "src/cli.ts"],
  format: ["esm"],
  clean: true,
  sourcemap: true,
  target: "node20",
  noExternal: [/^@backup-portal\//],
  banner: { js: "#!/usr/bin/env node" },
  esbuildOptions(options) {
    options.conditions = ["@backup-portal/source"];
  },
});
