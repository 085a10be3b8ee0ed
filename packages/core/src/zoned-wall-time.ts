import { isValidDate } from "./calendar-date";
import {
  formatZonedIso,
  instantToZonedIso,
  offsetMinutesAt,
  resolveTimeZone,
  type WallClock,
  wallClockAsUtcMs,
  wallClockAt,
} from "./time-zone";

const WALL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const DAY_MS = 86_400_000;

function sameWall(a: WallClock, b: WallClock): boolean {
  return (
    a.year === b.year &&
    a.month === b.month &&
    a.day === b.day &&
    a.hour === b.hour &&
    a.minute === b.minute &&
    a.second === b.second
  );
}

// Results by zone and wall time. A week of quarter hours is 672 entries; past the bound a
// zone starts afresh, so a long-lived worker keeps a few MB at most.
const results = new Map<string, Map<string, string>>();
const MAX_RESULTS_PER_ZONE = 5_000;

/**
 * A MaidCentral wall time without offset ("2026-03-08T09:00:00") read in a zone, as ISO with the
 * zone's offset at that wall time ("2026-03-08T09:00:00-04:00"). Fractional seconds are dropped.
 *
 * Ambiguity follows Temporal's "compatible" disambiguation, what calendars and people expect:
 * a wall time repeated when clocks fall back takes the earlier (daylight) offset; a wall time
 * skipped when clocks spring forward moves forward by the gap (02:30 → 03:30 on a US spring day).
 */
export function zonedWallTimeToIso(wall: string, timeZone: string): string {
  // Pure in (wall, zone): a day's jobs, and companies sharing a zone, repeat the same times.
  let zoneResults = results.get(timeZone);
  const cached = zoneResults?.get(wall);
  if (cached !== undefined) return cached;
  const iso = convert(wall, timeZone);
  if (zoneResults === undefined) {
    zoneResults = new Map();
    results.set(timeZone, zoneResults);
  }
  if (zoneResults.size >= MAX_RESULTS_PER_ZONE) zoneResults.clear();
  zoneResults.set(wall, iso);
  return iso;
}

function convert(wall: string, timeZone: string): string {
  const match = WALL_PATTERN.exec(wall);
  if (match === null || !isValidDate(wall.slice(0, 10))) {
    throw new RangeError(`not a wall time (YYYY-MM-DDTHH:mm[:ss]): ${JSON.stringify(wall)}`);
  }
  const zone = resolveTimeZone(timeZone);
  const target: WallClock = {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: Number(match[6] ?? 0),
  };
  const asUtc = wallClockAsUtcMs(target);
  if (target.hour > 23 || target.minute > 59 || target.second > 59) {
    throw new RangeError(`not a wall time: ${JSON.stringify(wall)}`);
  }
  // Offsets a day either side bracket any single transition near this wall time.
  const before = offsetMinutesAt(new Date(asUtc - DAY_MS), zone);
  const after = offsetMinutesAt(new Date(asUtc + DAY_MS), zone);
  // The earlier matching instant is the one with the larger offset.
  const offsets = before === after ? [before] : before > after ? [before, after] : [after, before];
  for (const offset of offsets) {
    // A match reads back exactly the target wall time at exactly this offset.
    if (sameWall(wallClockAt(new Date(asUtc - offset * 60_000), zone), target)) {
      return formatZonedIso(target, offset);
    }
  }
  // In a gap no candidate matches: using the pre-transition offset lands after the gap.
  return instantToZonedIso(new Date(asUtc - before * 60_000), zone);
}
