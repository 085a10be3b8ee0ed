import {
  buildScheduleDocument,
  normalizeFeatureToggles,
  parseScheduleResult,
  type ScheduleDocument,
  type SyncInfo,
  viewFor,
} from "@backup-portal/core";
import { describe, expect, it } from "vitest";
import { loadResult } from "./load-fixture";

const SYNC: SyncInfo = {
  status: "ready",
  syncedAt: "2026-03-08T10:00:00Z",
  checkedAt: "2026-03-08T11:00:00Z",
  stale: false,
};

function groupedDoc(): ScheduleDocument {
  const day = parseScheduleResult(loadResult("schedule-grouped.json")).companies[0];
  if (!day) throw new Error("no company");
  return buildScheduleDocument({
    date: "2026-03-08",
    company: {
      id: "7c1d0e2a-5b6f-4a8e-9c3d-2e1f0a9b8c72",
      serviceCompanyId: 72,
      name: "Durham",
      timeZone: "America/New_York",
    },
    featureToggles: normalizeFeatureToggles(day.featureToggles),
    jobs: day.jobs,
  });
}

describe("viewFor", () => {
  it("applies the grouped company's toggles to a technician of a two-team job", () => {
    const view = viewFor(groupedDoc(), { role: "technician", employeeId: 1310 }, SYNC);
    expect(view.viewer).toEqual({ role: "technician", employeeId: 1310 });
    expect(view.sync).toEqual(SYNC);
    expect(view.jobs).toHaveLength(1);
    const job = view.jobs[0];
    // Toggles: bill rate off, fee split on, add-ons on, room rate off, phones on, emails off, discounts hidden.
    expect(job?.pricing).toEqual({
      feeSplitRate: 60.48,
      addOns: [{ description: "Inside windows", amount: 25 }],
    });
    expect(job?.contacts).toEqual({ phones: [{ kind: "home", number: "919-555-0177" }] });
    expect(job?.rooms).toEqual([{ name: "Primary bath", type: "Bathroom" }]);
    expect(job && "accessInformation" in job).toBe(false);
    expect(job && "internalMemo" in job).toBe(false);
    expect(JSON.stringify(view)).not.toContain("Garage code");
    // Co-workers on the same job are visible; teams and counts describe this job only.
    expect(view.employees.map((e) => e.id)).toEqual([1302, 1310]);
    expect(view.teams.map((t) => t.id)).toEqual([320, 321]);
    expect(view.stats).toEqual({ jobCount: 1, employeeCount: 2, teamCount: 2 });
  });

  it("shows a technician without an employee id, or not on any job, nothing", () => {
    for (const employeeId of [null, 9999]) {
      const view = viewFor(groupedDoc(), { role: "technician", employeeId }, SYNC);
      expect(view.jobs).toEqual([]);
      expect(view.employees).toEqual([]);
      expect(view.teams).toEqual([]);
      expect(view.stats).toEqual({ jobCount: 0, employeeCount: 0, teamCount: 0 });
    }
  });

  it("gives an admin everything, including access information and internal memo", () => {
    const view = viewFor(groupedDoc(), { role: "admin", employeeId: 1302 }, SYNC);
    expect(view.jobs[0]?.accessInformation).toBe("<p>Garage code 4412.</p>");
    expect(view.jobs[0]?.internalMemo).toBe("<p>Prefers Lee's team.</p>");
    expect(view.jobs[0]?.pricing.billRate).toBe(189);
    expect(Object.keys(view).sort()).toEqual([
      "company",
      "date",
      "employees",
      "jobs",
      "stats",
      "sync",
      "teams",
      "viewer",
    ]);
  });

  it("treats an unrecognized role as a technician (fail closed)", () => {
    const role = "owner" as unknown as "technician";
    const view = viewFor(groupedDoc(), { role, employeeId: 1302 }, SYNC);
    expect(view.jobs[0] && "internalMemo" in view.jobs[0]).toBe(false);
  });
});
