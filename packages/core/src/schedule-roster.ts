import type {
  ScheduleEmployee,
  ScheduleJob,
  ScheduleJobEmployee,
  ScheduleStats,
  ScheduleTeam,
} from "./schedule-document";

export const UNASSIGNED_TEAM: ScheduleTeam = {
  id: 0,
  name: "Unassigned",
  color: null,
  sortOrder: 0,
};

/** Plain code-unit order: the same on every runtime, unlike locale collation. */
export function compareText(a: string | null, b: string | null): number {
  const x = a ?? "";
  const y = b ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}

export function comparePeople(
  a: Pick<ScheduleJobEmployee, "id" | "firstName" | "lastName">,
  b: Pick<ScheduleJobEmployee, "id" | "firstName" | "lastName">,
): number {
  return (
    compareText(a.lastName, b.lastName) || compareText(a.firstName, b.firstName) || a.id - b.id
  );
}

export function compareTeams(a: ScheduleTeam, b: ScheduleTeam): number {
  return a.sortOrder - b.sortOrder || a.id - b.id;
}

export interface Roster {
  teams: ScheduleTeam[];
  employees: ScheduleEmployee[];
  stats: ScheduleStats;
}

/**
 * Teams, employees (with their shifts) and counts of a set of already sorted jobs. Used for the
 * full document and again for a technician's few jobs, so both describe exactly their jobs.
 */
export function rosterOf(
  jobs: readonly ScheduleJob[],
  knownTeams: ReadonlyMap<number, ScheduleTeam>,
): Roster {
  const teams = new Map<number, ScheduleTeam>();
  const employees = new Map<number, ScheduleEmployee>();
  const addTeam = (id: number): void => {
    if (teams.has(id)) return;
    const team =
      knownTeams.get(id) ??
      (id === 0 ? UNASSIGNED_TEAM : { id, name: null, color: null, sortOrder: 0 });
    teams.set(id, team);
  };
  for (const job of jobs) {
    for (const teamId of job.teamIds) addTeam(teamId);
    for (const member of job.employees) {
      addTeam(member.teamId);
      const shift = { jobId: job.id, start: job.start, end: job.end };
      const known = employees.get(member.id);
      // An employee's team and position are those of their first shift of the day.
      if (known) known.shifts.push(shift);
      else employees.set(member.id, { ...member, shifts: [shift] });
    }
  }
  return {
    teams: [...teams.values()].sort(compareTeams),
    employees: [...employees.values()].sort(comparePeople),
    stats: { jobCount: jobs.length, employeeCount: employees.size, teamCount: teams.size },
  };
}
