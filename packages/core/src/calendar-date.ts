const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Strict `YYYY-MM-DD` naming a real calendar day (no 2026-02-30, no 2026-3-8). */
export function isValidDate(s: string): boolean {
  const match = DATE_PATTERN.exec(s);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Calendar arithmetic on `YYYY-MM-DD`, free of time zones. */
export function addDays(date: string, n: number): string {
  if (!isValidDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  if (!Number.isInteger(n)) throw new RangeError(`days must be an integer, got ${n}`);
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day + n);
  const y = at.getUTCFullYear();
  if (y < 0 || y > 9999) throw new RangeError(`${date} + ${n} days leaves years 0000–9999`);
  return `${String(y).padStart(4, "0")}-${String(at.getUTCMonth() + 1).padStart(2, "0")}-${String(at.getUTCDate()).padStart(2, "0")}`;
}
