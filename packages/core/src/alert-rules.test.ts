import { describe, expect, it } from "vitest";
import {
  type AlertFacts,
  evaluateAlertRules,
  formatDuration,
  planAlertActions,
} from "./alert-rules";

const at = (iso: string) => new Date(iso);
const base = (now: string): AlertFacts => ({
  now: at(now),
  companies: [],
  latestRun: null,
  lastRunStartedAt: at(now),
});

describe("evaluateAlertRules", () => {
  it("flags a window day only once it has gone 90 minutes without a successful check", () => {
    const facts = (now: string): AlertFacts => ({
      ...base(now),
      companies: [
        {
          companyId: "c1",
          serviceCompanyId: 59,
          name: "Sparkle",
          days: [
            {
              date: "2026-03-08",
              lastSuccessAt: at("2026-03-08T10:00:00Z"),
              expectedSince: at("2026-03-02T05:00:00Z"),
            },
            {
              date: "2026-03-09",
              lastSuccessAt: at("2026-03-08T11:00:00Z"),
              expectedSince: at("2026-03-03T05:00:00Z"),
            },
          ],
        },
      ],
    });
    expect(evaluateAlertRules(facts("2026-03-08T11:29:59Z"))).toEqual([]);
    const [alert] = evaluateAlertRules(facts("2026-03-08T11:30:00Z"));
    expect(alert).toMatchObject({ key: "stale_day:c1", kind: "stale_day" });
    expect(alert?.context).toMatchObject({ dates: ["2026-03-08"] });
    expect(alert?.message).toContain("Sparkle (59)");
  });

  it("measures a never-checked day from when it was expected", () => {
    const facts: AlertFacts = {
      ...base("2026-03-08T06:00:00Z"),
      companies: [
        {
          companyId: "c1",
          serviceCompanyId: 1,
          name: "New",
          days: [
            { date: "2026-03-14", lastSuccessAt: null, expectedSince: at("2026-03-08T05:00:00Z") },
          ],
        },
      ],
    };
    expect(evaluateAlertRules(facts)).toEqual([]);
    expect(evaluateAlertRules({ ...facts, now: at("2026-03-08T06:30:00Z") })).toHaveLength(1);
  });

  it("flags a run with more than 20% of its schedule jobs failed, not exactly 20%", () => {
    const run = { runId: "r1", startedAt: at("2026-03-08T10:00:00Z"), scheduleJobs: 10 };
    const now = "2026-03-08T10:30:00Z";
    expect(evaluateAlertRules({ ...base(now), latestRun: { ...run, scheduleFailed: 2 } })).toEqual(
      [],
    );
    const [alert] = evaluateAlertRules({ ...base(now), latestRun: { ...run, scheduleFailed: 3 } });
    expect(alert).toMatchObject({
      key: "run_failures",
      context: { runId: "r1", failed: 3, total: 10 },
    });
    expect(alert?.message).toContain("3 of 10 schedule jobs (30%)");
  });

  it("flags two hours without any run, and no run ever", () => {
    const last = at("2026-03-08T08:00:00Z");
    expect(evaluateAlertRules({ ...base("2026-03-08T09:59:00Z"), lastRunStartedAt: last })).toEqual(
      [],
    );
    const [late] = evaluateAlertRules({ ...base("2026-03-08T10:00:00Z"), lastRunStartedAt: last });
    expect(late).toMatchObject({
      key: "no_run",
      message: expect.stringContaining("No sync run for 2 h"),
    });
    const [never] = evaluateAlertRules({ ...base("2026-03-08T10:00:00Z"), lastRunStartedAt: null });
    expect(never?.message).toContain("ever");
  });
});

describe("planAlertActions", () => {
  const alert = { key: "no_run", kind: "no_run" as const, message: "m", context: {} };
  const now = at("2026-03-08T12:00:00Z");
  it("opens new conditions, repeats open ones only after the interval, resolves vanished ones", () => {
    expect(planAlertActions([], [alert], now, 4 * 3_600_000)).toEqual([{ type: "open", alert }]);
    const open = [{ key: "no_run", lastNotifiedAt: at("2026-03-08T09:00:00Z") }];
    expect(planAlertActions(open, [alert], now, 4 * 3_600_000)).toEqual([]);
    expect(planAlertActions(open, [alert], at("2026-03-08T13:00:00Z"), 4 * 3_600_000)).toEqual([
      { type: "renotify", alert },
    ]);
    expect(planAlertActions(open, [], now, 4 * 3_600_000)).toEqual([
      { type: "resolve", key: "no_run" },
    ]);
  });
  it("owes a delivery that failed", () => {
    expect(
      planAlertActions([{ key: "no_run", lastNotifiedAt: null }], [alert], now, 3_600_000),
    ).toEqual([{ type: "renotify", alert }]);
  });
});

describe("formatDuration", () => {
  it("reads like a person wrote it", () => {
    expect(formatDuration(90 * 60_000)).toBe("1 h 30 min");
    expect(formatDuration(45 * 60_000)).toBe("45 min");
    expect(formatDuration(2 * 3_600_000)).toBe("2 h");
  });
});
