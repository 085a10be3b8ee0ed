import { createRng, type Rng } from "./prng";
import {
  COLORS,
  FIRST_NAMES,
  LAST_NAMES,
  LOCALES,
  type Locale,
  STREETS,
  TEAM_NAMES,
} from "./sample-data";

/** The standing data of a simulated MaidCentral tenant: groups, companies, people, customers. */
export interface SimEmployee {
  readonly employeeInformationId: number;
  readonly firstName: string;
  readonly lastName: string;
}

export interface SimTeam {
  readonly teamListId: number;
  readonly description: string;
  readonly color: string;
  readonly sortOrder: number;
  /** Members with their position on the team (1 leader, 2 member, 3 trainee, 5 assistant). */
  readonly members: ReadonlyArray<{ employee: SimEmployee; position: number }>;
}

export interface SimHome {
  readonly firstName: string;
  readonly lastName: string | null;
  readonly address1: string;
  readonly address2: string | null;
  readonly city: string;
  readonly region: string;
  readonly postalCode: string;
  readonly phone: string | null;
  readonly cell: string | null;
  readonly email: string | null;
  readonly bedrooms: number;
  readonly bathrooms: number;
  readonly squareFeet: number;
  readonly stories: number;
}

export interface SimCompany {
  readonly serviceCompanyId: number;
  readonly serviceCompanyGroupId: number;
  readonly name: string;
  readonly country: Locale["country"];
  readonly timeZoneInfoId: string;
  /** Undefined: the company sends no FeatureToggles object at all. */
  readonly featureToggles: Readonly<Record<string, boolean>> | undefined;
  /** 0..1: drives how many jobs a day the company runs. */
  readonly size: number;
  /** Some tenants send the misspelled `HomeAcessInformation` in the grouped layout. */
  readonly misspellsAccess: boolean;
  readonly teams: readonly SimTeam[];
  readonly supervisors: readonly SimEmployee[];
  readonly office: readonly SimEmployee[];
  readonly homes: readonly SimHome[];
  readonly zones: ReadonlyArray<{ id: number; description: string; color: string }>;
}

export interface SimUser {
  readonly UserId: string;
  readonly Email: string;
  readonly EmployeeInformationId: number;
  readonly FirstName: string;
  readonly LastName: string;
  readonly FullName: string;
  readonly Roles: readonly string[];
}

export interface SimGroup {
  readonly serviceCompanyGroupId: number;
  readonly name: string;
  readonly companies: readonly SimCompany[];
  /** Users per company id (a user may be listed under two companies). */
  readonly usersByCompany: ReadonlyMap<number, readonly SimUser[]>;
}

export interface SimWorld {
  readonly seed: string;
  readonly groups: readonly SimGroup[];
  readonly companies: readonly SimCompany[];
}

export interface WorldOptions {
  readonly seed: string;
  readonly companies: number;
  readonly companiesPerGroup: number;
}

const TOGGLES = [
  "TechDashboard_DisplayBillRate",
  "TechDashboard_DisplayFeeSplitRate",
  "TechDashboard_DisplayAddOnRate",
  "TechDashboard_DisplayRoomRate",
  "TechDashboard_DisplayCustomerPhoneNumbers",
  "TechDashboard_DisplayCustomerEmails",
  "TechDashboard_HideDiscounts",
] as const;

const GROUP_WORDS = ["Blue Door", "Sparkle", "Tidy Nest", "Fresh Start", "Kiwi Clean", "Harbour"];

function person(rng: Rng, employeeInformationId: number): SimEmployee {
  return {
    employeeInformationId,
    firstName: rng.pick(FIRST_NAMES),
    lastName: rng.pick(LAST_NAMES),
  };
}

function featureToggles(rng: Rng): Record<string, boolean> | undefined {
  // A few tenants send no toggles at all, more send only some: consumers must fail closed.
  if (rng.chance(0.08)) return undefined;
  const toggles: Record<string, boolean> = {};
  const partial = rng.chance(0.25);
  for (const name of TOGGLES) {
    if (partial && rng.chance(0.4)) continue;
    toggles[name] = rng.chance(0.5);
  }
  return toggles;
}

function homes(rng: Rng, locale: Locale, count: number, companyId: number): SimHome[] {
  const result: SimHome[] = [];
  for (let i = 0; i < count; i++) {
    const place = rng.pick(locale.places);
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.chance(0.03) ? null : rng.pick(LAST_NAMES);
    const n = companyId * 1000 + i;
    result.push({
      firstName,
      lastName,
      address1: `${rng.int(1, 9999)} ${rng.pick(STREETS)}`,
      address2: rng.chance(0.2) ? `Apt ${rng.int(1, 40)}` : null,
      city: place.city,
      region: place.region,
      postalCode: place.postal(),
      phone: rng.chance(0.4) ? locale.phone(n) : null,
      cell: rng.chance(0.8) ? locale.phone(n + 5000) : null,
      email: rng.chance(0.75)
        ? `${firstName.toLowerCase()}.${(lastName ?? "x").toLowerCase().replace(/[^a-z]/g, "")}${i}@example.com`
        : null,
      bedrooms: rng.int(1, 6),
      bathrooms: rng.int(1, 4),
      squareFeet: rng.int(6, 45) * 100,
      stories: rng.int(1, 3),
    });
  }
  return result;
}

