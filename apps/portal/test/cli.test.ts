import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixedClock, syncWindow } from "@backup-portal/core";
import { createJobQueue, createMetadataStore, StorageError } from "@backup-portal/storage";
import { lockDataDir, type OpenStorage, openStorage } from "@backup-portal/storage/runtime";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/run-cli";

const ADMIN = "0a000000-0000-4000-8000-000000000001";
const TECH = "0a000000-0000-4000-8000-000000000002";
let dataDir: string;
let storage: OpenStorage;
const clock = fixedClock(new Date());

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "bp-cli-"));
  storage = await openStorage({ dataDir });
  const metadata = createMetadataStore({ db: storage.db, clock });
  await metadata.upsertDirectory(
    {
      groups: [{ serviceCompanyGroupId: 1, name: "Group", isActive: true }],
      companies: [
        { serviceCompanyId: 59, serviceCompanyGroupId: 1, name: "Sparkle", isActive: true },
        { serviceCompanyId: 60, serviceCompanyGroupId: 1, name: "Shine", isActive: true },
      ],
      users: [
        {
          userId: ADMIN,
          email: "ann@example.test",
          firstName: "Ann",
          lastName: "A",
          fullName: "Ann A",
          role: "admin",
          employeeInformationId: 1,
          serviceCompanyId: 59,
        },
        {
          userId: TECH,
          email: "tom@example.test",
          firstName: "Tom",
          lastName: "T",
          fullName: "Tom T",
          role: "technician",
          employeeInformationId: 2,
          serviceCompanyId: 60,
        },
      ],
    },
    { enableNewCompanies: true },
  );
  const sparkle = await metadata.getCompany(59);
  if (!sparkle) throw new Error("seed failed");
  const [today, tomorrow] = syncWindow(clock.now(), "America/New_York");
  if (!today || !tomorrow) throw new Error("no window");
  await metadata.markReady({
    companyId: sparkle.id,
    date: today,
    storagePath: `${sparkle.id}/${today}/schedule.json`,
    fileSizeKb: 12,
    checksum: "c",
    jobCount: 3,
    employeeCount: 2,
    teamCount: 1,
  });
  await metadata.recordError(sparkle.id, tomorrow, "MaidCentral answered 500");
  const run = await metadata.recordRun({ trigger: "schedule" });
  const queue = createJobQueue({ db: storage.db, clock });
  await queue.enqueueMany([
    {
      type: "sync_schedule",
      companyId: sparkle.id,
      date: tomorrow,
      dedupKey: `sync_schedule:${sparkle.id}:${tomorrow}`,
      runId: run.id,
    },
  ]);
  const [job] = await queue.claim("w", 1, 60_000);
  if (!job) throw new Error("no job");
  await queue.fail(job, { message: "MaidCentral answered 500", retryable: false });
});
afterAll(async () => {
  await storage.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    io: { out: (t) => out.push(t), err: (t) => err.push(t) },
    env: { DATA_DIR: dataDir },
    clock,
    // The seeded database stays open; each command "opens" it without a second PGlite.
    openStorage: async () => ({ ...storage, close: async () => {} }),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("portal CLI on a seeded embedded database", () => {
  it("status prints a table and --json the same figures", async () => {
    const table = await cli("status");
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/COMPANY\s+SC ID\s+SYNC\s+LAST SUCCESSFUL CHECK/);
    expect(table.out).toMatch(/Sparkle\s+59\s+on\s+\S+ \S+ \(0 min ago\)\s+1\s+1\s+0\s+12 kB/);
    expect(table.out).toContain("1 failed in the last 24 h");
    const json = JSON.parse((await cli("status", "--json")).out);
    expect(json.companies[0]).toMatchObject({
      name: "Sparkle",
      daysReady: 1,
      daysFailed: 1,
      storageKb: 12,
    });
    expect(json.queue).toMatchObject({ pending: 0, failedLast24h: 1 });
    expect(json.jobsLast24h).toEqual([
      { jobType: "sync_schedule", status: "failed", count: 1, avgDurationMs: null },
    ]);
    expect(json.lastRun.trigger).toBe("schedule");
  });

  it("companies list, disable and enable by ServiceCompanyId", async () => {
    expect((await cli("companies", "disable", "60")).out).toContain(
      "Shine (60): portal and sync disabled",
    );
    const list = JSON.parse((await cli("companies", "list", "--json")).out);
    expect(list.find((c: { serviceCompanyId: number }) => c.serviceCompanyId === 60)).toMatchObject(
      { portalEnabled: false, syncEnabled: false },
    );
    expect((await cli("companies", "enable", "60")).code).toBe(0);
    expect((await cli("companies", "list")).out).toMatch(/Shine\s+on\s+on/);
    const missing = await cli("companies", "enable", "999");
    expect(missing).toMatchObject({
      code: 1,
      err: expect.stringContaining('no company has the id or ServiceCompanyId "999"'),
    });
  });

  it("users list, filtered by company", async () => {
    const all = JSON.parse((await cli("users", "list", "--json")).out);
    expect(all.map((u: { email: string }) => u.email)).toEqual([
      "ann@example.test",
      "tom@example.test",
    ]);
    const shine = await cli("users", "list", "--company", "60");
    expect(shine.out).toContain("tom@example.test");
    expect(shine.out).not.toContain("ann@example.test");
  });

  it("grant-superadmin by email, and a clear failure for an unknown one", async () => {
    expect((await cli("grant-superadmin", "ann@example.test")).out).toContain(ADMIN);
    const json = JSON.parse((await cli("users", "list", "--json")).out);
    expect(json[0].role).toBe("superadmin");
    expect((await cli("grant-superadmin", "nobody@example.test")).code).toBe(1);
  });

  it("jobs failed lists, jobs retry --failed re-enqueues through the queue once", async () => {
    const failed = JSON.parse((await cli("jobs", "failed", "--json")).out);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      type: "sync_schedule",
      serviceCompanyId: 59,
      error: "MaidCentral answered 500",
    });
    const retry = JSON.parse((await cli("jobs", "retry", "--failed", "--json")).out);
    expect(retry).toMatchObject({ failedJobs: 1, enqueued: 1, alreadyQueued: 0 });
    const again = JSON.parse((await cli("jobs", "retry", "--failed", "--json")).out);
    expect(again).toMatchObject({ enqueued: 0, alreadyQueued: 1 });
    expect(JSON.parse((await cli("status", "--json")).out).queue.pending).toBe(1);
    expect((await cli("jobs", "retry")).code).toBe(2);
  });

  it("sync enqueues a run now for one company", async () => {
    const result = await cli("sync", "--company", "60", "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ companies: 1, jobsEnqueued: 7, progress: null });
  });

  it("token mints a token for a user by email, refused with SUPABASE_URL", async () => {
    const { code, out } = await cli("token", "--user", "tom@example.test", "--ttl", "2h");
    expect(code).toBe(0);
    const claims = decodeJwt(out);
    expect(claims).toMatchObject({ sub: TECH, aud: "authenticated" });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(7200);
    expect((await cli("token", "--user", "x@example.test")).code).toBe(1);
    expect((await cli("token", "--user", TECH, "--ttl", "soon")).code).toBe(2);
    const refused = await runCli(["token", "--user", TECH], {
      io: { out: () => {}, err: (t) => expect(t).toContain("embedded mode only") },
      env: {
        DATA_DIR: dataDir,
        SUPABASE_URL: "https://x.supabase.co",
        SUPABASE_SERVICE_ROLE_KEY: "k",
      },
    });
    expect(refused).toBe(1);
  });

  it("answers usage errors with exit code 2 and --help with 0", async () => {
    expect((await cli("--help")).code).toBe(0);
    expect((await cli()).code).toBe(2);
    expect((await cli("frobnicate")).err).toContain('unknown command "frobnicate"');
    expect((await cli("status", "--wait")).code).toBe(2);
    expect((await cli("status", "--bogus")).code).toBe(2);
  });
});

