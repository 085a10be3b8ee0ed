import { z } from "zod";

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .pipe(z.url({ error: "must be a URL like https://example.com" }).optional())
  .optional();

const flag = (fallback: boolean | undefined) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      if (["1", "true", "yes", "on"].includes(v)) return true;
      if (["0", "false", "no", "off"].includes(v)) return false;
      ctx.addIssue({ code: "custom", message: "must be true or false" });
      return z.NEVER;
    });

/**
 * Every environment variable of the contract (DESIGN.md), defined once. Each app's env.ts picks
 * the ones it reads and parses them with `parseEnv`.
 */
export const envFields = {
  PORT: z.coerce.number({ error: "must be a port number" }).int().min(0).max(65535).default(8787),
  DATA_DIR: z.string().trim().min(1).default("./.data"),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, { error: "must be a postgres:// connection string" })
      .optional(),
  ),
  SUPABASE_URL: optionalUrl,
  SUPABASE_SERVICE_ROLE_KEY: optionalText,
  STORAGE_BUCKET: z.string().trim().min(1).default("schedule-data"),
  SUPABASE_JWT_SECRET: optionalText,
  SUPABASE_JWKS_URL: optionalUrl,
  MAIDCENTRAL_API_URL: optionalUrl,
  MAIDCENTRAL_API_KEY: optionalText,
  MAIDCENTRAL_USERNAME: optionalText,
  MAIDCENTRAL_PASSWORD: optionalText,
  MAIDCENTRAL_TOKEN_URL: optionalUrl,
  SYNC_SECRET: optionalText.pipe(
    z.string().min(16, { error: "must be at least 16 characters" }).optional(),
  ),
  SYNC_CRON: z.string().trim().default("0 * * * *"),
  SYNC_SPREAD_SECONDS: z.coerce
    .number({ error: "must be a number of seconds" })
    .int()
    .min(0)
    .max(3600)
    .default(600),
  ENABLE_NEW_COMPANIES: flag(undefined),
  DEFAULT_TIME_ZONE: z.string().trim().min(1).default("America/New_York"),
  WORKER_CONCURRENCY: z.coerce
    .number({ error: "must be a number" })
    .int()
    .min(1)
    .max(128)
    .default(8),
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== ""),
    ),
  CACHE_MAX_MB: z.coerce
    .number({ error: "must be a number of megabytes" })
    .int()
    .min(1)
    .max(65536)
    .default(256),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ALERT_WEBHOOK_URL: optionalUrl,
} as const;

export type EnvFieldName = keyof typeof envFields;

const SECRET_NAME = /SECRET|KEY|PASSWORD|TOKEN/;

/** A configuration problem: one line naming the variable, never echoing a secret. */
export class EnvError extends Error {
  override readonly name = "EnvError";
}

export function parseEnv<T extends z.ZodRawShape>(
  shape: T,
  source: Record<string, string | undefined>,
): z.output<z.ZodObject<T>> {
  const result = z.object(shape).safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "environment");
    const raw = source[name];
    const shown =
      raw === undefined || SECRET_NAME.test(name) ? "" : ` (got ${JSON.stringify(raw)})`;
    return `${name} ${issue.message}${shown}`;
  });
  throw new EnvError(`Invalid environment: ${problems.join("; ")}`);
}

export function pickEnv<K extends EnvFieldName>(...names: K[]): Pick<typeof envFields, K> {
  const out = {} as Pick<typeof envFields, K>;
  for (const name of names) out[name] = envFields[name];
  return out;
}
