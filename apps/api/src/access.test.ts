import { describe, expect, it } from "vitest";
import {
  type AccessCompany,
  type AccessProfile,
  type CompanyDirectory,
  decideAccess,
} from "./access";

const company = (
  id: string,
  serviceCompanyId: number,
  groupId: string,
  extra: Partial<AccessCompany> = {},
) => ({
  id,
  serviceCompanyId,
  groupId,
  name: `Company ${id}`,
  timeZone: "America/New_York",
  portalEnabled: true,
  isActive: true,
  ...extra,
});

const A = company("a", 1, "g1");
const B = company("b", 2, "g1");
const C = company("c", 3, "g2");
const D = company("d", 4, "g1", { portalEnabled: false });
const all = [A, B, C, D];

const directory: CompanyDirectory = {
  findCompany: async (key) =>
    all.find((c) => c.id === key || String(c.serviceCompanyId) === key) ?? null,
  listCompanies: async ({ ids, groupIds, all: every }) =>
    all.filter(
      (c) => every || ids.includes(c.id) || (c.groupId !== null && groupIds.includes(c.groupId)),
    ),
};

const profile = (
  memberships: AccessProfile["memberships"],
  extra: Partial<AccessProfile> = {},
) => ({
  userId: "u",
  isActive: true,
  role: memberships[0]?.role ?? "technician",
  memberships,
  ...extra,
});

const tech = profile([{ companyId: "a", groupId: "g1", role: "technician", employeeId: 3013 }]);

describe("access", () => {
  it("gives a technician their own company with their employee id, by default or by either id", async () => {
    for (const param of [undefined, "a", "1"]) {
      expect(await decideAccess(tech, param, directory)).toMatchObject({
        ok: true,
        company: { id: "a" },
        role: "technician",
        employeeId: 3013,
      });
    }
  });

  it("refuses another company with the same answer whether it exists or not", async () => {
    const other = await decideAccess(tech, "b", directory);
    const missing = await decideAccess(tech, "zzz", directory);
    expect(other).toEqual(missing);
    expect(other).toMatchObject({ ok: false, status: 403 });
  });

  it("refuses unknown and inactive users", async () => {
    expect(await decideAccess(null, "a", directory)).toMatchObject({ ok: false, status: 403 });
    expect(await decideAccess({ ...tech, isActive: false }, "a", directory)).toMatchObject({
      status: 403,
    });
  });

  it("lets a group admin read every company of the group but not another group's", async () => {
    const ga = profile([{ companyId: "a", groupId: "g1", role: "group_admin", employeeId: null }]);
    expect(await decideAccess(ga, "b", directory)).toMatchObject({ ok: true, role: "group_admin" });
    expect(await decideAccess(ga, "c", directory)).toMatchObject({ ok: false, status: 403 });
    const choice = await decideAccess(ga, undefined, directory);
    expect(choice).toMatchObject({ ok: false, status: 400, code: "company_required" });
    expect(choice.ok ? [] : choice.companies?.map((c) => c.id)).toEqual(["a", "b"]);
  });

  it("lets a user listed under two companies read both, in each company's role", async () => {
    const two = profile([
      { companyId: "a", groupId: "g1", role: "technician", employeeId: 1 },
      { companyId: "c", groupId: "g2", role: "admin", employeeId: 2 },
    ]);
    expect(await decideAccess(two, "a", directory)).toMatchObject({
      ok: true,
      role: "technician",
      employeeId: 1,
    });
    expect(await decideAccess(two, "c", directory)).toMatchObject({ ok: true, role: "admin" });
    expect(await decideAccess(two, "b", directory)).toMatchObject({ ok: false, status: 403 });
    expect(await decideAccess(two, undefined, directory)).toMatchObject({ status: 400 });
  });

  it("refuses a company whose portal is disabled", async () => {
    const ga = profile([{ companyId: "a", groupId: "g1", role: "group_admin", employeeId: null }]);
    expect(await decideAccess(ga, "d", directory)).toMatchObject({ ok: false, status: 403 });
  });

  it("lets a superadmin read any company", async () => {
    const sa = profile([], { role: "superadmin" });
    expect(await decideAccess(sa, "c", directory)).toMatchObject({ ok: true, role: "superadmin" });
    expect(await decideAccess(sa, undefined, directory)).toMatchObject({ status: 400 });
  });
});
