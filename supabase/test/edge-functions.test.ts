import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningFunction, startDenoFunction } from "./support/deno-function";
import { createTestDatabase, type TestDatabase } from "./support/test-database";

const run = promisify(execFile);
const packageDir = join(import.meta.dirname, "..");
const functionNames = ["hourly-sync", "background-worker", "get-schedule"] as const;
const syncSecret = "edge-test-sync-secret-0123456789";

// Nothing listens on port 1: the functions must start and answer /health without a database.
const unreachableEnv = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:1/unreachable",
  SUPABASE_URL: "http://127.0.0.1:1",
  SUPABASE_SERVICE_ROLE_KEY: "service-role-key-for-tests",
  SUPABASE_JWT_SECRET: "edge-test-jwt-secret-0123456789abcdef",
  SYNC_SECRET: syncSecret,
  MAIDCENTRAL_API_URL: "http://127.0.0.1:1",
  MAIDCENTRAL_API_KEY: "maidcentral-key-for-tests",
};

let workDir: string;
let bundles: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "bp-edge-"));
  bundles = join(workDir, "functions");
  await run(process.execPath, ["scripts/build-functions.mjs", "--outdir", bundles], {
    cwd: packageDir,
  });
}, 120_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function withFunction(
  name: string,
  env: Record<string, string>,
  fn: (running: RunningFunction) => Promise<void>,
): Promise<void> {
  const running = await startDenoFunction(join(bundles, name, "index.js"), env, {
    denoDir: join(workDir, "deno"),
  });
  try {
    await fn(running);
  } finally {
    await running.stop();
  }
}

describe.each(functionNames)("Edge Function %s under Deno", (name) => {
  it("answers GET /health at the root and under its Supabase function path", async () => {
    await withFunction(name, unreachableEnv, async ({ url }) => {
      for (const path of ["/health", `/${name}/health`, `/functions/v1/${name}/health`]) {
        const response = await fetch(`${url}${path}`);
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        expect(await response.json()).toEqual({ status: "ok" });
      }
    });
  });
});

describe("Edge Function configuration", () => {
  it("refuses to start without DATABASE_URL and names the variable", async () => {
    const { DATABASE_URL: _omitted, ...env } = unreachableEnv;
    await expect(
      startDenoFunction(join(bundles, "hourly-sync", "index.js"), env, {
        denoDir: join(workDir, "deno"),
      }),
    ).rejects.toThrow(/DATABASE_URL is required on Supabase Edge Functions/);
  });
});

describe("Edge Functions against PostgreSQL", () => {
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase("edge");
    env = { ...unreachableEnv, DATABASE_URL: database.url };
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("hourly-sync applies the schema and enqueues a run through the Supabase path", async () => {
    await withFunction("hourly-sync", env, async ({ url }) => {
      const refused = await fetch(`${url}/functions/v1/hourly-sync`, { method: "POST" });
      expect(refused.status).toBe(401);
      const accepted = await fetch(`${url}/hourly-sync`, {
        method: "POST",
        headers: { authorization: `Bearer ${syncSecret}` },
      });
      expect(accepted.status).toBe(202);
      const summary = (await accepted.json()) as { runId: string; jobsEnqueued: number };
      // The users sync is always enqueued; schedule jobs follow once companies are known.
      expect(summary.jobsEnqueued).toBe(1);
      const runs = await database.db.query<{ id: string }>("SELECT id FROM sync_runs");
      expect(runs.map((row) => row.id)).toEqual([summary.runId]);
    });
  });

  it("get-schedule is ready, serves metrics, and asks for a token on /get-schedule", async () => {
    await withFunction("get-schedule", env, async ({ url }) => {
      expect((await fetch(`${url}/get-schedule/ready`)).status).toBe(200);
      const metrics = await fetch(`${url}/functions/v1/get-schedule/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/^# (HELP|TYPE) /m);
      const unauthenticated = await fetch(`${url}/functions/v1/get-schedule?date=2026-03-08`);
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.headers.get("www-authenticate")).toMatch(/^Bearer/);
    });
  });

  it("background-worker drains an empty queue when called with the sync secret", async () => {
    await withFunction("background-worker", env, async ({ url }) => {
      const response = await fetch(`${url}/background-worker`, {
        method: "POST",
        headers: { authorization: `Bearer ${syncSecret}`, "content-type": "application/json" },
        body: JSON.stringify({ maxMs: 500 }),
      });
      expect(response.status).toBe(200);
      const counts = (await response.json()) as { processed: number };
      expect(typeof counts.processed).toBe("number");
    });
  });
});
