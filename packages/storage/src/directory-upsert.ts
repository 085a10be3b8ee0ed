import type { Db } from "./db";
import type { DirectoryInput, DirectoryResult, DirectoryRole } from "./metadata-types";

const roleRank: Record<DirectoryRole, number> = { technician: 0, admin: 1, group_admin: 2 };

/**
 * Writes a users sync into groups, companies, profiles and memberships, set-based, in one
 * transaction. Companies are never deleted; users missing from a non-empty directory are
 * deactivated; a superadmin keeps its role and is never deactivated by MaidCentral data.
 */
export async function upsertDirectory(
  db: Db,
  input: DirectoryInput,
  options: { enableNewCompanies: boolean; now: Date },
): Promise<DirectoryResult> {
  const now = options.now.toISOString();
  const groups = [
    ...new Map(input.groups.map((g) => [g.serviceCompanyGroupId, g] as const)).values(),
  ].map((g) => ({ sgid: g.serviceCompanyGroupId, name: g.name, is_active: g.isActive }));
  const companies = [
    ...new Map(input.companies.map((c) => [c.serviceCompanyId, c] as const)).values(),
  ].map((c) => ({
    scid: c.serviceCompanyId,
    sgid: c.serviceCompanyGroupId,
    name: c.name,
    is_active: c.isActive,
  }));

  // One profile per user: the highest role and the first listed company win.
  const profiles = new Map<
    string,
    {
      id: string;
      email: string | null;
      first_name: string | null;
      last_name: string | null;
      full_name: string | null;
      role: DirectoryRole;
      employee_information_id: number | null;
      scid: number;
    }
  >();
  const memberships = new Map<
    string,
    { user_id: string; scid: number; role: DirectoryRole; employee_information_id: number | null }
  >();
  for (const user of input.users) {
    const id = user.userId.toLowerCase();
    const existing = profiles.get(id);
    if (existing === undefined) {
      profiles.set(id, {
        id,
        email: user.email,
        first_name: user.firstName,
        last_name: user.lastName,
        full_name: user.fullName,
        role: user.role,
        employee_information_id: user.employeeInformationId,
        scid: user.serviceCompanyId,
      });
    } else {
      if (roleRank[user.role] > roleRank[existing.role]) existing.role = user.role;
      existing.employee_information_id ??= user.employeeInformationId;
    }
    memberships.set(`${id}:${user.serviceCompanyId}`, {
      user_id: id,
      scid: user.serviceCompanyId,
      role: user.role,
      employee_information_id: user.employeeInformationId,
    });
  }

  return db.transaction(async (tx) => {
    if (groups.length > 0) {
      await tx.query(
        `INSERT INTO service_company_groups (service_company_group_id, name, is_active, updated_at)
         SELECT g.sgid, g.name, g.is_active, $2::timestamptz
         FROM jsonb_to_recordset($1::text::jsonb) AS g(sgid integer, name text, is_active boolean)
         ON CONFLICT (service_company_group_id) DO UPDATE
         SET name = excluded.name, is_active = excluded.is_active, updated_at = excluded.updated_at`,
        [JSON.stringify(groups), now],
      );
    }
    const companyRows =
      companies.length === 0
        ? []
        : await tx.query<{ created: boolean }>(
            `INSERT INTO companies
               (service_company_id, group_id, name, is_active, portal_enabled, sync_enabled, updated_at)
             SELECT c.scid, g.id, c.name, c.is_active, $2::boolean, $2::boolean, $3::timestamptz
             FROM jsonb_to_recordset($1::text::jsonb)
               AS c(scid integer, sgid integer, name text, is_active boolean)
             LEFT JOIN service_company_groups g ON g.service_company_group_id = c.sgid
             ON CONFLICT (service_company_id) DO UPDATE
             SET group_id = coalesce(excluded.group_id, companies.group_id), name = excluded.name,
                 is_active = excluded.is_active, updated_at = excluded.updated_at
             RETURNING (xmax = 0) AS created`,
            [JSON.stringify(companies), options.enableNewCompanies, now],
          );
    const companiesCreated = companyRows.filter((row) => row.created).length;

    const profileList = [...profiles.values()];
    if (profileList.length > 0) {
      await tx.query(
        `INSERT INTO user_profiles (id, email, first_name, last_name, full_name, role,
           employee_information_id, company_id, is_active, updated_at)
         SELECT u.id, u.email, u.first_name, u.last_name, u.full_name, u.role,
                u.employee_information_id, c.id, true, $2::timestamptz
         FROM jsonb_to_recordset($1::text::jsonb) AS u(id uuid, email text, first_name text,
           last_name text, full_name text, role text, employee_information_id integer, scid integer)
         LEFT JOIN companies c ON c.service_company_id = u.scid
         ON CONFLICT (id) DO UPDATE
         SET email = excluded.email, first_name = excluded.first_name,
             last_name = excluded.last_name, full_name = excluded.full_name,
             role = CASE WHEN user_profiles.role = 'superadmin' THEN 'superadmin' ELSE excluded.role END,
             employee_information_id = excluded.employee_information_id,
             company_id = excluded.company_id, is_active = true, updated_at = excluded.updated_at`,
        [JSON.stringify(profileList), now],
      );
      const membershipJson = JSON.stringify([...memberships.values()]);
      // A user's memberships become exactly the companies the directory lists them under.
      await tx.query(
        `DELETE FROM user_company_memberships m
         USING jsonb_array_elements_text($1::text::jsonb) AS u(id)
         WHERE m.user_id = u.id::uuid
           AND NOT EXISTS (
             SELECT 1 FROM jsonb_to_recordset($2::text::jsonb) AS x(user_id uuid, scid integer)
             JOIN companies c ON c.service_company_id = x.scid
             WHERE x.user_id = m.user_id AND c.id = m.company_id)`,
        [JSON.stringify(profileList.map((p) => p.id)), membershipJson],
      );
      await tx.query(
        `INSERT INTO user_company_memberships (user_id, company_id, role, employee_information_id, updated_at)
         SELECT x.user_id, c.id, x.role, x.employee_information_id, $2::timestamptz
         FROM jsonb_to_recordset($1::text::jsonb)
           AS x(user_id uuid, scid integer, role text, employee_information_id integer)
         JOIN companies c ON c.service_company_id = x.scid
         ON CONFLICT (user_id, company_id) DO UPDATE
         SET role = excluded.role, employee_information_id = excluded.employee_information_id,
             updated_at = excluded.updated_at`,
        [membershipJson, now],
      );
    }
    // An empty directory is more likely an upstream glitch than everyone leaving: deactivate
    // nobody then.
    const deactivated =
      profileList.length === 0
        ? []
        : await tx.query<{ id: string }>(
            `UPDATE user_profiles SET is_active = false, updated_at = $2::timestamptz
             WHERE is_active AND role <> 'superadmin'
               AND id NOT IN (SELECT u.id::uuid FROM jsonb_array_elements_text($1::text::jsonb) AS u(id))
             RETURNING id`,
            [JSON.stringify(profileList.map((p) => p.id)), now],
          );
    return {
      companiesCreated,
      companiesUpdated: companyRows.length - companiesCreated,
      usersUpserted: profileList.length,
      usersDeactivated: deactivated.length,
    };
  });
}
