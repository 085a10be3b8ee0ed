import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../src/db";
import { createMetadataStore } from "../src/metadata-store";
import { migrate } from "../src/migrate";
import { directory } from "./contract/metadata-contract";
import { createTestDatabase, type TestDatabase } from "./support/databases";

// What Supabase provides and plain PostgreSQL lacks: the `authenticated` role, its default
// grants, and auth.uid() read from the request's JWT claims.
const supabaseStandIn = `
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN
    CREATE ROLE authenticated NOLOGIN;
  END IF;
END $$;
CREATE SCHEMA auth;
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('request.jwt.claims', true)::json->>'sub', '')::uuid
$$;
GRANT USAGE ON SCHEMA auth, public TO authenticated;
GRANT EXECUTE ON FUNCTION auth.uid() TO authenticated;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO authenticated;
`;
const rlsFile = new URL("../sql/supabase/migrations/", import.meta.url);
// Every Supabase migration that sets up row-level security, in order.
const rlsSql = readdirSync(rlsFile)
  .filter((name) => name.includes("row_level_security"))
  .sort()
  .map((name) => readFileSync(new URL(name, rlsFile), "utf8"))
  .join("\n");

const alice = "0b0e7a56-1d7c-4b8e-9d43-6c1f7c2a0001"; // technician at 59, admin at 60
const bob = "0b0e7a56-1d7c-4b8e-9d43-6c1f7c2a0002"; // technician at 59
const stranger = "0b0e7a56-1d7c-4b8e-9d43-6c1f7c2a0009";

describe("row-level security with Supabase-style JWT claims", () => {
  let database: TestDatabase;
  let db: Db;
  let north = "";
  let south = "";
  let west = "";

  /** Runs `sql` as the `authenticated` role with `sub` in the claims, as PostgREST does. */
  const asUser = <T>(sub: string | null, sql: string) =>
    db.transaction(async (tx) => {
      await tx.query("SELECT set_config('request.jwt.claims', $1, true)", [
        JSON.stringify(sub === null ? { role: "authenticated" } : { sub, role: "authenticated" }),
      ]);
      await tx.query("SET LOCAL ROLE authenticated");
      return tx.query<T>(sql);
    });
  const visibleCompanies = async (sub: string | null) =>
    (await asUser<{ company_id: string }>(sub, "SELECT DISTINCT company_id FROM schedule_data"))
      .map((row) => row.company_id)
      .sort();

  beforeAll(async () => {
    database = await createTestDatabase("rls");
    db = database.connect(2);
    await migrate(db);
    await db.exec(supabaseStandIn);
    await db.exec(rlsSql);
    const meta = createMetadataStore({ db });
    await meta.upsertDirectory(
      {
        ...directory,
        groups: [...directory.groups, { serviceCompanyGroupId: 8, name: "Other", isActive: true }],
        companies: [
          ...directory.companies,
          { serviceCompanyId: 70, serviceCompanyGroupId: 8, name: "Other Co", isActive: true },
        ],
      },
      { enableNewCompanies: true },
    );
    north = (await meta.getCompany(59))?.id ?? "";
    south = (await meta.getCompany(60))?.id ?? "";
    west = (await meta.getCompany(70))?.id ?? "";
    for (const companyId of [north, south, west]) {
      for (const date of ["2026-03-08", "2026-03-09"]) {
        await meta.markReady({
          companyId,
          date,
          storagePath: `${companyId}/${date}/schedule.json`,
          fileSizeKb: 1,
          checksum: "c",
          jobCount: 1,
          employeeCount: 1,
          teamCount: 1,
        });
      }
    }
  });
  afterAll(async () => {
    await database.drop();
  });

  it("every table in public has row-level security (else Supabase's Data API exposes it)", async () => {
    const open = await db.query<{ relname: string }>(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relrowsecurity ORDER BY 1`,
    );
    expect(open.map((t) => t.relname)).toEqual([]);
  });

  it("a technician sees only their company's schedule_data rows", async () => {
    expect(await visibleCompanies(bob)).toEqual([north].sort());
    const rows = await asUser<{ date: string }>(
      bob,
      "SELECT date FROM schedule_data ORDER BY date",
    );
    expect(rows.map((row) => row.date)).toEqual(["2026-03-08", "2026-03-09"]);
  });

  it("a user listed under two companies sees both and no other", async () => {
    expect(await visibleCompanies(alice)).toEqual([north, south].sort());
  });

  it("no claims, unknown users and deactivated users see nothing", async () => {
    expect(await visibleCompanies(null)).toEqual([]);
    expect(await visibleCompanies(stranger)).toEqual([]);
    await db.query("UPDATE user_profiles SET is_active = false WHERE id = $1", [bob]);
    expect(await visibleCompanies(bob)).toEqual([]);
    await db.query("UPDATE user_profiles SET is_active = true WHERE id = $1", [bob]);
  });

  it("a group admin sees the group's companies; a superadmin sees all", async () => {
    await db.query(
      "UPDATE user_company_memberships SET role = 'group_admin' WHERE user_id = $1 AND company_id = $2",
      [bob, north],
    );
    expect(await visibleCompanies(bob)).toEqual([north, south].sort());
    await db.query("UPDATE user_profiles SET role = 'superadmin' WHERE id = $1", [bob]);
    expect(await visibleCompanies(bob)).toEqual([north, south, west].sort());
    await db.query("UPDATE user_profiles SET role = 'technician' WHERE id = $1", [bob]);
    await db.query(
      "UPDATE user_company_memberships SET role = 'technician' WHERE user_id = $1 AND company_id = $2",
      [bob, north],
    );
  });

  it("users read only their own profile and memberships; the queue is closed to them", async () => {
    const profiles = await asUser<{ id: string }>(alice, "SELECT id FROM user_profiles");
    expect(profiles.map((row) => row.id)).toEqual([alice]);
    const memberships = await asUser<{ user_id: string }>(
      alice,
      "SELECT user_id FROM user_company_memberships",
    );
    expect(memberships.map((row) => row.user_id)).toEqual([alice, alice]);
    expect(await asUser(alice, "SELECT id FROM background_jobs")).toEqual([]);
  });

  it("a company without the portal enabled is hidden from its own users", async () => {
    await db.query("UPDATE companies SET portal_enabled = false WHERE id = $1", [north]);
    expect(await visibleCompanies(alice)).toEqual([south]);
    await db.query("UPDATE companies SET portal_enabled = true WHERE id = $1", [north]);
  });
});
