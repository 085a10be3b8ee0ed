import {
  BackupPortalError,
  envelopeSchema,
  PayloadError,
  parseScheduleResult,
  parseUsersResult,
} from "@backup-portal/core";
import { describe, expect, it } from "vitest";
import { loadFixture, loadResult } from "./load-fixture";

function thrownBy(fn: () => unknown): PayloadError {
  try {
    fn();
  } catch (error) {
    if (error instanceof PayloadError) return error;
    throw error;
  }
  throw new Error("expected a PayloadError");
}

describe("envelopeSchema", () => {
  it("reads the envelope and leaves Result to the layout parsers", () => {
    const envelope = envelopeSchema.parse(loadFixture("schedule-nested.json"));
    expect(envelope.IsSuccess).toBe(true);
    expect(Array.isArray(envelope.Result)).toBe(true);
    expect(envelopeSchema.safeParse({ Message: "x" }).success).toBe(false);
  });
});

describe("parseUsersResult", () => {
  it("parses groups, companies and users with their roles", () => {
    const users = parseUsersResult(loadResult("users.json"));
    expect(users.ServiceCompanyGroups).toHaveLength(1);
    const companies = users.ServiceCompanyGroups[0]?.ServiceCompanies ?? [];
    expect(companies.map((c) => c.ServiceCompanyId)).toEqual([71, 72]);
    const dana = companies[0]?.Users[0];
    expect(dana?.UserId).toBe("5b0f3c1e-2d7a-4e43-9f0a-1c2d3e4f5a61");
    expect(dana?.EmployeeInformationId).toBe(1201);
    expect(dana?.Roles).toContain("Group Administrator");
  });

  it("is lenient toward nulls, empty strings, missing lists and unknown fields", () => {
    const users = parseUsersResult({
      ServiceCompanyGroups: [
        {
          ServiceCompanyGroupId: 9,
          Name: "",
          NewField: true,
          ServiceCompanies: [
            {
              ServiceCompanyId: 90,
              Name: null,
              Users: [{ UserId: "u-1", Email: "", Roles: null }],
            },
            { ServiceCompanyId: 91 },
          ],
        },
      ],
    });
    const company = users.ServiceCompanyGroups[0]?.ServiceCompanies[0];
    expect(company?.Name).toBeNull();
    expect(company?.Users[0]?.Email).toBeNull();
    expect(company?.Users[0]?.Roles).toEqual([]);
    expect(users.ServiceCompanyGroups[0]?.ServiceCompanies[1]?.Users).toEqual([]);
  });

  it("names the place a broken users payload differs", () => {
    const error = thrownBy(() =>
      parseUsersResult({
        ServiceCompanyGroups: [
          { ServiceCompanyGroupId: 1, ServiceCompanies: [{ ServiceCompanyId: "x" }] },
        ],
      }),
    );
    expect(error).toBeInstanceOf(BackupPortalError);
    expect(error.code).toBe("invalid_payload");
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      'users payload is invalid at ServiceCompanyGroups[0].ServiceCompanies[0].ServiceCompanyId: expected an integer id, got "x"',
    );
    expect(thrownBy(() => parseUsersResult(null)).message).toContain(
      "(root): expected an object, got null",
    );
  });
});

