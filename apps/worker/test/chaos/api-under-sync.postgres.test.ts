import { createApiFromEnv } from "@backup-portal/api";
import {
  checksumDocument,
  noopLogger,
  type ScheduleDocument,
  systemClock,
  viewFor,
} from "@backup-portal/core";
import { createFsBlobStore } from "@backup-portal/storage";
import { createPostgresDb } from "@backup-portal/storage/postgres";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSyncRig,
  createTestDatabase,
  openPostgres,
  type SyncRig,
  syncUntilIdle,
} from "../support";
import { sleep } from "./chaos-support";

// The read API serves admins and technicians the very days a sync keeps rewriting (the simulator
// changes most days between rounds). Every version a blob ever held is kept, by checksum, as the
// worker writes it, so each response can be checked against the document its ETag names.
const COMPANIES = 3;
const ROUNDS = 4;
const READERS = 12;
const SECRET = "chaos-api-secret-chaos-api-secret-0123";

interface Viewer {
  userId: string;
  companyId: string;
  role: "admin" | "technician";
  employeeId: number | null;
  token: string;
}

interface Day {
  companyId: string;
  date: string;
}

interface Problem {
  what: string;
  viewer: string;
  day: string;
  status: number;
  detail?: unknown;
}

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let rig: SyncRig;
let app: Awaited<ReturnType<typeof createApiFromEnv>>["app"];
let apiDb: ReturnType<typeof createPostgresDb>;
/** Every version of every day's document: path → checksum → document. */
const versions = new Map<string, Map<string, ScheduleDocument>>();
const viewers: Viewer[] = [];
let days: Day[] = [];

const pathOf = (day: Day) => `${day.companyId}/${day.date}/schedule.json`;

async function keepVersion(path: string, body: Uint8Array | string): Promise<void> {
  const text = typeof body === "string" ? body : new TextDecoder().decode(body);
  const document = JSON.parse(text) as ScheduleDocument;
  const byChecksum = versions.get(path) ?? new Map<string, ScheduleDocument>();
  byChecksum.set(await checksumDocument(document), document);
  versions.set(path, byChecksum);
}

function mint(userId: string): Promise<string> {
  return new SignJWT({ sub: userId, aud: "authenticated", role: "authenticated" })
    .setProtectedHeader({ alg: "HS256" })
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(SECRET));
}

