import { addDays } from "./calendar-date";
import { formatWallDate, resolveTimeZone, wallClockAt } from "./time-zone";

/** The calendar date (`YYYY-MM-DD`) on the zone's wall clocks at an instant. */
export function localDate(instant: Date, timeZone: string): string {
  return formatWallDate(wallClockAt(instant, resolveTimeZone(timeZone)));
}

/** The company's local dates from its local today on: what one sync run fetches. */
export function syncWindow(instant: Date, timeZone: string, days = 7): string[] {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`window length must be a non-negative integer, got ${days}`);
  }
  const today = localDate(instant, timeZone);
  return Array.from({ length: days }, (_, i) => addDays(today, i));
}
