import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planSyncRun, spreadOffsetMs } from "./sync-plan";
import { syncWindow } from "./sync-window";

const now = new Date("2026-03-08T10:30:00Z");
const companies = [
  { id: "11111111-1111-4111-8111-111111111111", serviceCompanyId: 1, timeZone: "Pacific/Auckland" },
  {
    id: "22222222-2222-4222-8222-222222222222",
    serviceCompanyId: 2,
    timeZone: "America/Los_Angeles",
  },
  { id: "33333333-3333-4333-8333-333333333333", serviceCompanyId: 3, timeZone: null },
];

describe("planSyncRun", () => {
  it("plans one users sync and seven local days per company", () => {
    const jobs = planSyncRun(companies, {
      now,
      spreadSeconds: 0,
      defaultTimeZone: "America/New_York",
    });
    expect(jobs).toHaveLength(1 + 3 * 7);
    expect(jobs.filter((j) => j.type === "sync_users")).toHaveLength(1);
    const firstDate = (serviceCompanyId: number) =>
      jobs.find((j) => j.params.serviceCompanyId === serviceCompanyId)?.date;
    // 10:30 UTC on 8 March is 23:30 on the 8th in Auckland and 02:30 on the 8th in Los Angeles.
    expect(firstDate(1)).toBe("2026-03-08");
    expect(firstDate(2)).toBe("2026-03-08");
    const at = new Date("2026-03-08T11:30:00Z"); // 00:30 on the 9th in Auckland
    const later = planSyncRun(companies, {
      now: at,
      spreadSeconds: 0,
      defaultTimeZone: "America/New_York",
    });
    expect(later.find((j) => j.params.serviceCompanyId === 1)?.date).toBe("2026-03-09");
    expect(later.find((j) => j.params.serviceCompanyId === 2)?.date).toBe("2026-03-08");
  });

  it("gives each company its own zone's window when many companies share a few zones", () => {
    const zones = [
      "Pacific/Auckland",
      "America/Los_Angeles",
      "Asia/Kolkata",
      "Eastern Standard Time",
      null,
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...zones), { minLength: 1, maxLength: 30 }),
        fc.date({
          min: new Date("2020-01-01T00:00:00Z"),
          max: new Date("2035-12-31T00:00:00Z"),
          noInvalidDate: true,
        }),
        (companyZones, at) => {
          const planned = companyZones.map((timeZone, i) => ({
            id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
            serviceCompanyId: i,
            timeZone,
          }));
          const jobs = planSyncRun(planned, { now: at, spreadSeconds: 0, defaultTimeZone: "UTC" });
          for (const company of planned) {
            expect(jobs.filter((j) => j.companyId === company.id).map((j) => j.date)).toEqual(
              syncWindow(at, company.timeZone ?? "UTC"),
            );
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it("gives every job of a run a distinct dedup key, and the same keys on a repeated run", () => {
    const a = planSyncRun(companies, { now, spreadSeconds: 600, defaultTimeZone: "UTC" });
    const b = planSyncRun(companies, { now, spreadSeconds: 600, defaultTimeZone: "UTC" });
    expect(new Set(a.map((j) => j.dedupKey)).size).toBe(a.length);
    expect(b.map((j) => j.dedupKey)).toEqual(a.map((j) => j.dedupKey));
  });

  it("spreads companies within the window, stably", () => {
    for (const c of companies) {
      const offset = spreadOffsetMs(c.id, 600);
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(600_000);
      expect(spreadOffsetMs(c.id, 600)).toBe(offset);
      expect(spreadOffsetMs(c.id, 0)).toBe(0);
    }
    const offsets = new Set(companies.map((c) => spreadOffsetMs(c.id, 600)));
    expect(offsets.size).toBe(companies.length);
  });
});
