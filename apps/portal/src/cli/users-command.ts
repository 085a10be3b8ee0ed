import { type CliDependencies, withStores } from "./cli-context";
import { findCompany } from "./company-arg";
import { formatTable } from "./format-table";

export interface UserListing {
  id: string;
  email: string | null;
  name: string | null;
  role: string;
  isActive: boolean;
  companies: Array<{ serviceCompanyId: number; role: string }>;
}

/** `users list [--company ID]`: profiles with their role per company. */
export async function usersCommand(
  deps: CliDependencies,
  companyKey: string | undefined,
  json: boolean,
): Promise<void> {
  const users = await withStores(deps, async ({ storage, metadata }) => {
    const company = companyKey === undefined ? null : await findCompany(metadata, companyKey);
    // No store method lists users; one read-only query, filtered to the company when asked.
    const rows = await storage.db.query<{
      id: string;
      email: string | null;
      full_name: string | null;
      role: string;
      is_active: boolean;
      memberships: Array<{ serviceCompanyId: number; role: string }> | null;
    }>(
      `SELECT u.id, u.email, u.full_name, u.role, u.is_active,
              (SELECT json_agg(json_build_object('serviceCompanyId', c.service_company_id,
                                                 'role', m.role) ORDER BY c.service_company_id)
                 FROM user_company_memberships m JOIN companies c ON c.id = m.company_id
                WHERE m.user_id = u.id) AS memberships
         FROM user_profiles u
        WHERE $1::uuid IS NULL OR EXISTS (
          SELECT 1 FROM user_company_memberships m WHERE m.user_id = u.id AND m.company_id = $1::uuid)
        ORDER BY u.full_name NULLS LAST, u.email, u.id`,
      [company?.id ?? null],
    );
    return rows.map(
      (row): UserListing => ({
        id: row.id,
        email: row.email,
        name: row.full_name,
        role: row.role,
        isActive: row.is_active,
        companies: row.memberships ?? [],
      }),
    );
  });
  if (json) {
    deps.io.out(JSON.stringify(users, null, 2));
    return;
  }
  deps.io.out(
    formatTable(
      ["ID", "NAME", "EMAIL", "ROLE", "ACTIVE", "COMPANIES"],
      users.map((u) => [
        u.id,
        u.name ?? "—",
        u.email ?? "—",
        u.role,
        u.isActive ? "yes" : "no",
        u.companies.map((c) => `${c.serviceCompanyId}:${c.role}`).join(" ") || "—",
      ]),
    ),
  );
}