describe("portal CLI while the portal holds DATA_DIR", () => {
  it("says so for database commands and sends sync through POST /hourly-sync", async () => {
    const held = await mkdtemp(join(tmpdir(), "bp-cli-held-"));
    const lock = await lockDataDir(held);
    try {
      // This process holds the lock, as the running portal would.
      const err: string[] = [];
      const io = { out: () => {}, err: (t: string) => err.push(t) };
      const env = { DATA_DIR: held, SYNC_SECRET: "s".repeat(24), PORT: "9999" };
      expect(await runCli(["status"], { io, env })).toBe(1);
      expect(err[0]).toContain("the portal is running and holds the embedded database; stop it");
      const calls: Array<[string, RequestInit | undefined]> = [];
      const out: string[] = [];
      const code = await runCli(["sync"], {
        io: { out: (t) => out.push(t), err: () => {} },
        env,
        openStorage: async () => {
          throw new StorageError("DATA_DIR_LOCKED", "held", {
            context: { pid: 4242 },
          });
        },
        fetch: (async (url: string, init?: RequestInit) => {
          calls.push([url, init]);
          return Response.json(
            { runId: "r1", companies: 2, jobsEnqueued: 16, duplicatesSkipped: 0, durationMs: 3 },
            { status: 202 },
          );
        }) as typeof fetch,
      });
      expect(code).toBe(0);
      expect(calls[0]?.[0]).toBe("http://127.0.0.1:9999/hourly-sync");
      expect(new Headers(calls[0]?.[1]?.headers).get("authorization")).toBe(
        `Bearer ${"s".repeat(24)}`,
      );
      expect(out[0]).toContain("the portal (pid 4242) holds the database");
    } finally {
      await lock.release();
      await rm(held, { recursive: true, force: true });
    }
  });
});