describe("parseScheduleResult", () => {
  it("detects the nested layout and reads its sub-objects", () => {
    const day = parseScheduleResult(loadResult("schedule-nested.json"), { serviceCompanyId: 71 });
    expect(day.layout).toBe("nested");
    expect(day.companies).toHaveLength(1);
    const company = day.companies[0];
    expect(company).toMatchObject({
      serviceCompanyId: 71,
      name: null,
      timeZoneId: null,
      featureToggles: null,
    });
    const [first, second] = company?.jobs ?? [];
    expect(first?.customer).toEqual({ firstName: "Priya", lastName: "Nair", fullName: null });
    expect(first?.address.line2).toBe("Apt 2");
    expect(first?.notes.access).toBe("<p>Key in lockbox by the back door.</p>");
    expect(first?.service).toEqual({
      description: "Deep Clean",
      type: "One-Time Service",
      frequency: null,
    });
    // Missing nested objects read as nulls, not errors.
    expect(second?.address).toEqual({
      line1: null,
      line2: null,
      city: null,
      region: null,
      postalCode: null,
    });
    expect(second?.notes.access).toBeNull();
    expect(second?.rooms).toEqual([]);
  });

  it("uses nulls for company data the nested layout lacks when there is no hint", () => {
    const day = parseScheduleResult([]);
    expect(day).toEqual({
      layout: "nested",
      companies: [
        { serviceCompanyId: null, name: null, timeZoneId: null, featureToggles: null, jobs: [] },
      ],
    });
  });

  it("splits nested jobs of different companies instead of filing them under the hint", () => {
    const jobs = [
      { JobInformationId: 1, ServiceCompanyId: 71 },
      { JobInformationId: 2, ServiceCompanyId: 72 },
      { JobInformationId: 3 },
    ];
    const day = parseScheduleResult(jobs, { serviceCompanyId: 71 });
    expect(day.companies.map((c) => [c.serviceCompanyId, c.jobs.map((j) => j.id)])).toEqual([
      [71, [1, 3]],
      [72, [2]],
    ]);
  });

  it("detects the grouped layout, one entry per company with its own zone and toggles", () => {
    const day = parseScheduleResult(loadResult("schedule-grouped.json"));
    expect(day.layout).toBe("grouped");
    expect(day.companies).toHaveLength(1);
    const company = day.companies[0];
    expect(company?.serviceCompanyId).toBe(72);
    expect(company?.timeZoneId).toBe("Eastern Standard Time");
    expect(company?.featureToggles?.TechDashboard_DisplayBillRate).toBe(false);
    const job = company?.jobs[0];
    // The misspelled HomeAcessInformation is the access information.
    expect(job?.notes.access).toBe("<p>Garage code 4412.</p>");
    expect(job?.address.line2).toBeNull();
    expect(job?.notes.event).toBeNull();
    expect(job?.teams.map((t) => t.id)).toEqual([320, 321]);
    expect(job?.pricing.rateMods).toEqual([{ description: "Inside windows", amount: 25 }]);
    expect(job?.service.frequency).toBe("Every Two Weeks");
  });

  it("never merges companies of a grouped payload", () => {
    const company = (id: number, zone: string, jobId: number) => ({
      ServiceCompanyId: id,
      Name: `C${id}`,
      TimeZoneInfoId: zone,
      FeatureToggles: { TechDashboard_DisplayBillRate: id === 1, Junk: "yes" },
      Jobs: [{ JobInformationId: jobId }],
    });
    const day = parseScheduleResult({
      ServiceCompanyGroups: [
        {
          ServiceCompanies: [
            company(1, "Eastern Standard Time", 10),
            company(2, "AUS Eastern Standard Time", 20),
          ],
        },
        { ServiceCompanies: [company(3, "India Standard Time", 30)] },
      ],
    });
    expect(
      day.companies.map((c) => [c.serviceCompanyId, c.timeZoneId, c.jobs.map((j) => j.id)]),
    ).toEqual([
      [1, "Eastern Standard Time", [10]],
      [2, "AUS Eastern Standard Time", [20]],
      [3, "India Standard Time", [30]],
    ]);
    // Non-boolean toggles are dropped, so they count as missing (hidden).
    expect(day.companies[0]?.featureToggles).toEqual({ TechDashboard_DisplayBillRate: true });
  });

  it("detects the single-company layout", () => {
    const day = parseScheduleResult(loadFixture("schedule-single-company.json"));
    expect(day.layout).toBe("single");
    expect(day.companies).toHaveLength(1);
    expect(day.companies[0]?.serviceCompanyId).toBe(71);
    expect(day.companies[0]?.featureToggles).toEqual({
      TechDashboard_DisplayCustomerPhoneNumbers: true,
    });
    expect(day.companies[0]?.jobs[0]?.notes.access).toBe("<p>Doorman has a key.</p>");
  });

  it("accepts the edge cases: null lists, unknown fields, numbers as text, misspelled access", () => {
    const day = parseScheduleResult(loadResult("schedule-nested-edge-cases.json"));
    const [night, twoTeams] = day.companies[0]?.jobs ?? [];
    expect(night?.teams).toEqual([]);
    expect(night?.pricing.billRate).toBe(140.5);
    expect(night?.notes.access).toBe("<p>Code 9931 on the side door.</p>");
    expect(night?.customer).toEqual({ firstName: null, lastName: null, fullName: null });
    expect(twoTeams?.address.postalCode).toBe("27511");
    expect(twoTeams?.teams.map((t) => t.id)).toEqual([311, 310]);
  });

  it("rejects an unknown layout, saying which layouts it knows", () => {
    const error = thrownBy(() => parseScheduleResult(loadResult("schedule-unknown-layout.json")));
    expect(error.code).toBe("invalid_payload");
    expect(error.message).toBe(
      "schedule payload has an unknown layout: expected an array of jobs (nested layout), an object with ServiceCompanyGroups (grouped layout) or a company object with Jobs (single-company layout); got an object with keys Schedule, Version",
    );
    expect(thrownBy(() => parseScheduleResult(null)).message).toMatch(/unknown layout.*got null$/);
    expect(thrownBy(() => parseScheduleResult("jobs")).message).toMatch(/got a string$/);
    expect(
      thrownBy(() => parseScheduleResult(loadFixture("schedule-nested.json"))).message,
    ).toContain("pass its Result");
  });

  it("rejects a broken payload of a known layout, naming the layout and the path", () => {
    const error = thrownBy(() => parseScheduleResult(loadResult("schedule-grouped-broken.json")));
    expect(error.message).toBe(
      "schedule payload (grouped layout) is invalid at ServiceCompanyGroups[0].ServiceCompanies[1].Jobs[3].ScheduledStartTime: expected a date-time string, got 42",
    );
    expect(error.context).toMatchObject({ payload: "schedule", layout: "grouped" });
    const nested = thrownBy(() =>
      parseScheduleResult([{ JobInformationId: 1, ScheduledTeams: {} }, { Foo: 1 }]),
    );
    expect(nested.message).toBe(
      "schedule payload (nested layout) is invalid at [0].ScheduledTeams: expected an array, got an object; [1].JobInformationId: expected an integer id, got nothing",
    );
    const single = thrownBy(() =>
      parseScheduleResult({
        ServiceCompanyId: 5,
        Jobs: [{ JobInformationId: 1, ScheduledStartTime: "09:00" }],
      }),
    );
    expect(single.message).toBe(
      'schedule payload (single-company layout) is invalid at Jobs[0].ScheduledStartTime: expected a date-time string, got "09:00"',
    );
  });
});
