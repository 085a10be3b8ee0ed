import type { Role } from "@backup-portal/core";

export interface AccessCompany {
  id: string;
  serviceCompanyId: number;
  groupId: string | null;
  name: string;
  timeZone: string | null;
  portalEnabled: boolean;
  isActive: boolean;
}

export interface AccessMembership {
  companyId: string;
  groupId: string | null;
  role: Role;
  employeeId: number | null;
}

export interface AccessProfile {
  userId: string;
  isActive: boolean;
  /** The user's global role: only `superadmin` widens access beyond the memberships. */
  role: Role;
  memberships: AccessMembership[];
}

export interface CompanyDirectory {
  /** By portal uuid or MaidCentral ServiceCompanyId. */
  findCompany(idOrServiceCompanyId: string): Promise<AccessCompany | null>;
  /** Companies by id or by group (a union of both filters); all companies when `all` is set. */
  listCompanies(filter: {
    ids: string[];
    groupIds: string[];
    all: boolean;
  }): Promise<AccessCompany[]>;
}

export type AccessDecision =
  | { ok: true; company: AccessCompany; role: Role; employeeId: number | null }
  | { ok: false; status: 400 | 403; code: string; message: string; companies?: CompanyChoice[] };

export interface CompanyChoice {
  id: string;
  serviceCompanyId: number;
  name: string;
}

const RANK: Record<Role, number> = { technician: 0, admin: 1, group_admin: 2, superadmin: 3 };

const NO_ACCESS = {
  ok: false,
  status: 403,
  code: "forbidden",
  message: "You do not have access to this company's schedule.",
} as const;

/**
 * Which company a viewer reads and in which role. Role and companies come from the database
 * (never from token claims); an unknown or unreadable company gets the same 403, so the answer
 * says nothing about whether another company exists.
 */
export async function decideAccess(
  profile: AccessProfile | null,
  companyParam: string | undefined,
  directory: CompanyDirectory,
): Promise<AccessDecision> {
  if (!profile?.isActive) {
    return { ...NO_ACCESS, message: "Your account has no active portal access." };
  }
  const superadmin = profile.role === "superadmin";
  const adminGroups = new Set(
    profile.memberships
      .filter((m) => m.role === "group_admin" && m.groupId !== null)
      .map((m) => m.groupId as string),
  );

  const roleFor = (company: AccessCompany): Role | null => {
    let best: Role | null = superadmin ? "superadmin" : null;
    const consider = (role: Role) => {
      if (best === null || RANK[role] > RANK[best]) best = role;
    };
    if (company.groupId !== null && adminGroups.has(company.groupId)) consider("group_admin");
    for (const m of profile.memberships) if (m.companyId === company.id) consider(m.role);
    return best;
  };

  const grant = (company: AccessCompany): AccessDecision => {
    const role = roleFor(company);
    if (role === null) return NO_ACCESS;
    if (!company.portalEnabled || !company.isActive) {
      return { ...NO_ACCESS, message: "The portal is not enabled for this company." };
    }
    const membership = profile.memberships.find((m) => m.companyId === company.id);
    return { ok: true, company, role, employeeId: membership?.employeeId ?? null };
  };

  if (companyParam !== undefined && companyParam !== "") {
    const company = await directory.findCompany(companyParam);
    return company ? grant(company) : NO_ACCESS;
  }

  const candidates = (
    await directory.listCompanies({
      ids: profile.memberships.map((m) => m.companyId),
      groupIds: [...adminGroups],
      all: superadmin,
    })
  ).filter((c) => c.portalEnabled && c.isActive && roleFor(c) !== null);
  const [only, ...rest] = candidates;
  if (only && rest.length === 0) return grant(only);
  if (!only)
    return { ...NO_ACCESS, message: "Your account has no company with the portal enabled." };
  return {
    ok: false,
    status: 400,
    code: "company_required",
    message: `You can read ${candidates.length} companies: add companyId to choose one.`,
    companies: candidates.map((c) => ({
      id: c.id,
      serviceCompanyId: c.serviceCompanyId,
      name: c.name,
    })),
  };
}