beforeAll(async () => {
  database = await createTestDatabase("bp_chaos_api");
  rig = await createSyncRig(await openPostgres(database.url), {
    sim: { companies: COMPANIES, jobsPerDay: { min: 25, max: 60 } },
    onBlobPut: keepVersion,
  });
  await rig.coordinator.run({ trigger: "users" });
  await syncUntilIdle(rig);
  await rig.coordinator.run({ trigger: "first" });
  await syncUntilIdle(rig);

  days = await rig.db.query<Day>(
    `SELECT company_id AS "companyId", to_char(date, 'YYYY-MM-DD') AS date FROM schedule_data
      WHERE status = 'ready' ORDER BY 1, 2`,
  );
  expect(days).toHaveLength(7 * COMPANIES);
  // Per company: two admins and the technicians who have jobs in the first version of some day.
  const members = await rig.db.query<{
    user_id: string;
    company_id: string;
    role: string;
    employee_information_id: number | null;
  }>(
    `SELECT m.user_id, m.company_id, m.role, m.employee_information_id
       FROM user_company_memberships m JOIN user_profiles p ON p.id = m.user_id
      WHERE p.is_active AND p.role = m.role AND m.role IN ('admin', 'technician')
      ORDER BY m.company_id, m.role, m.user_id`,
  );
  const scheduled = new Set<number>();
  for (const byChecksum of versions.values()) {
    for (const doc of byChecksum.values()) for (const e of doc.employees) scheduled.add(e.id);
  }
  for (const companyId of new Set(days.map((d) => d.companyId))) {
    const admins = members.filter((m) => m.company_id === companyId && m.role === "admin");
    const techs = members.filter(
      (m) =>
        m.company_id === companyId &&
        m.role === "technician" &&
        m.employee_information_id !== null &&
        scheduled.has(m.employee_information_id),
    );
    for (const m of [...admins.slice(0, 2), ...techs.slice(0, 4)]) {
      viewers.push({
        userId: m.user_id,
        companyId,
        role: m.role as Viewer["role"],
        employeeId: m.employee_information_id,
        token: await mint(m.user_id),
      });
    }
  }
  expect(viewers.filter((v) => v.role === "admin").length, "admins").toBeGreaterThanOrEqual(3);
  expect(viewers.filter((v) => v.role === "technician").length, "technicians").toBeGreaterThan(3);

  apiDb = createPostgresDb(database.url, { max: 6, applicationName: "bp-chaos-api" });
  ({ app } = await createApiFromEnv(
    {
      DATA_DIR: rig.blobRoot,
      DATABASE_URL: database.url,
      STORAGE_BUCKET: "schedules",
      SUPABASE_JWT_SECRET: SECRET,
      DEFAULT_TIME_ZONE: "America/New_York",
      CORS_ORIGINS: [],
      CACHE_MAX_MB: 16,
    },
    {
      db: apiDb,
      blobs: createFsBlobStore({ root: rig.blobRoot }),
      mode: { database: "postgres", blobs: "fs", where: "chaos test" },
      close: async () => {},
    },
    { logger: noopLogger, clock: systemClock },
  ));
  rig.sim.setKnobs({ latencyMs: 20, jitterMs: 40 });
}, 60_000);

afterAll(async () => {
  await apiDb?.close();
  await rig?.close();
  await rig?.db.close();
  await database?.drop();
});

/** What is wrong with one response, if anything; `served` collects the checksums seen per day. */
async function check(
  viewer: Viewer,
  day: Day,
  sentEtag: string | undefined,
  response: Response,
  served: Map<string, Set<string>>,
): Promise<Problem | string> {
  const where = {
    viewer: `${viewer.role}:${viewer.employeeId}`,
    day: `${day.companyId}/${day.date}`,
    status: response.status,
  };
  const etag = response.headers.get("etag") ?? "";
  if (response.status === 304) {
    if (sentEtag === undefined || etag !== sentEtag) {
      return { what: "304 without a matching If-None-Match", ...where, detail: { sentEtag, etag } };
    }
    return etag;
  }
  const text = await response.text();
  if (response.status !== 200) return { what: "not 200/304", ...where, detail: text };
  const prefix = /^"([0-9a-f]{24})-/.exec(etag)?.[1];
  const candidates = [...(versions.get(pathOf(day)) ?? new Map()).entries()].filter(([checksum]) =>
    checksum.startsWith(prefix ?? "-"),
  );
  if (candidates.length !== 1) {
    return { what: "ETag names no version this day had", ...where, detail: { etag } };
  }
  const [[checksum, document]] = candidates as [[string, ScheduleDocument]];
  let body: ReturnType<typeof viewFor>;
  try {
    body = JSON.parse(text);
  } catch {
    return { what: "body is not complete JSON", ...where, detail: text.slice(-200) };
  }
  const expectedViewer = { role: viewer.role, employeeId: viewer.employeeId };
  if (JSON.stringify(body.viewer) !== JSON.stringify(expectedViewer)) {
    return { what: "wrong viewer", ...where, detail: body.viewer };
  }
  const expected = JSON.parse(JSON.stringify(viewFor(document, body.viewer, body.sync)));
  if (JSON.stringify(body) !== JSON.stringify(expected)) {
    return { what: "body differs from viewFor of the version its ETag names", ...where };
  }
  // The view holds together on its own: counts, rosters, and a technician's own jobs only.
  const employeeIds = new Set(body.employees.map((e) => e.id));
  const consistent =
    body.stats.jobCount === body.jobs.length &&
    body.stats.employeeCount === body.employees.length &&
    body.stats.teamCount === body.teams.length &&
    body.jobs.every((job) => job.employees.every((e) => employeeIds.has(e.id))) &&
    (viewer.role === "admin" ||
      body.jobs.every((job) => job.employees.some((e) => e.id === viewer.employeeId)));
  if (!consistent) return { what: "view inconsistent with itself", ...where };
  const seen = served.get(where.day) ?? new Set<string>();
  seen.add(checksum);
  served.set(where.day, seen);
  return etag;
}

