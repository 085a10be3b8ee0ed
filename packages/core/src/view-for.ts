import type { Role } from "./role";
import type {
  ScheduleBaseFee,
  ScheduleCompany,
  ScheduleDocument,
  ScheduleEmployee,
  ScheduleJob,
  SchedulePhone,
  ScheduleRateMod,
  ScheduleStats,
  ScheduleTeam,
} from "./schedule-document";
import { rosterOf } from "./schedule-roster";

export interface Viewer {
  role: Role;
  /** MaidCentral EmployeeInformationId; null for users who are not employees. */
  employeeId: number | null;
}

export interface SyncInfo {
  status: "ready" | "processing" | "failed";
  syncedAt: string | null;
  checkedAt: string | null;
  stale: boolean;
}

/** A job as a viewer receives it: fields the viewer may not see are absent, not null. */
export interface ScheduleViewJob
  extends Omit<
    ScheduleJob,
    "accessInformation" | "internalMemo" | "contacts" | "rooms" | "pricing"
  > {
  accessInformation?: string;
  internalMemo?: string;
  contacts: { phones?: SchedulePhone[]; emails?: string[] };
  rooms: { name: string | null; type: string | null; fee?: number | null }[];
  pricing: {
    billRate?: number | null;
    feeSplitRate?: number | null;
    baseFee?: ScheduleBaseFee | null;
    addOns?: ScheduleRateMod[];
    discounts?: ScheduleRateMod[];
  };
}

/** The 200 body of GET /get-schedule. */
export interface ScheduleView {
  date: string;
  company: ScheduleCompany;
  viewer: Viewer;
  sync: SyncInfo;
  teams: ScheduleTeam[];
  employees: ScheduleEmployee[];
  jobs: ScheduleViewJob[];
  stats: ScheduleStats;
}

const OFFICE_ROLES: ReadonlySet<string> = new Set<Role>(["superadmin", "group_admin", "admin"]);

/**
 * Built field by field from what may be shown (not by deleting what may not), so a field added
 * to the document later stays out of technician views until someone decides it belongs.
 */
function technicianJob(
  job: ScheduleJob,
  toggles: ScheduleDocument["featureToggles"],
): ScheduleViewJob {
  const { pricing, contacts } = job;
  return {
    id: job.id,
    date: job.date,
    start: job.start,
    end: job.end,
    allowedHours: job.allowedHours,
    teamIds: [...job.teamIds],
    employees: job.employees.map((employee) => ({ ...employee })),
    customer: { ...job.customer },
    address: { ...job.address },
    contacts: {
      ...(toggles.displayCustomerPhoneNumbers
        ? { phones: contacts.phones.map((p) => ({ ...p })) }
        : {}),
      ...(toggles.displayCustomerEmails ? { emails: [...contacts.emails] } : {}),
    },
    service: { ...job.service },
    instructions: { ...job.instructions },
    tags: {
      job: job.tags.job.map((tag) => ({ ...tag })),
      home: job.tags.home.map((tag) => ({ ...tag })),
      customer: job.tags.customer.map((tag) => ({ ...tag })),
      serviceSet: job.tags.serviceSet.map((tag) => ({ ...tag })),
    },
    rooms: job.rooms.map((room) => ({
      name: room.name,
      type: room.type,
      ...(toggles.displayRoomRate ? { fee: room.fee } : {}),
    })),
    pricing: {
      ...(toggles.displayBillRate
        ? { billRate: pricing.billRate, baseFee: pricing.baseFee ? { ...pricing.baseFee } : null }
        : {}),
      ...(toggles.displayFeeSplitRate ? { feeSplitRate: pricing.feeSplitRate } : {}),
      ...(toggles.displayAddOnRate ? { addOns: pricing.addOns.map((mod) => ({ ...mod })) } : {}),
      ...(toggles.hideDiscounts ? {} : { discounts: pricing.discounts.map((mod) => ({ ...mod })) }),
    },
  };
}

/**
 * What one viewer may see of a day. Office roles get everything; anyone else is treated as a
 * technician (fail closed): only their own jobs, the company's privacy toggles applied, access
 * information and internal memo never.
 */
export function viewFor(doc: ScheduleDocument, viewer: Viewer, sync: SyncInfo): ScheduleView {
  const base = {
    date: doc.date,
    company: { ...doc.company },
    viewer: { role: viewer.role, employeeId: viewer.employeeId },
    sync: { ...sync },
  };
  if (OFFICE_ROLES.has(viewer.role)) {
    return {
      ...base,
      teams: doc.teams,
      employees: doc.employees,
      jobs: doc.jobs,
      stats: doc.stats,
    };
  }
  const { employeeId } = viewer;
  const own =
    employeeId === null
      ? []
      : doc.jobs.filter((job) => job.employees.some((e) => e.id === employeeId));
  const roster = rosterOf(own, new Map(doc.teams.map((team) => [team.id, team])));
  return {
    ...base,
    teams: roster.teams,
    employees: roster.employees,
    jobs: own.map((job) => technicianJob(job, doc.featureToggles)),
    stats: roster.stats,
  };
}
