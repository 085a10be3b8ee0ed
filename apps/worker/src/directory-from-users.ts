import { roleFromMaidCentral, type UsersResult } from "@backup-portal/core";
import type { DirectoryInput } from "@backup-portal/storage";

/** MaidCentral's users payload → the portal's directory (one user entry per company listed under). */
export function directoryFromUsers(result: UsersResult): DirectoryInput {
  const input: DirectoryInput = { groups: [], companies: [], users: [] };
  for (const group of result.ServiceCompanyGroups) {
    input.groups.push({
      serviceCompanyGroupId: group.ServiceCompanyGroupId,
      name: group.Name ?? `Group ${group.ServiceCompanyGroupId}`,
      isActive: group.IsActive ?? true,
    });
    for (const company of group.ServiceCompanies) {
      input.companies.push({
        serviceCompanyId: company.ServiceCompanyId,
        serviceCompanyGroupId: company.ServiceCompanyGroupId ?? group.ServiceCompanyGroupId,
        name: company.Name ?? `Company ${company.ServiceCompanyId}`,
        isActive: (company.IsActive ?? true) && (group.IsActive ?? true),
      });
      for (const user of company.Users) {
        input.users.push({
          userId: user.UserId,
          email: user.Email ?? null,
          firstName: user.FirstName ?? null,
          lastName: user.LastName ?? null,
          fullName: user.FullName ?? null,
          role: roleFromMaidCentral(user.Roles),
          employeeInformationId: user.EmployeeInformationId ?? null,
          // The company a user is listed under is the one they may read, whatever their own field says.
          serviceCompanyId: company.ServiceCompanyId,
        });
      }
    }
  }
  return input;
}