function userFor(rng: Rng, employee: SimEmployee, roles: string[], domain: string): SimUser {
  return {
    UserId: rng.uuid(),
    Email: `${employee.firstName.toLowerCase()}.${employee.employeeInformationId}@${domain}`,
    EmployeeInformationId: employee.employeeInformationId,
    FirstName: employee.firstName,
    LastName: employee.lastName,
    FullName: `${employee.firstName} ${employee.lastName}`,
    Roles: roles,
  };
}

/** Builds the whole tenant from the seed; the same options always give the same world. */
export function buildWorld(options: WorldOptions): SimWorld {
  const groups: SimGroup[] = [];
  const companies: SimCompany[] = [];
  const groupCount = Math.max(1, Math.ceil(options.companies / options.companiesPerGroup));
  let companyIndex = 0;
  for (let g = 0; g < groupCount; g++) {
    const groupRng = createRng(options.seed, "group", g);
    const groupId = 100 + g;
    const groupName = `${groupRng.pick(GROUP_WORDS)} Cleaning Group ${g + 1}`;
    const locale = LOCALES[g % LOCALES.length] ?? groupRng.pick(LOCALES);
    const inGroup = Math.min(options.companiesPerGroup, options.companies - companyIndex);
    const groupCompanies: SimCompany[] = [];
    for (let c = 0; c < inGroup; c++, companyIndex++) {
      const rng = createRng(options.seed, "company", companyIndex);
      const companyId = 1000 + companyIndex;
      const size = rng.next();
      const baseId = 10_000 + companyIndex * 1000;
      const teamCount = Math.max(2, Math.round(2 + size * 14));
      const teams: SimTeam[] = [];
      let employeeNo = 0;
      for (let t = 0; t < teamCount; t++) {
        const memberCount = rng.int(1, 3);
        const members: Array<{ employee: SimEmployee; position: number }> = [];
        for (let m = 0; m < memberCount; m++) {
          const position = m === 0 ? 1 : rng.chance(0.2) ? 3 : rng.chance(0.1) ? 5 : 2;
          members.push({ employee: person(rng, baseId + employeeNo++), position });
        }
        teams.push({
          teamListId: companyId * 100 + t,
          description: `Team ${TEAM_NAMES[t % TEAM_NAMES.length] ?? "Extra"}${t >= TEAM_NAMES.length ? ` ${t}` : ""}`,
          color: rng.pick(COLORS),
          sortOrder: t + 1,
          members,
        });
      }
      const supervisors = [person(rng, baseId + employeeNo++)];
      const office = [person(rng, baseId + employeeNo++), person(rng, baseId + employeeNo++)];
      const place = locale.places[0];
      const company: SimCompany = {
        serviceCompanyId: companyId,
        serviceCompanyGroupId: groupId,
        name: `${groupName.replace(/ Group \d+$/, "")} - ${place?.city ?? "Main"} ${c + 1}`,
        country: locale.country,
        timeZoneInfoId: rng.pick(locale.timeZones),
        featureToggles: featureToggles(rng),
        size,
        misspellsAccess: rng.chance(0.5),
        teams,
        supervisors,
        office,
        homes: homes(rng, locale, 40 + Math.round(size * 400), companyId),
        zones: [1, 2, 3, 4].map((z) => ({
          id: companyId * 10 + z,
          description: `Zone ${String.fromCharCode(64 + z)}`,
          color: rng.pick(COLORS),
        })),
      };
      groupCompanies.push(company);
      companies.push(company);
    }
    groups.push({
      serviceCompanyGroupId: groupId,
      name: groupName,
      companies: groupCompanies,
      usersByCompany: buildUsers(options.seed, g, groupCompanies),
    });
  }
  return { seed: options.seed, groups, companies };
}

function buildUsers(
  seed: string,
  groupIndex: number,
  companies: SimCompany[],
): Map<number, SimUser[]> {
  const rng = createRng(seed, "users", groupIndex);
  const byCompany = new Map<number, SimUser[]>();
  companies.forEach((company, index) => {
    const domain = `sc${company.serviceCompanyId}.example`;
    const users: SimUser[] = [];
    const [admin, officeUser] = company.office;
    if (index === 0 && admin) {
      users.push(userFor(rng, admin, ["Group Administrator", "Administrator", "Employee"], domain));
    } else if (admin) {
      users.push(userFor(rng, admin, ["Administrator", "Employee"], domain));
    }
    if (officeUser) users.push(userFor(rng, officeUser, ["Office", "Employee"], domain));
    for (const supervisor of company.supervisors) {
      users.push(userFor(rng, supervisor, ["Supervisor", "Employee"], domain));
    }
    for (const team of company.teams) {
      for (const { employee } of team.members) {
        // Not every technician has a login; those still appear on jobs.
        if (rng.chance(0.92)) users.push(userFor(rng, employee, ["Employee"], domain));
      }
    }
    byCompany.set(company.serviceCompanyId, users);
  });
  // A floater works for two companies of the group: same login and employee id in both.
  for (let i = 1; i < companies.length; i++) {
    const from = companies[i - 1];
    const to = companies[i];
    if (!from || !to) continue;
    const floater = byCompany
      .get(from.serviceCompanyId)
      ?.find((u) => u.Roles.length === 1 && u.Roles[0] === "Employee");
    const toTeam = to.teams[0];
    if (!floater || !toTeam) continue;
    (toTeam.members as Array<{ employee: SimEmployee; position: number }>).push({
      employee: {
        employeeInformationId: floater.EmployeeInformationId,
        firstName: floater.FirstName,
        lastName: floater.LastName,
      },
      position: 2,
    });
    byCompany.get(to.serviceCompanyId)?.push(floater);
  }
  return byCompany;
}
