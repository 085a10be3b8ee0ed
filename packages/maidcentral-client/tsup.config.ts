import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    undici: "src/undici.ts",
    "simulator/index": "src/simulator/index.ts",
    "simulator/msw": "src/simulator/msw.ts",
  },
  format: ["esm"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  external: ["msw", "undici", "@backup-portal/core"],
});
