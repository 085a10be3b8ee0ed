import type { FeatureToggles } from "./feature-toggles";

/** The contract's schedule types. The document is the full, unfiltered day a blob stores. */

export interface ScheduleCompany {
  /** Portal uuid. */
  id: string;
  serviceCompanyId: number;
  name: string;
  /** IANA zone. */
  timeZone: string;
}

export interface ScheduleTeam {
  id: number;
  name: string | null;
  color: string | null;
  sortOrder: number;
}

export interface ScheduleShift {
  jobId: number;
  start: string | null;
  end: string | null;
}

export interface ScheduleJobEmployee {
  id: number;
  firstName: string | null;
  lastName: string | null;
  teamId: number;
  /** In words: "Team Leader", "Team Member", "Trainee", … */
  position: string;
}

export interface ScheduleEmployee extends ScheduleJobEmployee {
  shifts: ScheduleShift[];
}

export interface ScheduleTag {
  description: string | null;
  color: string | null;
  iconPath: string | null;
}

export interface SchedulePhone {
  kind: "home" | "cell";
  number: string;
}

export interface ScheduleRateMod {
  description: string | null;
  amount: number;
}

export interface ScheduleRoom {
  name: string | null;
  type: string | null;
  fee: number | null;
}

export interface ScheduleBaseFee {
  amount: number | null;
  frequency: string | null;
}

export interface SchedulePricing {
  billRate: number | null;
  feeSplitRate: number | null;
  baseFee: ScheduleBaseFee | null;
  addOns: ScheduleRateMod[];
  discounts: ScheduleRateMod[];
}

export interface ScheduleJob {
  id: number;
  date: string;
  /** ISO with the company's offset for that date, e.g. "2026-03-08T09:00:00-04:00". */
  start: string | null;
  end: string | null;
  allowedHours: number | null;
  teamIds: number[];
  employees: ScheduleJobEmployee[];
  customer: { firstName: string | null; lastName: string | null; name: string | null };
  address: {
    line1: string | null;
    line2: string | null;
    city: string | null;
    region: string | null;
    postalCode: string | null;
  };
  contacts: { phones: SchedulePhone[]; emails: string[] };
  service: { description: string | null; type: string | null; frequency: string | null };
  /** Sanitized HTML; "" when there is none. */
  instructions: {
    event: string;
    special: string;
    pets: string;
    directions: string;
    equipment: string;
    wasteDisposal: string;
  };
  accessInformation: string;
  internalMemo: string;
  tags: {
    job: ScheduleTag[];
    home: ScheduleTag[];
    customer: ScheduleTag[];
    serviceSet: ScheduleTag[];
  };
  rooms: ScheduleRoom[];
  pricing: SchedulePricing;
}

export interface ScheduleStats {
  jobCount: number;
  employeeCount: number;
  teamCount: number;
}

export interface ScheduleDocument {
  date: string;
  company: ScheduleCompany;
  featureToggles: FeatureToggles;
  /** When MaidCentral generated the data; volatile, so left out of the checksum. */
  generatedAt: string | null;
  teams: ScheduleTeam[];
  employees: ScheduleEmployee[];
  jobs: ScheduleJob[];
  stats: ScheduleStats;
}
