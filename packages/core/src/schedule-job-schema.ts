import type { z } from "zod";
import {
  dateOrDateTime,
  dateTime,
  html,
  id,
  knownFields,
  list,
  num,
  optionalId,
  text,
} from "./maidcentral-fields";

const tagSchema = knownFields({ Description: text, Color: text, IconPath: text });

const rateModSchema = knownFields({ Description: text, Amount: num });

/**
 * One job as MaidCentral sends it, in either style: the nested layout groups fields in
 * sub-objects (CustomerInformation, HomeInformation, …), the others flatten them onto the job.
 * Both spellings are accepted on every job, so the layouts share one normalizer.
 */
export const scheduleJobSchema = knownFields({
  JobInformationId: id,
  ServiceCompanyId: optionalId,
  JobDate: dateOrDateTime,
  ScheduledStartTime: dateTime,
  ScheduledEndTime: dateTime,
  AllowedTime: num,
  BillRate: num,
  FeeSplitRate: num,
  BaseFeeLog: knownFields({
    Amount: num,
    FrequencyDescription: text,
    FrequencyColor: text,
  }).nullish(),
  JobRateMods: list(rateModSchema),
  ServiceSetRateMods: list(rateModSchema),
  ScheduledTeams: list(
    knownFields({ TeamListId: id, TeamListDescription: text, Color: text, SortOrder: num }),
  ),
  EmployeeSchedules: list(
    knownFields({
      EmployeeInformationId: id,
      FirstName: text,
      LastName: text,
      TeamListId: optionalId,
      TeamPosition: optionalId,
    }),
  ),
  ContactInfos: list(
    knownFields({ ContactTypeId: optionalId, ContactType: text, ContactInfo: text }),
  ),
  JobTags: list(tagSchema),
  HomeTags: list(tagSchema),
  CustomerTags: list(tagSchema),
  ServiceSetTags: list(tagSchema),
  Rooms: list(
    knownFields({
      RoomName: text,
      RoomTypeName: text,
      LocationInHome: text,
      DetailsOfWork: text,
      DCCodeDescription: text,
      LastDCDate: text,
      RoomFee: num,
    }),
  ),
  // Nested layout.
  CustomerInformation: knownFields({
    CustomerFirstName: text,
    CustomerLastName: text,
    CustomerFullName: text,
  }).nullish(),
  HomeInformation: knownFields({
    HomeAddress1: text,
    HomeAddress2: text,
    HomeCity: text,
    HomeRegion: text,
    HomePostalCode: text,
  }).nullish(),
  NotesAndMemos: knownFields({
    EventInstructions: html,
    HomeSpecialInstructions: html,
    HomePetInstructions: html,
    HomeDirections: html,
    HomeSpecialEquipment: html,
    HomeWasteDisposal: html,
    HomeAccessInformation: html,
    HomeAcessInformation: html,
    HomeInternalMemo: html,
  }).nullish(),
  ServiceSet: knownFields({
    ServiceSetDescription: text,
    ServiceSetTypeDescription: text,
    FrequencyDescription: text,
  }).nullish(),
  // Flattened layouts.
  CustomerFirstName: text,
  CustomerLastName: text,
  CustomerFullName: text,
  HomeAddress1: text,
  HomeAddress2: text,
  HomeCity: text,
  HomeRegion: text,
  HomePostalCode: text,
  ServiceSetDescription: text,
  ServiceSetTypeDescription: text,
  FrequencyDescription: text,
  EventInstructions: html,
  HomeSpecialInstructions: html,
  HomePetInstructions: html,
  HomeDirections: html,
  HomeSpecialEquipment: html,
  HomeWasteDisposal: html,
  HomeAccessInformation: html,
  // MaidCentral's grouped layout sometimes sends this misspelling; it means the same field.
  HomeAcessInformation: html,
  HomeInternalMemo: html,
});

export type RawScheduleJob = z.output<typeof scheduleJobSchema>;
