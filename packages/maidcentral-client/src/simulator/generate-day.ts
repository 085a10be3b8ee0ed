import { createRng, type Rng } from "./prng";
import {
  ACCESS_NOTES,
  ADD_ONS,
  DISCOUNTS,
  FREQUENCIES,
  MEMOS,
  NOTES,
  ROOMS,
  SERVICE_SETS,
  TAGS,
} from "./sample-data";
import type { SimCompany, SimTeam } from "./world";

/**
 * One job with MaidCentral's flat field names (the grouped layout's shape) and `null` for
 * empty values; the layout renderers reshape it.
 */
export type FlatJob = Record<string, unknown> & {
  JobInformationId: number;
  ScheduledStartTime: string;
};

export interface DayOptions {
  readonly seed: string;
  readonly date: string;
  /** How many mutation rounds touched this company-day. */
  readonly revision: number;
  readonly jobsPerDay: { readonly min: number; readonly max: number };
}

const WEEKDAY_LOAD = [0.2, 1, 1, 1, 1, 0.9, 0.5];

/** Job ids are company × day × index, so they are unique and stable across revisions. */
function daysSinceEpoch(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

function wallTime(date: string, minutes: number): string {
  return `${date}T${pad2(Math.floor(minutes / 60) % 24)}:${pad2(minutes % 60)}:00`;
}

function notes(rng: Rng, probability: number): string | null {
  return rng.chance(probability) ? rng.pick(NOTES) : null;
}

function tags(rng: Rng, probability: number): Array<Record<string, unknown>> {
  const result: Array<Record<string, unknown>> = [];
  for (const tag of TAGS) if (rng.chance(probability)) result.push({ ...tag });
  return result;
}

function teamMembers(team: SimTeam): Array<Record<string, unknown>> {
  return team.members.map(({ employee, position }) => ({
    EmployeeInformationId: employee.employeeInformationId,
    FirstName: employee.firstName,
    LastName: employee.lastName,
    TeamListId: team.teamListId,
    TeamPosition: position,
  }));
}

/** The jobs of one company on one date, deterministic in (seed, company, date, revision). */
export function generateCompanyDay(company: SimCompany, options: DayOptions): FlatJob[] {
  const rng = createRng(options.seed, "day", company.serviceCompanyId, options.date);
  const weekday = new Date(`${options.date}T00:00:00Z`).getUTCDay();
  const base =
    options.jobsPerDay.min + company.size * (options.jobsPerDay.max - options.jobsPerDay.min);
  const load = WEEKDAY_LOAD[weekday] ?? 1;
  const count = Math.max(1, Math.round(base * load * (0.85 + rng.next() * 0.3)));
  const dayNumber = daysSinceEpoch(options.date);
  const teamClock = new Map<number, number>();
  const jobs: FlatJob[] = [];
  for (let i = 0; i < count; i++) {
    jobs.push(generateJob(rng, company, options.date, dayNumber, i, teamClock));
  }
  for (let r = 1; r <= options.revision; r++) {
    mutateDay(
      createRng(options.seed, "mutation", company.serviceCompanyId, options.date, r),
      jobs,
      company,
      options.date,
      r,
      teamClock,
    );
  }
  return jobs;
}

function generateJob(
  rng: Rng,
  company: SimCompany,
  date: string,
  dayNumber: number,
  index: number,
  teamClock: Map<number, number>,
): FlatJob {
  const home = rng.pick(company.homes);
  const zone = rng.pick(company.zones);
  const frequency = rng.pick(FREQUENCIES);
  const serviceSet = rng.pick(SERVICE_SETS);
  const allowedQuarterHours = rng.int(6, 24);
  const allowedMinutes = allowedQuarterHours * 15;

  // Most jobs go to one team, some to two, a few to nobody yet.
  const assignment = rng.next();
  const teams: SimTeam[] = [];
  if (assignment >= 0.06)
    teams.push(company.teams[index % company.teams.length] ?? rng.pick(company.teams));
  if (assignment > 0.92 && company.teams.length > 1) {
    const second = company.teams[(index + 1) % company.teams.length];
    if (second) teams.push(second);
  }
  const leadTeam = teams[0];
  const startMinutes = leadTeam
    ? (teamClock.get(leadTeam.teamListId) ?? 7 * 60 + 30 + rng.int(0, 4) * 15)
    : 8 * 60 + rng.int(0, 24) * 15;
  for (const team of teams) teamClock.set(team.teamListId, startMinutes + allowedMinutes + 30);

  const employees = teams.flatMap(teamMembers);
  const supervisor = company.supervisors[0];
  if (leadTeam && supervisor && rng.chance(0.05)) {
    employees.push({
      EmployeeInformationId: supervisor.employeeInformationId,
      FirstName: supervisor.firstName,
      LastName: supervisor.lastName,
      TeamListId: leadTeam.teamListId,
      TeamPosition: 4,
    });
  }

  const billRate = Math.round((90 + home.squareFeet / 20 + rng.int(0, 60)) * 100) / 100;
  const contactInfos: Array<Record<string, unknown>> = [];
  if (home.phone)
    contactInfos.push({ ContactTypeId: 1, ContactType: "Home Phone", ContactInfo: home.phone });
  if (home.cell)
    contactInfos.push({ ContactTypeId: 2, ContactType: "Cell Phone", ContactInfo: home.cell });
  if (home.email)
    contactInfos.push({ ContactTypeId: 3, ContactType: "Email", ContactInfo: home.email });

  const rooms = ROOMS.filter(() => rng.chance(0.3)).map((room) => ({
    ...room,
    DetailsOfWork: rng.chance(0.5) ? "Scrub grout" : "Standard",
    DCCodeDescription: rng.chance(0.5) ? "Deep" : "Standard",
    LastDCDate: rng.chance(0.6) ? `2026-0${rng.int(1, 2)}-${pad2(rng.int(1, 28))}T00:00:00` : null,
    RoomFee: rng.pick([0, 10, 15, 20]),
  }));

  return {
    JobInformationId: company.serviceCompanyId * 100_000_000_000 + dayNumber * 1000 + index,
    JobDate: `${date}T00:00:00`,
    ScheduledStartTime: wallTime(date, startMinutes),
    ScheduledEndTime: wallTime(date, startMinutes + allowedMinutes),
    AllowedTime: allowedMinutes / 60,
    CustomerFirstName: home.firstName,
    CustomerLastName: home.lastName,
    CustomerFullName: home.lastName ? `${home.firstName} ${home.lastName}` : home.firstName,
    HomeAddress1: home.address1,
    HomeAddress2: home.address2,
    HomeCity: home.city,
    HomeRegion: home.region,
    HomePostalCode: home.postalCode,
    HomeBedrooms: home.bedrooms,
    HomeBathrooms: home.bathrooms,
    HomeFullBath: Math.max(1, home.bathrooms - 1),
    HomeHalfBath: home.bathrooms > 1 ? 1 : 0,
    HomeFinishedSquareFootage: home.squareFeet,
    HomeStories: home.stories,
    ServiceSetDescription: serviceSet.description,
    ServiceSetTypeDescription: serviceSet.type,
    FrequencyDescription: frequency.description,
    FrequencyAbbreviation: frequency.abbreviation,
    FrequencyColor: frequency.color,
    HomeZoneId: zone.id,
    HomeZoneDescription: zone.description,
    HomeZoneColor: zone.color,
    BillRate: billRate,
    FeeSplitRate: Math.round(billRate * 32) / 100,
    BaseFeeLog: {
      Amount: billRate,
      FrequencyDescription: frequency.description,
      FrequencyColor: frequency.color,
    },
    JobRateMods: [
      ...(rng.chance(0.3) ? [{ ...rng.pick(ADD_ONS) }] : []),
      ...(rng.chance(0.15) ? [{ ...rng.pick(DISCOUNTS) }] : []),
    ],
    ServiceSetRateMods: [
      ...(rng.chance(0.2) ? [{ ...rng.pick(ADD_ONS) }] : []),
      ...(rng.chance(0.1) ? [{ ...rng.pick(DISCOUNTS) }] : []),
    ],
    EventInstructions: notes(rng, 0.2),
    HomeSpecialInstructions: notes(rng, 0.6),
    HomePetInstructions: rng.chance(0.3) ? "<p>Dog is friendly; keep the gate shut.</p>" : null,
    HomeDirections: notes(rng, 0.3),
    HomeSpecialEquipment: rng.chance(0.1) ? "<p>Bring the HEPA vacuum.</p>" : null,
    HomeWasteDisposal: rng.chance(0.2) ? "<p>Bins by the garage.</p>" : null,
    HomeAccessInformation: rng.chance(0.7) ? rng.pick(ACCESS_NOTES) : null,
    HomeInternalMemo: rng.chance(0.5) ? rng.pick(MEMOS) : null,
    ContactInfos: contactInfos,
    ScheduledTeams: teams.map((team) => ({
      TeamListId: team.teamListId,
      TeamListDescription: team.description,
      Color: team.color,
      SortOrder: team.sortOrder,
    })),
    EmployeeSchedules: employees,
    JobTags: tags(rng, 0.08),
    HomeTags: tags(rng, 0.1),
    CustomerTags: tags(rng, 0.05),
    ServiceSetTags: tags(rng, 0.03),
    Rooms: rooms,
    CustomerNotifications: [],
  };
}

/** One round of office edits: a moved job, an edited note, sometimes a cancellation or a new job. */
function mutateDay(
  rng: Rng,
  jobs: FlatJob[],
  company: SimCompany,
  date: string,
  revision: number,
  teamClock: Map<number, number>,
): void {
  const target = jobs.length > 0 ? jobs[rng.int(0, jobs.length - 1)] : undefined;
  if (target) {
    const shift = rng.pick([-30, -15, 15, 30, 60]);
    const start = new Date(`${target.ScheduledStartTime}Z`).getTime() + shift * 60_000;
    target.ScheduledStartTime = new Date(start).toISOString().slice(0, 19);
    target.EventInstructions = `<p>Rescheduled by the office (revision ${revision}).</p>`;
  }
  if (rng.chance(0.3) && jobs.length > 1) jobs.splice(rng.int(0, jobs.length - 1), 1);
  if (rng.chance(0.3)) {
    jobs.push(
      generateJob(rng, company, date, daysSinceEpoch(date), 900 + (revision % 99), teamClock),
    );
  }
}
