import { defineConfig } from "tsup";

// Apps ship as one ESM file each with the internal packages inlined. The front-end client is a
// second entry with its own .d.ts; it imports core's types only, so nothing server-side is bundled.
export default defineConfig({
  entry: { main: "src/main.ts", "schedule-client": "src/schedule-client.ts" },
  dts: { entry: { "schedule-client": "src/schedule-client.ts" } },
  format: ["esm"],
  clean: true,
  sourcemap: true,
  target: "node20",
  noExternal: [/^@backup-portal\//],
  esbuildOptions(options) {
    options.conditions = ["@backup-portal/source"];
  },
});
