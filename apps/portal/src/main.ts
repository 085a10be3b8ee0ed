import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { redactUrl } from "@backup-portal/storage/runtime";
import { pino } from "pino";
import { findSampleViewers, mintAccessToken } from "./access-token";
import { loadPortalEnv } from "./env";
import type { RunProgress } from "./run-progress";
import { startPortal } from "./start-portal";

/**
 * On embedded defaults the terminal is for people: JSON logs go to DATA_DIR/portal.log and only
 * warnings and errors to stderr. With a real database (a deployment) everything goes to stdout.
 */
function createLogger(env: ReturnType<typeof loadPortalEnv>) {
  const options = { name: "backup-portal", level: env.LOG_LEVEL };
  if (env.DATABASE_URL) return pino(options);
  mkdirSync(env.DATA_DIR, { recursive: true });
  return pino(
    options,
    pino.multistream([
      {
        level: env.LOG_LEVEL === "silent" ? "fatal" : env.LOG_LEVEL,
        stream: pino.destination({ dest: join(env.DATA_DIR, "portal.log"), mkdir: true }),
      },
      { level: "warn", stream: process.stderr },
    ]),
  );
}

/** `npm start`: the whole portal in one process, with a first sync and sample requests. */
async function main(): Promise<void> {
  const env = loadPortalEnv();
  const logger = createLogger(env);
  const say = (line = "") => process.stdout.write(`${line}\n`);
  let lastLine = "";
  const onProgress = (p: RunProgress) => {
    const line = `first sync: ${p.done}/${p.total} jobs done, ${p.failed} failed`;
    if (line === lastLine) return;
    lastLine = line;
    say(line);
  };
  const portal = await startPortal(env, { logger, onProgress });

  say();
  say(`Backup Portal is listening on ${portal.url}`);
  say(
    `  database: ${portal.storage.mode.database === "pglite" ? `embedded PGlite in ${portal.storage.mode.where}` : redactUrl(env.DATABASE_URL ?? "")}`,
  );
  say(
    `  blobs:    ${portal.storage.mode.blobs === "fs" ? `files in ${env.DATA_DIR}/blobs` : `Supabase Storage bucket ${env.STORAGE_BUCKET}`}`,
  );
  if (!env.DATABASE_URL) say(`  logs:     ${join(env.DATA_DIR, "portal.log")}`);
  say(
    `  schedule: ${env.SYNC_CRON === "off" ? "no in-process schedule (SYNC_CRON=off)" : `SYNC_CRON "${env.SYNC_CRON}"`}`,
  );
  if (portal.maidcentral.source === "simulator") {
    say();
    say("  ┌────────────────────────────────────────────────────────────────────────┐");
    say("  │  MAIDCENTRAL_API_URL is not set: data comes from the BUILT-IN SIMULATOR │");
    say("  │  (invented companies, users and jobs), not from MaidCentral.           │");
    say("  │  For the real API set MAIDCENTRAL_API_URL and MAIDCENTRAL_API_KEY      │");
    say("  │  (or MAIDCENTRAL_USERNAME + MAIDCENTRAL_PASSWORD). See .env.example.   │");
    say("  └────────────────────────────────────────────────────────────────────────┘");
  }
  say();

  const shutdown = async (signal: string) => {
    say(`${signal}: stopping (in-flight jobs finish or go back to the queue)…`);
    await portal.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));

  const { summary, progress } = await portal.firstRun;
  say(
    `first sync finished: ${progress.done}/${progress.total} jobs, ${progress.failed} failed (run ${summary.runId})`,
  );
  say();
  say("Ready.");
  say(`  health:  curl -s ${portal.url}/health`);
  const secretRef = env.SYNC_SECRET ? "$SYNC_SECRET" : `$(cat ${env.DATA_DIR}/secrets/sync-secret)`;
  say(
    `  sync now: curl -s -X POST -H "Authorization: Bearer ${secretRef}" ${portal.url}/hourly-sync`,
  );
  if (!portal.jwtSecret) {
    say("  (tokens come from Supabase Auth: sign in through the portal to get one)");
    return;
  }
  const samples = await findSampleViewers(portal.storage.db, portal.storage.blobs, {
    defaultTimeZone: env.DEFAULT_TIME_ZONE,
  });
  if (samples.length === 0) {
    say(
      "  no company has a ready day with jobs yet; `pnpm portal token --user <id>` mints a token",
    );
    return;
  }
  for (const sample of samples) {
    const token = await mintAccessToken(portal.jwtSecret, sample.userId, { ttlSeconds: 12 * 3600 });
    say();
    say(`  ${sample.role} view — ${sample.name}, ${sample.companyName} (token valid 12 h):`);
    say(
      `  curl -s -H "Authorization: Bearer ${token}" "${portal.url}/get-schedule?date=${sample.date}&companyId=${sample.companyId}"`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`backup-portal: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
