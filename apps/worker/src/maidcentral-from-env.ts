import type { Logger } from "@backup-portal/core";
import { createMaidCentralClient, type MaidCentralClient } from "@backup-portal/maidcentral-client";
import { ConfigError } from "@backup-portal/storage/runtime";

export interface MaidCentralEnv {
  MAIDCENTRAL_API_URL?: string | undefined;
  MAIDCENTRAL_API_KEY?: string | undefined;
  MAIDCENTRAL_USERNAME?: string | undefined;
  MAIDCENTRAL_PASSWORD?: string | undefined;
  MAIDCENTRAL_TOKEN_URL?: string | undefined;
  WORKER_CONCURRENCY: number;
}

export interface MaidCentralConnection {
  client: MaidCentralClient;
  /** "simulator" when MAIDCENTRAL_API_URL is unset. */
  source: "maidcentral" | "simulator";
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real MaidCentral API with a keep-alive pool, or, when MAIDCENTRAL_API_URL is unset, the
 * built-in simulator on a loopback port (the caller announces it loudly).
 */
export async function connectMaidCentral(
  env: MaidCentralEnv,
  logger: Logger,
): Promise<MaidCentralConnection> {
  const slots = env.WORKER_CONCURRENCY;
  if (!env.MAIDCENTRAL_API_URL) {
    const { createSimulator } = await import("@backup-portal/maidcentral-client/simulator");
    const sim = createSimulator({
      seed: "backup-portal",
      companies: 6,
      jobsPerDay: { min: 8, max: 60 },
    });
    const server = await sim.listen({ port: 0, host: "127.0.0.1" });
    const client = createMaidCentralClient({
      baseUrl: server.url,
      auth: { kind: "key", apiKey: sim.credentials.apiKey },
      maxConcurrency: slots,
      requestsPerSecond: Number.POSITIVE_INFINITY,
      logger: logger.child({ component: "maidcentral-client" }),
    });
    return { client, source: "simulator", baseUrl: server.url, close: () => server.close() };
  }
  const auth = authFrom(env);
  const { createUndiciFetch } = await import("@backup-portal/maidcentral-client/undici");
  const pool = createUndiciFetch({ connections: slots });
  const client = createMaidCentralClient({
    baseUrl: env.MAIDCENTRAL_API_URL,
    auth,
    fetch: pool.fetch,
    // One request per worker slot; the politeness limit stays the client's default.
    maxConcurrency: slots,
    logger: logger.child({ component: "maidcentral-client" }),
  });
  return {
    client,
    source: "maidcentral",
    baseUrl: env.MAIDCENTRAL_API_URL,
    close: () => pool.close(),
  };
}

function authFrom(env: MaidCentralEnv) {
  if (env.MAIDCENTRAL_API_KEY) return { kind: "key" as const, apiKey: env.MAIDCENTRAL_API_KEY };
  if (env.MAIDCENTRAL_USERNAME && env.MAIDCENTRAL_PASSWORD) {
    return {
      kind: "password" as const,
      username: env.MAIDCENTRAL_USERNAME,
      password: env.MAIDCENTRAL_PASSWORD,
      ...(env.MAIDCENTRAL_TOKEN_URL ? { tokenUrl: env.MAIDCENTRAL_TOKEN_URL } : {}),
    };
  }
  throw new ConfigError(
    "MAIDCENTRAL_API_KEY, or MAIDCENTRAL_USERNAME and MAIDCENTRAL_PASSWORD, is required when MAIDCENTRAL_API_URL is set",
  );
}
