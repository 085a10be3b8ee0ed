import { findIana, IANA_ALIAS_MAP } from "windows-iana";
import { TimeZoneError } from "./time-zone-error";

const resolved = new Map<string, string>();
const formatters = new Map<string, Intl.DateTimeFormat>();

function ianaSpelling(zone: string): string | undefined {
  try {
    // Throws RangeError for names the runtime's tz database does not know.
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    return undefined;
  }
  // Intl accepts any letter case; hand back the canonical spelling when we can find it.
  const lower = zone.toLowerCase();
  const supported = Intl.supportedValuesOf("timeZone").find((name) => name.toLowerCase() === lower);
  if (supported !== undefined) return supported;
  for (const entry of IANA_ALIAS_MAP) {
    const alias = entry.alias.find((name) => name.toLowerCase() === lower);
    if (alias !== undefined) return alias;
  }
  return zone;
}

/** An IANA name or a MaidCentral Windows zone id ("Eastern Standard Time") → an IANA name. */
export function resolveTimeZone(zone: string): string {
  const cached = resolved.get(zone);
  if (cached !== undefined) return cached;
  const trimmed = zone.trim();
  let result: string | undefined;
  // Offsets like "+05:00" are not zones: they carry no daylight-saving rules.
  if (trimmed !== "" && !/^[+-]/.test(trimmed)) {
    result = ianaSpelling(trimmed);
    if (result === undefined) {
      // The first IANA name of a Windows id is its primary (territory "001") zone.
      const [primary] = findIana(trimmed);
      if (primary !== undefined) result = ianaSpelling(primary);
    }
  }
  if (result === undefined) throw new TimeZoneError(zone);
  resolved.set(zone, result);
  return result;
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function assertValidInstant(instant: Date): void {
  if (Number.isNaN(instant.getTime())) throw new RangeError("invalid Date instant");
}

// What the en-US h23 formatter prints for years 1–9999 ("03/08/2026, 09:00:00"); anything else
// (eras, other digits) goes through formatToParts.
const FORMATTED = /^(\d{2})\/(\d{2})\/(\d{1,4}), (\d{2}):(\d{2}):(\d{2})$/;

function wallClockFromParts(formatter: Intl.DateTimeFormat, instant: Date): WallClock {
  const fields: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year ?? Number.NaN,
    month: fields.month ?? Number.NaN,
    day: fields.day ?? Number.NaN,
    hour: fields.hour ?? Number.NaN,
    minute: fields.minute ?? Number.NaN,
    second: fields.second ?? Number.NaN,
  };
}

/** The wall clock reading in an (already resolved) IANA zone at an instant. */
export function wallClockAt(instant: Date, ianaZone: string): WallClock {
  assertValidInstant(instant);
  const formatter = formatterFor(ianaZone);
  // format() is about twice as fast as formatToParts(), which allocates an object per field.
  const match = FORMATTED.exec(formatter.format(instant));
  if (match === null) return wallClockFromParts(formatter, instant);
  return {
    year: Number(match[3]),
    month: Number(match[1]),
    day: Number(match[2]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: Number(match[6]),
  };
}

export function wallClockAsUtcMs(wall: WallClock): number {
  const date = new Date(0);
  // setUTCFullYear keeps years 0–99 literal, which Date.UTC would shift into the 1900s.
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour, wall.minute, wall.second, 0);
  return date.getTime();
}

/** The offset a wall clock reading at an instant (ms) implies; the formatter shows whole seconds. */
function offsetOfWall(wall: WallClock, ms: number): number {
  const wholeSeconds = Math.floor(ms / 1000) * 1000;
  return Math.round((wallClockAsUtcMs(wall) - wholeSeconds) / 60_000);
}

// Offsets by zone and exact instant: the bracketing reads a day either side of every wall time
// repeat across a week of days, and many companies share a zone.
const offsets = new Map<string, Map<number, number>>();
const MAX_OFFSETS_PER_ZONE = 10_000;

/** The zone's UTC offset in minutes at an instant (east positive, e.g. -300 for EST). */
export function offsetMinutesAt(instant: Date, ianaZone: string): number {
  const ms = instant.getTime();
  let zoneOffsets = offsets.get(ianaZone);
  const cached = zoneOffsets?.get(ms);
  if (cached !== undefined) return cached;
  const offset = offsetOfWall(wallClockAt(instant, ianaZone), ms);
  if (zoneOffsets === undefined) {
    zoneOffsets = new Map();
    offsets.set(ianaZone, zoneOffsets);
  }
  if (zoneOffsets.size >= MAX_OFFSETS_PER_ZONE) zoneOffsets.clear();
  zoneOffsets.set(ms, offset);
  return offset;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export function formatWallDate(wall: Pick<WallClock, "year" | "month" | "day">): string {
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** An instant as local ISO time with the zone's offset: "2026-03-08T09:00:00-04:00". */
export function instantToZonedIso(instant: Date, timeZone: string): string {
  const zone = resolveTimeZone(timeZone);
  const wall = wallClockAt(instant, zone);
  return formatZonedIso(wall, offsetOfWall(wall, instant.getTime()));
}

/** A wall clock reading and its offset as "2026-03-08T09:00:00-04:00". */
export function formatZonedIso(wall: WallClock, offsetMinutes: number): string {
  const time = `${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
  return `${formatWallDate(wall)}T${time}${formatOffset(offsetMinutes)}`;
}
