import { z } from "zod";
import { bool, id, list, object, optionalId, text } from "./maidcentral-fields";
import { describeIssues, PayloadError } from "./payload-error";

const userSchema = object({
  UserId: z
    .string({ error: "expected a user id string" })
    .min(1, { error: "expected a user id string" }),
  Email: text,
  EmployeeInformationId: optionalId,
  FirstName: text,
  LastName: text,
  FullName: text,
  Roles: list(z.string({ error: "expected a role name" })),
  ServiceCompanyId: optionalId,
});

const companySchema = object({
  ServiceCompanyId: id,
  Name: text,
  ServiceCompanyGroupId: optionalId,
  IsActive: bool,
  Users: list(userSchema),
});

const groupSchema = object({
  ServiceCompanyGroupId: id,
  Name: text,
  IsActive: bool,
  ServiceCompanies: list(companySchema),
});

/** The `Result` of GET /api/dr-schedule/users, field names as MaidCentral sends them. */
export const usersResultSchema = object({
  GeneratedAt: text,
  DataVersion: text,
  ServiceCompanyGroups: z.array(groupSchema, { error: "expected an array" }),
});

export type UsersResult = z.output<typeof usersResultSchema>;
export type MaidCentralUser = z.output<typeof userSchema>;
export type MaidCentralUserCompany = z.output<typeof companySchema>;
export type MaidCentralUserGroup = z.output<typeof groupSchema>;

export function parseUsersResult(result: unknown): UsersResult {
  const parsed = usersResultSchema.safeParse(result);
  if (!parsed.success) {
    throw new PayloadError(`users payload is invalid at ${describeIssues(parsed.error, result)}`, {
      payload: "users",
    });
  }
  return parsed.data;
}
