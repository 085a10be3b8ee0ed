import type { FlatJob } from "./generate-day";
import type { SimCompany, SimGroup } from "./world";

/** The three response layouts MaidCentral is known to send for /api/dr-schedule. */
export type ScheduleLayout = "nested" | "grouped" | "single";

export interface CompanyDay {
  readonly company: SimCompany;
  readonly jobs: readonly FlatJob[];
}

const NESTED_OBJECTS: Record<string, readonly string[]> = {
  CustomerInformation: ["CustomerFirstName", "CustomerLastName", "CustomerFullName"],
  HomeInformation: [
    "HomeAddress1",
    "HomeAddress2",
    "HomeCity",
    "HomeRegion",
    "HomePostalCode",
    "HomeBedrooms",
    "HomeBathrooms",
    "HomeFullBath",
    "HomeHalfBath",
    "HomeFinishedSquareFootage",
    "HomeStories",
  ],
  NotesAndMemos: [
    "EventInstructions",
    "HomeSpecialInstructions",
    "HomePetInstructions",
    "HomeDirections",
    "HomeSpecialEquipment",
    "HomeWasteDisposal",
    "HomeAccessInformation",
    "HomeInternalMemo",
  ],
  ServiceSet: ["ServiceSetDescription", "ServiceSetTypeDescription"],
};

/** "Format A": jobs carry their company id and nest customer, home, notes and service set. */
function nestedJob(job: FlatJob, serviceCompanyId: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    JobInformationId: job.JobInformationId,
    ServiceCompanyId: serviceCompanyId,
  };
  const nestedKeys = new Set(Object.values(NESTED_OBJECTS).flat());
  for (const [key, value] of Object.entries(job)) if (!nestedKeys.has(key)) out[key] = value;
  for (const [name, keys] of Object.entries(NESTED_OBJECTS)) {
    const inner: Record<string, unknown> = {};
    for (const key of keys) inner[key] = job[key] ?? null;
    out[name] = inner;
  }
  return out;
}

/** "DR all data": flat jobs, empty strings instead of null, and a tenant-specific misspelling. */
function groupedJob(job: FlatJob, company: SimCompany): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(job)) {
    const name =
      key === "HomeAccessInformation" && company.misspellsAccess ? "HomeAcessInformation" : key;
    out[name] = value === null ? "" : value;
  }
  return out;
}

function companyObject(day: CompanyDay, jobs: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ServiceCompanyId: day.company.serviceCompanyId,
    Name: day.company.name,
    TimeZoneInfoId: day.company.timeZoneInfoId,
  };
  if (day.company.featureToggles !== undefined)
    out.FeatureToggles = { ...day.company.featureToggles };
  out.Jobs = jobs;
  return out;
}

export function renderNested(days: readonly CompanyDay[]): unknown {
  return days.flatMap((day) => day.jobs.map((job) => nestedJob(job, day.company.serviceCompanyId)));
}

export function renderGrouped(
  days: readonly CompanyDay[],
  groups: readonly SimGroup[],
  date: string,
  generatedAt: string,
): unknown {
  const byGroup = new Map<number, CompanyDay[]>();
  for (const day of days) {
    const list = byGroup.get(day.company.serviceCompanyGroupId) ?? [];
    list.push(day);
    byGroup.set(day.company.serviceCompanyGroupId, list);
  }
  return {
    GeneratedAt: generatedAt,
    DateRange: { StartDate: date, EndDate: date },
    ServiceCompanyGroups: groups
      .filter((group) => byGroup.has(group.serviceCompanyGroupId))
      .map((group) => ({
        ServiceCompanyGroupId: group.serviceCompanyGroupId,
        Name: group.name,
        ServiceCompanies: (byGroup.get(group.serviceCompanyGroupId) ?? []).map((day) =>
          companyObject(
            day,
            day.jobs.map((job) => groupedJob(job, day.company)),
          ),
        ),
      })),
  };
}

export function renderSingle(day: CompanyDay): unknown {
  return companyObject(day, [...day.jobs]);
}
