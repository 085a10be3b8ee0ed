import { appendFile, readFile, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Shared by every benchmark script: prints a table and appends a dated section to BENCHMARKS.md
 * with the machine it ran on, so figures are never quoted without their command and context.
 */
export type BenchRow = Record<string, string | number>;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const BENCHMARKS_FILE = join(ROOT, "BENCHMARKS.md");

export function machineLine(): string {
  const cpu = cpus();
  return `${cpu.length} cores (${cpu[0]?.model.trim() ?? "unknown CPU"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${process.platform}`;
}

export function markdownTable(rows: readonly BenchRow[]): string {
  const first = rows[0];
  if (!first) return "(no rows)\n";
  const columns = Object.keys(first);
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(" | ")} |`;
  return [
    line(columns),
    line(columns.map(() => "---")),
    ...rows.map((row) => line(columns.map((c) => format(row[c])))),
  ].join("\n");
}

function format(value: string | number | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isInteger(value)) return value.toLocaleString("en-US");
    return value.toLocaleString("en-US", { maximumFractionDigits: 2 });
  }
  return value;
}

export async function recordBenchmark(input: {
  title: string;
  command: string;
  rows: readonly BenchRow[];
  notes?: string[];
  /** Set BENCH_NO_RECORD=1 to print only. */
  record?: boolean;
}): Promise<void> {
  const table = markdownTable(input.rows);
  console.log(`\n${input.title}\n${table}\n`);
  for (const note of input.notes ?? []) console.log(`- ${note}`);
  if (input.record === false || process.env.BENCH_NO_RECORD === "1") return;
  const section = [
    `### ${input.title} — ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`,
    "",
    `Machine: ${machineLine()}  `,
    `Command: \`${input.command}\``,
    "",
    table,
    "",
    ...(input.notes ?? []).map((n) => `- ${n}`),
    "",
  ].join("\n");
  const existing = await readFile(BENCHMARKS_FILE, "utf8").catch(() => null);
  if (existing === null) {
    await writeFile(
      BENCHMARKS_FILE,
      `# Benchmarks\n\nFigures appended by the scripts under \`pnpm bench\`.\n\n## Runs\n\n${section}\n`,
    );
  } else {
    await appendFile(BENCHMARKS_FILE, `\n${section}\n`);
  }
}
