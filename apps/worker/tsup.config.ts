import { defineConfig } from "tsup";

// Apps ship as one ESM file each with the internal packages inlined.
export default defineConfig({
  entry: ["src/main.ts"],
  format: ["esm"],
  clean: true,
  sourcemap: true,
  target: "node20",
  noExternal: [/^@backup-portal\//],
  esbuildOptions(options) {
    options.conditions = ["@backup-portal/source"];
  },
});