describe("the API under load while a sync rewrites the same days", () => {
  it("answers every request 200 or 304 with a complete view of a version the day really had", async () => {
    const problems: Problem[] = [];
    const served = new Map<string, Set<string>>();
    const lastEtag = new Map<string, string>();
    let requests = 0;
    let notModified = 0;
    let syncing = true;

    const reader = async (n: number) => {
      let i = n;
      while (syncing) {
        i += READERS;
        const viewer = viewers[i % viewers.length] as Viewer;
        const own = days.filter((d) => d.companyId === viewer.companyId);
        const day = own[(i * 7 + n) % own.length] as Day;
        const key = `${viewer.userId}|${day.companyId}|${day.date}`;
        const sentEtag = i % 3 === 0 ? lastEtag.get(key) : undefined;
        const response = await app.request(
          `/get-schedule?date=${day.date}&companyId=${day.companyId}`,
          {
            headers: {
              Authorization: `Bearer ${viewer.token}`,
              ...(sentEtag ? { "If-None-Match": sentEtag } : {}),
            },
          },
        );
        requests++;
        if (response.status === 304) notModified++;
        const outcome = await check(viewer, day, sentEtag, response, served);
        if (typeof outcome === "string") lastEtag.set(key, outcome);
        else if (problems.length < 20) problems.push(outcome);
        // Yield now and then so the worker's own I/O is not starved on a busy machine.
        if (i % 16 === 0) await sleep(1);
      }
    };
    const readers = Array.from({ length: READERS }, (_, n) => reader(n));

    let rewritten = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      rig.sim.mutate({ share: 0.7, seed: `api-round-${round}` });
      const before = rig.blobs.puts.length;
      await rig.coordinator.run({ trigger: `round-${round}` });
      await syncUntilIdle(rig, 30_000);
      rewritten += rig.blobs.puts.length - before;
    }
    syncing = false;
    await Promise.all(readers);

    expect(problems, `bad responses out of ${requests}`).toEqual([]);
    expect(rewritten, "days rewritten while being read").toBeGreaterThan(ROUNDS * 7);
    expect(requests, "requests served during the rounds").toBeGreaterThan(200);
    expect(notModified, "conditional requests answered 304").toBeGreaterThan(0);
    const daysSeenChanging = [...served.values()].filter((s) => s.size > 1).length;
    expect(daysSeenChanging, "days served in more than one version").toBeGreaterThan(3);

    // Once the sync is done, each day serves its newest version.
    for (const viewer of viewers.filter((v) => v.role === "admin")) {
      for (const day of days.filter((d) => d.companyId === viewer.companyId)) {
        const response = await app.request(
          `/get-schedule?date=${day.date}&companyId=${day.companyId}`,
          { headers: { Authorization: `Bearer ${viewer.token}` } },
        );
        const [row] = await rig.db.query<{ checksum: string }>(
          "SELECT checksum FROM schedule_data WHERE company_id = $1 AND date = $2::date",
          [day.companyId, day.date],
        );
        expect(response.status).toBe(200);
        expect(response.headers.get("etag")).toContain(
          `"${row?.checksum.slice(0, 24)}-admin.${viewer.employeeId}-`,
        );
      }
    }
  }, 80_000);
});
