import { defineConfig } from "tsup";

// Benchmarks run as one bundled file: workspace packages and their CommonJS dependencies are
// inlined (esbuild's interop), the database drivers stay external.
export default defineConfig({
  entry: ["bench/queue-throughput.ts", "bench/enqueue-many.ts"],
  outDir: "bench/.out",
  format: ["esm"],
  target: "node20",
  platform: "node",
  dts: false,
  clean: true,
  splitting: false,
  noExternal: [/^@backup-portal\//, "xss"],
  external: ["postgres", "@electric-sql/pglite"],
  esbuildOptions(options) {
    options.conditions = ["@backup-portal/source"];
  },
});
