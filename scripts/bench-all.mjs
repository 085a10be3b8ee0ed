#!/usr/bin/env node
// `pnpm bench`: every benchmark script, one after another (they compete for the same 2 cores
// otherwise), each printing its table and appending a dated section to BENCHMARKS.md.
// BENCH_ONLY=coordinator,api runs a subset; BENCH_NO_RECORD=1 prints without recording.
import { spawnSync } from "node:child_process";

const benches = [
  ["coordinator", "@backup-portal/coordinator", "bench"],
  ["queue", "@backup-portal/storage", "bench:queue"],
  ["enqueue", "@backup-portal/storage", "bench:enqueue"],
  ["client", "@backup-portal/maidcentral-client", "bench"],
  ["transform", "@backup-portal/worker", "bench:transform"],
  ["sync", "@backup-portal/worker", "bench"],
  ["db-size", "@backup-portal/worker", "bench:db-size"],
  ["worker-memory", "@backup-portal/worker", "bench:memory"],
  ["api", "@backup-portal/api", "bench"],
];
const only = process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
let failed = 0;
for (const [name, pkg, script] of benches) {
  if (only && !only.includes(name)) continue;
  console.log(`\n=== ${name}: pnpm --filter ${pkg} ${script}`);
  const result = spawnSync("npx", ["-y", "pnpm@12.4.2", "--filter", pkg, "run", script], {
    stdio: "inherit",
  });
  if (result.status !== 0) {
    failed++;
    console.error(`=== ${name} failed (exit ${result.status})`);
  }
}
process.exit(failed === 0 ? 0 : 1);
