import type { RawScheduleJob } from "./schedule-job-schema";

export interface ParsedTag {
  description: string | null;
  color: string | null;
  iconPath: string | null;
}

/** A job normalized from any MaidCentral layout: what the transform works from. */
export interface ParsedJob {
  id: number;
  serviceCompanyId: number | null;
  /** `YYYY-MM-DD` from JobDate, when sent. */
  date: string | null;
  /** As sent: a wall time without offset (or, if MaidCentral ever adds one, with it). */
  start: string | null;
  end: string | null;
  allowedHours: number | null;
  customer: { firstName: string | null; lastName: string | null; fullName: string | null };
  address: {
    line1: string | null;
    line2: string | null;
    city: string | null;
    region: string | null;
    postalCode: string | null;
  };
  service: { description: string | null; type: string | null; frequency: string | null };
  /** Raw (unsanitized) HTML from the office. */
  notes: {
    event: string | null;
    special: string | null;
    pets: string | null;
    directions: string | null;
    equipment: string | null;
    wasteDisposal: string | null;
    access: string | null;
    internalMemo: string | null;
  };
  contacts: { typeId: number | null; type: string | null; value: string | null }[];
  teams: { id: number; name: string | null; color: string | null; sortOrder: number | null }[];
  employees: {
    id: number;
    firstName: string | null;
    lastName: string | null;
    teamId: number | null;
    position: number | null;
  }[];
  tags: { job: ParsedTag[]; home: ParsedTag[]; customer: ParsedTag[]; serviceSet: ParsedTag[] };
  rooms: {
    name: string | null;
    type: string | null;
    location: string | null;
    details: string | null;
    fee: number | null;
  }[];
  pricing: {
    billRate: number | null;
    feeSplitRate: number | null;
    baseFee: { amount: number | null; frequency: string | null } | null;
    /** JobRateMods then ServiceSetRateMods; positive amounts are add-ons, negative discounts. */
    rateMods: { description: string | null; amount: number | null }[];
  };
}

const first = (...values: (string | null | undefined)[]): string | null =>
  values.find((value) => value !== null && value !== undefined) ?? null;

const orNull = <T>(value: T | null | undefined): T | null => value ?? null;

function tags(raw: RawScheduleJob["JobTags"]): ParsedTag[] {
  return raw.map((tag) => ({
    description: orNull(tag.Description),
    color: orNull(tag.Color),
    iconPath: orNull(tag.IconPath),
  }));
}

export function normalizeJob(raw: RawScheduleJob): ParsedJob {
  const customer = raw.CustomerInformation;
  const home = raw.HomeInformation;
  const notes = raw.NotesAndMemos;
  const service = raw.ServiceSet;
  return {
    id: raw.JobInformationId,
    serviceCompanyId: orNull(raw.ServiceCompanyId),
    date: raw.JobDate ? raw.JobDate.slice(0, 10) : null,
    start: orNull(raw.ScheduledStartTime),
    end: orNull(raw.ScheduledEndTime),
    allowedHours: orNull(raw.AllowedTime),
    customer: {
      firstName: first(customer?.CustomerFirstName, raw.CustomerFirstName),
      lastName: first(customer?.CustomerLastName, raw.CustomerLastName),
      fullName: first(customer?.CustomerFullName, raw.CustomerFullName),
    },
    address: {
      line1: first(home?.HomeAddress1, raw.HomeAddress1),
      line2: first(home?.HomeAddress2, raw.HomeAddress2),
      city: first(home?.HomeCity, raw.HomeCity),
      region: first(home?.HomeRegion, raw.HomeRegion),
      postalCode: first(home?.HomePostalCode, raw.HomePostalCode),
    },
    service: {
      description: first(service?.ServiceSetDescription, raw.ServiceSetDescription),
      type: first(service?.ServiceSetTypeDescription, raw.ServiceSetTypeDescription),
      frequency: first(
        raw.FrequencyDescription,
        service?.FrequencyDescription,
        raw.BaseFeeLog?.FrequencyDescription,
      ),
    },
    notes: {
      event: first(notes?.EventInstructions, raw.EventInstructions),
      special: first(notes?.HomeSpecialInstructions, raw.HomeSpecialInstructions),
      pets: first(notes?.HomePetInstructions, raw.HomePetInstructions),
      directions: first(notes?.HomeDirections, raw.HomeDirections),
      equipment: first(notes?.HomeSpecialEquipment, raw.HomeSpecialEquipment),
      wasteDisposal: first(notes?.HomeWasteDisposal, raw.HomeWasteDisposal),
      access: first(
        notes?.HomeAccessInformation,
        notes?.HomeAcessInformation,
        raw.HomeAccessInformation,
        raw.HomeAcessInformation,
      ),
      internalMemo: first(notes?.HomeInternalMemo, raw.HomeInternalMemo),
    },
    contacts: raw.ContactInfos.map((contact) => ({
      typeId: orNull(contact.ContactTypeId),
      type: orNull(contact.ContactType),
      value: orNull(contact.ContactInfo),
    })),
    teams: raw.ScheduledTeams.map((team) => ({
      id: team.TeamListId,
      name: orNull(team.TeamListDescription),
      color: orNull(team.Color),
      sortOrder: orNull(team.SortOrder),
    })),
    employees: raw.EmployeeSchedules.map((employee) => ({
      id: employee.EmployeeInformationId,
      firstName: orNull(employee.FirstName),
      lastName: orNull(employee.LastName),
      teamId: orNull(employee.TeamListId),
      position: orNull(employee.TeamPosition),
    })),
    tags: {
      job: tags(raw.JobTags),
      home: tags(raw.HomeTags),
      customer: tags(raw.CustomerTags),
      serviceSet: tags(raw.ServiceSetTags),
    },
    rooms: raw.Rooms.map((room) => ({
      name: orNull(room.RoomName),
      type: orNull(room.RoomTypeName),
      location: orNull(room.LocationInHome),
      details: orNull(room.DetailsOfWork),
      fee: orNull(room.RoomFee),
    })),
    pricing: {
      billRate: orNull(raw.BillRate),
      feeSplitRate: orNull(raw.FeeSplitRate),
      baseFee: raw.BaseFeeLog
        ? {
            amount: orNull(raw.BaseFeeLog.Amount),
            frequency: orNull(raw.BaseFeeLog.FrequencyDescription),
          }
        : null,
      rateMods: [...raw.JobRateMods, ...raw.ServiceSetRateMods].map((mod) => ({
        description: orNull(mod.Description),
        amount: orNull(mod.Amount),
      })),
    },
  };
}
