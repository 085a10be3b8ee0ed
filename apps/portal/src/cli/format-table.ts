/** A plain, left-aligned table with a header row; columns sized to their widest cell. */
export function formatTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** "2026-03-08 14:05Z (12 min ago)", or "never". */
export function formatWhen(at: Date | null, now: Date): string {
  if (at === null) return "never";
  const stamp = `${at.toISOString().slice(0, 16).replace("T", " ")}Z`;
  const ms = now.getTime() - at.getTime();
  return `${stamp} (${formatAge(ms)} ago)`;
}

export function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} d`;
}
