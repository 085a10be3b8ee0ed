import { envFields, parseEnv } from "@backup-portal/core";

/** The all-in-one reads every variable of the contract. */
export function loadPortalEnv(source: Record<string, string | undefined> = process.env) {
  return parseEnv(envFields, source);
}

export type PortalEnv = ReturnType<typeof loadPortalEnv>;
