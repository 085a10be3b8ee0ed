import { BackupPortalError } from "./errors";

/** A zone that is neither an IANA name nor a Windows zone id known to the mapping. */
export class TimeZoneError extends BackupPortalError {
  constructor(zone: string) {
    super(
      "unknown_time_zone",
      `unknown time zone ${JSON.stringify(zone)}: expected an IANA name ("America/New_York") or a Windows zone id ("Eastern Standard Time")`,
      { retryable: false, context: { zone } },
    );
  }
}
