import type { Company, MetadataStore } from "@backup-portal/storage";
import type { AccessCompany, AccessProfile, CompanyDirectory } from "./access";
import type { ProfileSource } from "./app";
import type { ScheduleRowSource } from "./schedule-reader";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The API's ports, served by the storage package's metadata store. */
export function createStorageSources(metadata: MetadataStore): {
  profiles: ProfileSource;
  directory: CompanyDirectory;
  rows: ScheduleRowSource;
} {
  return {
    profiles: {
      async getAccessProfile(userId): Promise<AccessProfile | null> {
        if (!UUID.test(userId)) return null;
        const profile = await metadata.getUserProfile(userId);
        if (!profile) return null;
        return {
          userId: profile.id,
          isActive: profile.isActive,
          role: profile.role,
          memberships: profile.memberships.map((m) => ({
            companyId: m.companyId,
            groupId: m.groupId,
            role: m.role,
            employeeId: m.employeeInformationId,
          })),
        };
      },
    },
    directory: {
      async findCompany(key) {
        if (!UUID.test(key) && !/^\d{1,9}$/.test(key)) return null;
        const company = await metadata.getCompany(key);
        return company ? toAccessCompany(company) : null;
      },
      async listCompanies({ ids, groupIds, all }) {
        if (all) return (await metadata.listCompanies()).map(toAccessCompany);
        const found = new Map<string, AccessCompany>();
        for (const groupId of groupIds) {
          for (const c of await metadata.listGroupCompanies(groupId))
            found.set(c.id, toAccessCompany(c));
        }
        for (const id of ids) {
          if (found.has(id)) continue;
          const company = await metadata.getCompany(id);
          if (company) found.set(company.id, toAccessCompany(company));
        }
        return [...found.values()].sort((a, b) => a.serviceCompanyId - b.serviceCompanyId);
      },
    },
    rows: {
      getRow: (companyId, date) => metadata.getScheduleRow(companyId, date),
    },
  };
}

function toAccessCompany(company: Company): AccessCompany {
  return {
    id: company.id,
    serviceCompanyId: company.serviceCompanyId,
    groupId: company.groupId,
    name: company.name,
    timeZone: company.timeZone,
    portalEnabled: company.portalEnabled,
    isActive: company.isActive,
  };
}
