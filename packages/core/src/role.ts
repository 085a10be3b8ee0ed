export type Role = "superadmin" | "group_admin" | "admin" | "technician";

const normalize = (role: string): string => role.trim().toLowerCase();

/**
 * MaidCentral `Roles[]` → portal role; the highest one wins. Never "superadmin": only the
 * portal operator grants that.
 */
export function roleFromMaidCentral(
  roles: readonly string[],
): "group_admin" | "admin" | "technician" {
  const names = new Set(roles.map(normalize));
  if (names.has("group administrator")) return "group_admin";
  if (names.has("administrator") || names.has("office")) return "admin";
  return "technician";
}
