import { describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../src/simulator/index";

type Json = Record<string, unknown>;
const WEEK = [
  "2026-03-08",
  "2026-03-09",
  "2026-03-10",
  "2026-03-11",
  "2026-03-12",
  "2026-03-13",
  "2026-03-14",
];

function usersOf(
  sim: Simulator,
): Array<Json & { companyId: number; groupId: number; Roles: string[] }> {
  const result = sim.usersResult() as { ServiceCompanyGroups: Json[] };
  return result.ServiceCompanyGroups.flatMap((group) =>
    (group.ServiceCompanies as Json[]).flatMap((company) =>
      (company.Users as Json[]).map((user) => ({
        ...user,
        Roles: user.Roles as string[],
        companyId: company.ServiceCompanyId as number,
        groupId: group.ServiceCompanyGroupId as number,
      })),
    ),
  );
}

describe("simulator data", () => {
  const sim = createSimulator({ seed: 42, companies: 9 });

  it("gives the same day for the same seed, date and version, and a different one for another seed", () => {
    const again = createSimulator({ seed: 42, companies: 9 });
    const other = createSimulator({ seed: 43, companies: 9 });
    const args = { date: "2026-03-09", serviceCompanyId: 1004 };
    expect(JSON.stringify(again.scheduleResult(args))).toBe(
      JSON.stringify(sim.scheduleResult(args)),
    );
    expect(JSON.stringify(other.scheduleResult(args))).not.toBe(
      JSON.stringify(sim.scheduleResult(args)),
    );
    expect(usersOf(again).map((u) => u.UserId)).toEqual(usersOf(sim).map((u) => u.UserId));
  });

  it("has a role mix: one Group Administrator per group, an Administrator and an Office user per company", () => {
    const users = usersOf(sim);
    const groups = new Set(users.map((u) => u.groupId));
    for (const group of groups) {
      expect(
        users.filter((u) => u.groupId === group && u.Roles.includes("Group Administrator")),
      ).toHaveLength(1);
    }
    for (const company of sim.companies()) {
      const staff = users.filter((u) => u.companyId === company.serviceCompanyId);
      expect(staff.some((u) => u.Roles.includes("Administrator"))).toBe(true);
      expect(staff.some((u) => u.Roles.includes("Office"))).toBe(true);
      expect(staff.filter((u) => u.Roles.join() === "Employee").length).toBeGreaterThan(2);
    }
    const listings = new Map<string, number>();
    for (const u of users)
      listings.set(u.UserId as string, (listings.get(u.UserId as string) ?? 0) + 1);
    expect([...listings.values()].some((n) => n === 2)).toBe(true);
    expect(
      users.every((u) =>
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(
          u.UserId as string,
        ),
      ),
    ).toBe(true);
  });

  it("assigns technicians to their company's jobs by EmployeeInformationId", () => {
    const users = usersOf(sim);
    for (const company of sim.companies()) {
      const onJobs = new Set(
        WEEK.flatMap((date) => sim.companyDay(company.serviceCompanyId, date)).flatMap((job) =>
          (job.EmployeeSchedules as Json[]).map((e) => e.EmployeeInformationId as number),
        ),
      );
      const technicians = users.filter(
        (u) => u.companyId === company.serviceCompanyId && u.Roles.join() === "Employee",
      );
      const withJobs = technicians.filter((u) => onJobs.has(u.EmployeeInformationId as number));
      expect(withJobs.length).toBeGreaterThan(technicians.length / 2);
    }
  });

  it("mixes zones, toggles, hostile HTML, unassigned and two-team jobs, add-ons and discounts", () => {
    const companies = createSimulator({ seed: 7, companies: 30 }).companies();
    expect(companies.some((c) => c.timeZoneInfoId.includes("/"))).toBe(true);
    expect(companies.some((c) => c.timeZoneInfoId.endsWith("Standard Time"))).toBe(true);
    expect(new Set(companies.map((c) => c.country)).size).toBeGreaterThan(2);
    expect(
      companies.some(
        (c) => c.featureToggles === undefined || Object.keys(c.featureToggles).length < 7,
      ),
    ).toBe(true);
    const jobs = sim.companies().flatMap((c) => sim.companyDay(c.serviceCompanyId, "2026-03-10"));
    const html = JSON.stringify(jobs);
    expect(html).toContain("<script>");
    expect(html).toContain("onerror=");
    expect(html).toContain("javascript:");
    expect(jobs.some((j) => (j.ScheduledTeams as unknown[]).length === 0)).toBe(true);
    expect(jobs.some((j) => (j.ScheduledTeams as unknown[]).length === 2)).toBe(true);
    const mods = jobs.flatMap((j) => [
      ...(j.JobRateMods as Json[]),
      ...(j.ServiceSetRateMods as Json[]),
    ]);
    expect(
      mods.some((m) => (m.Amount as number) > 0) && mods.some((m) => (m.Amount as number) < 0),
    ).toBe(true);
    expect(jobs.length).toBeGreaterThan(9 * 5);
  });

  it("renders the three layouts with their own field names", () => {
    const nested = sim.scheduleResult({ date: "2026-03-09", layout: "nested" }) as Json[];
    expect(nested[0]).toMatchObject({
      ServiceCompanyId: expect.any(Number),
      CustomerInformation: expect.any(Object),
    });
    const grouped = JSON.stringify(sim.scheduleResult({ date: "2026-03-09", layout: "grouped" }));
    expect(grouped).toContain('"HomeAcessInformation"');
    expect(grouped).toContain('"DateRange":{"StartDate":"2026-03-09","EndDate":"2026-03-09"}');
    const single = sim.scheduleResult({
      date: "2026-03-09",
      serviceCompanyId: 1001,
      layout: "single",
    }) as Json;
    expect(single).toMatchObject({ ServiceCompanyId: 1001, Jobs: expect.any(Array) });
  });
});

describe("simulator mutation", () => {
  it("changes exactly the company-days it reports, and nothing else", () => {
    const sim = createSimulator({ seed: 5, companies: 10, jobsPerDay: { min: 5, max: 20 } });
    const ids = sim.companies().map((c) => c.serviceCompanyId);
    const before = new Map(
      ids.flatMap((id) => WEEK.map((d) => [`${id}|${d}`, JSON.stringify(sim.companyDay(id, d))])),
    );
    const round = sim.mutate({ share: 0.3, seed: "hour-1" });
    const changed = new Set(round.changedAmong(WEEK).map((d) => `${d.serviceCompanyId}|${d.date}`));
    expect(changed.size).toBeGreaterThan(5);
    expect(changed.size).toBeLessThan(45);
    for (const id of ids) {
      for (const date of WEEK) {
        const key = `${id}|${date}`;
        expect(JSON.stringify(sim.companyDay(id, date)) !== before.get(key)).toBe(changed.has(key));
        expect(sim.revision(id, date)).toBe(changed.has(key) ? 1 : 0);
      }
    }
    expect(sim.version).toBe(1);
  });
});

describe("simulator faults and counters", () => {
  it("draws the same faults for the same fault seed and request order", () => {
    const statuses = () => {
      const sim = createSimulator({ companies: 1, jobsPerDay: { min: 5, max: 5 } });
      sim.setKnobs({
        faults: { server503: 0.2, rateLimited: 0.1, unsuccessful: 0.1 },
        faultSeed: "s1",
      });
      return Array.from({ length: 40 }, () => {
        const response = sim.handle({
          method: "GET",
          path: "/api/dr-schedule/users",
          query: new URLSearchParams(),
          authorization: `Bearer ${sim.credentials.apiKey}`,
          body: "",
        });
        return response.kind === "respond" ? `${response.status}:${response.fault ?? "-"}` : "hang";
      });
    };
    const first = statuses();
    expect(statuses()).toEqual(first);
    expect(first.filter((s) => s.startsWith("503")).length).toBeGreaterThan(2);
    expect(first.filter((s) => s === "200:-").length).toBeGreaterThan(15);
  });

  it("counts requests per endpoint and resets", () => {
    const sim = createSimulator({ companies: 1 });
    const request = { method: "GET", query: new URLSearchParams(), authorization: null, body: "" };
    sim.handle({ ...request, path: "/api/dr-schedule/users" });
    sim.handle({ ...request, path: "/nope" });
    expect(sim.counts()).toMatchObject({ users: 1, other: 1, byStatus: { "401": 1, "404": 1 } });
    sim.resetCounts();
    expect(sim.counts()).toMatchObject({ users: 0, other: 0, byStatus: {} });
  });
});
