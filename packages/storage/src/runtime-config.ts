import { loadOrCreateSecret } from "./embedded-state";
import type { StorageConfig } from "./open-storage";

/** The storage part of an app's parsed environment (see core's `envFields`). */
export interface StorageEnv {
  DATA_DIR: string;
  DATABASE_URL?: string | undefined;
  SUPABASE_URL?: string | undefined;
  SUPABASE_SERVICE_ROLE_KEY?: string | undefined;
  STORAGE_BUCKET: string;
}

/** Configuration problems, one line each, naming the variable to set. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export function storageConfigFrom(env: StorageEnv): StorageConfig {
  if (env.SUPABASE_URL && !env.SUPABASE_SERVICE_ROLE_KEY) {
    throw new ConfigError("SUPABASE_SERVICE_ROLE_KEY is required when SUPABASE_URL is set");
  }
  if (!env.SUPABASE_URL && env.SUPABASE_SERVICE_ROLE_KEY) {
    throw new ConfigError("SUPABASE_URL is required when SUPABASE_SERVICE_ROLE_KEY is set");
  }
  return {
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    supabase:
      env.SUPABASE_URL && env.SUPABASE_SERVICE_ROLE_KEY
        ? {
            url: env.SUPABASE_URL,
            serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
            bucket: env.STORAGE_BUCKET,
          }
        : undefined,
  };
}

/**
 * A secret from the environment or, on embedded defaults (no DATABASE_URL), generated once into
 * DATA_DIR. With a real database it must be set: a generated one would differ per machine.
 */
export async function resolveSecret(options: {
  value: string | undefined;
  envName: string;
  env: StorageEnv;
}): Promise<string> {
  if (options.value) return options.value;
  if (options.env.DATABASE_URL) {
    throw new ConfigError(`${options.envName} is required when DATABASE_URL is set`);
  }
  return loadOrCreateSecret(
    options.env.DATA_DIR,
    options.envName.toLowerCase().replaceAll("_", "-"),
  );
}
