import {
  buildScheduleDocument,
  normalizeFeatureToggles,
  type ParsedCompanyDay,
  parseScheduleResult,
  type ScheduleDocument,
} from "@backup-portal/core";
import { describe, expect, it } from "vitest";
import { loadFixture, loadResult } from "./load-fixture";

const COMPANY = {
  id: "0b8f6f5e-1c1a-4c57-9a53-7f4a3e6a1d71",
  serviceCompanyId: 71,
  name: "Raleigh",
  timeZone: "America/New_York",
};

function documentOf(day: ParsedCompanyDay): ScheduleDocument {
  return buildScheduleDocument({
    date: "2026-03-08",
    company: COMPANY,
    featureToggles: normalizeFeatureToggles(day.featureToggles),
    jobs: day.jobs,
    generatedAt: "2026-03-07T14:05:40Z",
  });
}

function firstCompany(result: unknown): ParsedCompanyDay {
  const company = parseScheduleResult(result, { serviceCompanyId: 71 }).companies[0];
  if (!company) throw new Error("no company in payload");
  return company;
}

describe("buildScheduleDocument", () => {
  it("turns the nested fixture into the contract's document", () => {
    const doc = documentOf(firstCompany(loadResult("schedule-nested.json")));
    expect(doc.date).toBe("2026-03-08");
    expect(doc.company).toEqual(COMPANY);
    expect(doc.generatedAt).toBe("2026-03-07T14:05:40Z");
    expect(doc.stats).toEqual({ jobCount: 2, employeeCount: 1, teamCount: 2 });
    expect(doc.teams).toEqual([
      { id: 0, name: "Unassigned", color: null, sortOrder: 0 },
      { id: 310, name: "Team Falcon", color: "#2E86C1", sortOrder: 1 },
    ]);
    const [first, second] = doc.jobs;
    expect(first).toEqual({
      id: 880101,
      date: "2026-03-08",
      start: "2026-03-08T08:30:00-04:00",
      end: "2026-03-08T11:00:00-04:00",
      allowedHours: 2.5,
      teamIds: [310],
      employees: [
        { id: 1244, firstName: "Marco", lastName: "Reyes", teamId: 310, position: "Team Leader" },
      ],
      customer: { firstName: "Priya", lastName: "Nair", name: "Priya Nair" },
      address: {
        line1: "48 Linden Ct",
        line2: "Apt 2",
        city: "Raleigh",
        region: "NC",
        postalCode: "27601",
      },
      contacts: {
        phones: [{ kind: "cell", number: "919-555-0142" }],
        emails: ["priya.nair@example.com"],
      },
      service: { description: "Deep Clean", type: "One-Time Service", frequency: null },
      instructions: {
        event: "<p>First visit, allow extra time.</p>",
        special: "<p>Stone counters: <strong>no vinegar</strong>.</p>",
        pets: "<p>Cat hides under the bed.</p>",
        directions: "",
        equipment: "",
        wasteDisposal: "<p>Bins by the garage.</p>",
      },
      accessInformation: "<p>Key in lockbox by the back door.</p>",
      internalMemo: "<p>Paid by card on file.</p>",
      tags: {
        job: [{ description: "Deep clean", color: "#8E44AD", iconPath: null }],
        home: [],
        customer: [{ description: "New customer", color: "#27AE60", iconPath: null }],
        serviceSet: [],
      },
      rooms: [{ name: "Kitchen", type: "Kitchen", fee: 20 }],
      pricing: {
        billRate: 165,
        feeSplitRate: 52.8,
        baseFee: null,
        addOns: [{ description: "Oven interior", amount: 30 }],
        discounts: [{ description: "First-visit discount", amount: -15 }],
      },
    });
    // A job without teams belongs to team 0 "Unassigned"; missing nested objects read as empty.
    expect(second?.teamIds).toEqual([0]);
    expect(second?.customer).toEqual({ firstName: "Sam", lastName: null, name: "Sam" });
    expect(second?.address.line1).toBeNull();
    expect(second?.accessInformation).toBe("");
    expect(doc.employees).toEqual([
      {
        id: 1244,
        firstName: "Marco",
        lastName: "Reyes",
        teamId: 310,
        position: "Team Leader",
        shifts: [
          { jobId: 880101, start: "2026-03-08T08:30:00-04:00", end: "2026-03-08T11:00:00-04:00" },
        ],
      },
    ]);
  });

  it("builds the grouped fixture: two teams, home phone, base fee, misspelled access", () => {
    const day = firstCompany(loadResult("schedule-grouped.json"));
    const doc = buildScheduleDocument({
      date: "2026-03-08",
      company: { ...COMPANY, serviceCompanyId: 72, timeZone: "Eastern Standard Time" },
      featureToggles: normalizeFeatureToggles(day.featureToggles),
      jobs: day.jobs,
    });
    expect(doc.company.timeZone).toBe("America/New_York");
    expect(doc.generatedAt).toBeNull();
    expect(doc.featureToggles).toEqual({
      displayBillRate: false,
      displayFeeSplitRate: true,
      displayAddOnRate: true,
      displayRoomRate: false,
      displayCustomerPhoneNumbers: true,
      displayCustomerEmails: false,
      hideDiscounts: true,
    });
    const job = doc.jobs[0];
    expect(job?.teamIds).toEqual([320, 321]);
    expect(job?.start).toBe("2026-03-08T09:00:00-04:00");
    expect(job?.accessInformation).toBe("<p>Garage code 4412.</p>");
    expect(job?.contacts).toEqual({
      phones: [{ kind: "home", number: "919-555-0177" }],
      emails: ["ruth.okafor@example.com"],
    });
    expect(job?.pricing.baseFee).toEqual({ amount: 189, frequency: "Every Two Weeks" });
    expect(job?.pricing.addOns).toEqual([{ description: "Inside windows", amount: 25 }]);
    expect(job?.customer.name).toBe("Ruth Okafor");
    expect(job?.employees.map((e) => [e.id, e.teamId, e.position])).toEqual([
      [1302, 320, "Team Leader"],
      [1310, 321, "Trainee"],
    ]);
    expect(doc.teams.map((t) => t.id)).toEqual([320, 321]);
    expect(doc.stats).toEqual({ jobCount: 1, employeeCount: 2, teamCount: 2 });
  });

  it("builds the single-company fixture", () => {
    const day = firstCompany(loadFixture("schedule-single-company.json"));
    const doc = documentOf(day);
    expect(doc.featureToggles.displayCustomerPhoneNumbers).toBe(true);
    expect(doc.featureToggles.displayBillRate).toBe(false);
    expect(doc.featureToggles.hideDiscounts).toBe(true);
    expect(doc.jobs[0]?.start).toBe("2026-03-08T10:00:00-04:00");
    expect(doc.jobs[0]?.accessInformation).toBe("<p>Doorman has a key.</p>");
  });

  it("sanitizes HTML, sorts by start across the DST change and keeps team order", () => {
    const doc = documentOf(firstCompany(loadResult("schedule-nested-edge-cases.json")));
    const [night, morning] = doc.jobs;
    // 01:30 EST comes before 09:00 EDT although the payload lists it second.
    expect(doc.jobs.map((j) => j.id)).toEqual([770303, 770301]);
    expect(night?.start).toBe("2026-03-08T01:30:00-05:00");
    expect(night?.end).toBe("2026-03-08T03:30:00-04:00");
    expect(night?.instructions.event).toBe("<p>Night job bring a torch.</p>");
    expect(night?.instructions.special).toBe(
      '<a>click</a> <a>again</a> <a href="https://example.com/gate?x=1&amp;y=2" rel="noopener noreferrer">gate map</a> <a href="mailto:office@example.com" rel="noopener noreferrer">mail</a>',
    );
    expect(night?.instructions.pets).toBe("<ul><li>Dog: <b>Rex</b></li></ul>");
    const everything = JSON.stringify(doc);
    for (const banned of [
      "<script",
      "onerror",
      "onclick",
      "onmouseover",
      "javascript:",
      "JAVA",
      "style=",
      "<iframe",
      "alert",
    ]) {
      expect(everything).not.toContain(banned);
    }
    // Only known contact kinds survive; the blank cell and the unknown "work phone" are dropped.
    expect(night?.contacts).toEqual({
      phones: [{ kind: "home", number: "919-555-0300" }],
      emails: [],
    });
    expect(night?.pricing).toMatchObject({ billRate: 140.5, addOns: [], discounts: [] });
    expect(night?.teamIds).toEqual([0]);
    expect(night?.employees).toEqual([
      { id: 1244, firstName: "Marco", lastName: "Reyes", teamId: 0, position: "Team Member" },
    ]);
    expect(morning?.teamIds).toEqual([310, 311]);
    expect(morning?.employees.map((e) => e.id)).toEqual([1244, 1250]);
    expect(doc.teams.map((t) => t.id)).toEqual([0, 310, 311]);
    expect(doc.employees.map((e) => [e.id, e.teamId, e.shifts.map((s) => s.jobId)])).toEqual([
      [1244, 0, [770303, 770301]],
      [1250, 311, [770301]],
    ]);
  });

  it("rejects a date that is not YYYY-MM-DD and an unknown zone", () => {
    const base = { company: COMPANY, featureToggles: normalizeFeatureToggles(null), jobs: [] };
    expect(() => buildScheduleDocument({ ...base, date: "2026-3-8" })).toThrow(RangeError);
    expect(() =>
      buildScheduleDocument({
        ...base,
        date: "2026-03-08",
        company: { ...COMPANY, timeZone: "Nowhere" },
      }),
    ).toThrow(/unknown time zone/);
  });
});
