import { isValidDate } from "./calendar-date";
import type { FeatureToggles } from "./feature-toggles";
import type { ParsedJob, ParsedTag } from "./parsed-job";
import { sanitizeHtml } from "./sanitize-html";
import type {
  ScheduleDocument,
  ScheduleJob,
  ScheduleJobEmployee,
  SchedulePhone,
  ScheduleRateMod,
  ScheduleTag,
  ScheduleTeam,
} from "./schedule-document";
import { comparePeople, compareTeams, rosterOf, UNASSIGNED_TEAM } from "./schedule-roster";
import { teamPositionName } from "./team-position";
import { instantToZonedIso, resolveTimeZone } from "./time-zone";
import { zonedWallTimeToIso } from "./zoned-wall-time";

export interface BuildScheduleDocumentInput {
  date: string;
  company: { id: string; serviceCompanyId: number; name: string; timeZone: string };
  featureToggles: FeatureToggles;
  jobs: readonly ParsedJob[];
  generatedAt?: string | null;
}

const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/;

function toZonedIso(value: string | null, timeZone: string): string | null {
  if (value === null) return null;
  // MaidCentral sends wall times; should an offset ever appear, the instant it names wins.
  return HAS_OFFSET.test(value)
    ? instantToZonedIso(new Date(value), timeZone)
    : zonedWallTimeToIso(value, timeZone);
}

const tagsOf = (tags: ParsedTag[]): ScheduleTag[] => tags.map((tag) => ({ ...tag }));

function contactsOf(job: ParsedJob): ScheduleJob["contacts"] {
  const phones: SchedulePhone[] = [];
  const emails: string[] = [];
  for (const contact of job.contacts) {
    if (contact.value === null) continue;
    // Unknown contact types are dropped: we cannot tell which privacy toggle would cover them.
    if (contact.typeId === 1) phones.push({ kind: "home", number: contact.value });
    else if (contact.typeId === 2) phones.push({ kind: "cell", number: contact.value });
    else if (contact.typeId === 3) emails.push(contact.value);
  }
  return { phones, emails };
}

function pricingOf(job: ParsedJob): ScheduleJob["pricing"] {
  const addOns: ScheduleRateMod[] = [];
  const discounts: ScheduleRateMod[] = [];
  for (const mod of job.pricing.rateMods) {
    if (mod.amount === null || mod.amount === 0) continue;
    (mod.amount > 0 ? addOns : discounts).push({
      description: mod.description,
      amount: mod.amount,
    });
  }
  return {
    billRate: job.pricing.billRate,
    feeSplitRate: job.pricing.feeSplitRate,
    baseFee: job.pricing.baseFee ? { ...job.pricing.baseFee } : null,
    addOns,
    discounts,
  };
}

function teamOf(team: ParsedJob["teams"][number]): ScheduleTeam {
  return { id: team.id, name: team.name, color: team.color, sortOrder: team.sortOrder ?? 0 };
}

function toScheduleJob(
  job: ParsedJob,
  date: string,
  timeZone: string,
  teams: ReadonlyMap<number, ScheduleTeam>,
): ScheduleJob {
  const teamIds = [...new Set(job.teams.map((team) => team.id))]
    .map((id) => teams.get(id) ?? UNASSIGNED_TEAM)
    .sort(compareTeams)
    .map((team) => team.id);
  const seen = new Set<number>();
  const employees: ScheduleJobEmployee[] = [];
  for (const employee of job.employees) {
    if (seen.has(employee.id)) continue;
    seen.add(employee.id);
    employees.push({
      id: employee.id,
      firstName: employee.firstName,
      lastName: employee.lastName,
      teamId: employee.teamId ?? 0,
      position: teamPositionName(employee.position),
    });
  }
  const { firstName, lastName, fullName } = job.customer;
  const joinedName = [firstName, lastName].filter((part) => part !== null).join(" ");
  return {
    id: job.id,
    date: job.date ?? date,
    start: toZonedIso(job.start, timeZone),
    end: toZonedIso(job.end, timeZone),
    allowedHours: job.allowedHours,
    teamIds: teamIds.length > 0 ? teamIds : [UNASSIGNED_TEAM.id],
    employees: employees.sort(comparePeople),
    customer: { firstName, lastName, name: fullName ?? (joinedName === "" ? null : joinedName) },
    address: { ...job.address },
    contacts: contactsOf(job),
    service: { ...job.service },
    instructions: {
      event: sanitizeHtml(job.notes.event),
      special: sanitizeHtml(job.notes.special),
      pets: sanitizeHtml(job.notes.pets),
      directions: sanitizeHtml(job.notes.directions),
      equipment: sanitizeHtml(job.notes.equipment),
      wasteDisposal: sanitizeHtml(job.notes.wasteDisposal),
    },
    accessInformation: sanitizeHtml(job.notes.access),
    internalMemo: sanitizeHtml(job.notes.internalMemo),
    tags: {
      job: tagsOf(job.tags.job),
      home: tagsOf(job.tags.home),
      customer: tagsOf(job.tags.customer),
      serviceSet: tagsOf(job.tags.serviceSet),
    },
    rooms: job.rooms.map((room) => ({ name: room.name, type: room.type, fee: room.fee })),
    pricing: pricingOf(job),
  };
}

function startMs(job: ScheduleJob): number {
  return job.start === null ? Number.POSITIVE_INFINITY : Date.parse(job.start);
}

/** Start time, then id: each start is parsed once, not at every comparison of the sort. */
function sortByStart(jobs: ScheduleJob[]): ScheduleJob[] {
  const keyed = jobs.map((job) => ({ job, ms: startMs(job) }));
  keyed.sort((a, b) => a.ms - b.ms || a.job.id - b.job.id);
  return keyed.map((entry) => entry.job);
}

/** One company's parsed day → the full, unfiltered schedule document (what the blob stores). */
export function buildScheduleDocument(input: BuildScheduleDocumentInput): ScheduleDocument {
  if (!isValidDate(input.date))
    throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(input.date)}`);
  const timeZone = resolveTimeZone(input.company.timeZone);
  const teams = new Map<number, ScheduleTeam>();
  for (const job of input.jobs) {
    for (const team of job.teams) if (!teams.has(team.id)) teams.set(team.id, teamOf(team));
  }
  if (!teams.has(UNASSIGNED_TEAM.id)) teams.set(UNASSIGNED_TEAM.id, UNASSIGNED_TEAM);
  const jobs = sortByStart(
    input.jobs.map((job) => toScheduleJob(job, input.date, timeZone, teams)),
  );
  const roster = rosterOf(jobs, teams);
  return {
    date: input.date,
    company: { ...input.company, timeZone },
    featureToggles: { ...input.featureToggles },
    generatedAt: input.generatedAt ?? null,
    teams: roster.teams,
    employees: roster.employees,
    jobs,
    stats: roster.stats,
  };
}
