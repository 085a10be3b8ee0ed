import {
  buildScheduleDocument,
  type FeatureToggles,
  normalizeFeatureToggles,
  type ParsedJob,
  type ScheduleDocument,
} from "@backup-portal/core";

/** A job with distinctive values, so a test can search a response body for each of them. */
export function makeJob(
  id: number,
  date: string,
  employees: Array<{ id: number; teamId: number }>,
  hour = 9,
): ParsedJob {
  const hh = String(hour).padStart(2, "0");
  return {
    id,
    serviceCompanyId: null,
    date,
    start: `${date}T${hh}:00:00`,
    end: `${date}T${hh}:45:00`,
    allowedHours: 0.75,
    customer: { firstName: `First${id}`, lastName: `Last${id}`, fullName: null },
    address: {
      line1: `${id} Main St`,
      line2: null,
      city: "Durham",
      region: "NC",
      postalCode: "27701",
    },
    service: { description: "Standard", type: "Recurring", frequency: "Weekly" },
    notes: {
      event: "<p>Event note</p>",
      special: `<p>Special ${id}<script>alert(1)</script></p>`,
      pets: null,
      directions: null,
      equipment: null,
      wasteDisposal: null,
      access: `<p>ACCESS-CODE-${id}</p>`,
      internalMemo: `<p>MEMO-SECRET-${id}</p>`,
    },
    contacts: [
      { typeId: 1, type: "Home Phone", value: `555-100-${id}` },
      { typeId: 2, type: "Cell Phone", value: `555-200-${id}` },
      { typeId: 3, type: "Email", value: `customer${id}@example.com` },
    ],
    teams: [...new Set(employees.map((e) => e.teamId))].map((teamId) => ({
      id: teamId,
      name: `Team ${teamId}`,
      color: "#123456",
      sortOrder: teamId,
    })),
    employees: employees.map((e) => ({
      id: e.id,
      firstName: `Emp${e.id}`,
      lastName: "Worker",
      teamId: e.teamId,
      position: 1,
    })),
    tags: { job: [], home: [], customer: [], serviceSet: [] },
    rooms: [{ name: "Kitchen", type: "Kitchen", location: null, details: null, fee: 77.77 }],
    pricing: {
      billRate: 911.11,
      feeSplitRate: 822.22,
      baseFee: { amount: 733.33, frequency: "Weekly" },
      rateMods: [
        { description: "Oven add-on", amount: 44.44 },
        { description: "Loyalty discount", amount: -33.33 },
      ],
    },
  };
}

export function makeDocument(input: {
  companyId: string;
  serviceCompanyId: number;
  date: string;
  jobs: ParsedJob[];
  toggles?: Partial<FeatureToggles>;
}): ScheduleDocument {
  return buildScheduleDocument({
    date: input.date,
    company: {
      id: input.companyId,
      serviceCompanyId: input.serviceCompanyId,
      name: `Company ${input.serviceCompanyId}`,
      timeZone: "America/New_York",
    },
    featureToggles: { ...normalizeFeatureToggles({}), ...input.toggles },
    jobs: input.jobs,
  });
}
