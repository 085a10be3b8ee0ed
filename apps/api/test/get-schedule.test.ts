import {
  checksumDocument,
  fixedClock,
  noopLogger,
  type ScheduleDocument,
} from "@backup-portal/core";
import {
  createJobQueue,
  createMemoryBlobStore,
  createMetadataStore,
  type Db,
  type MetadataStore,
  migrate,
} from "@backup-portal/storage";
import { createPgliteDb } from "@backup-portal/storage/pglite";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiApp } from "../src/app";
import { createApiMetrics } from "../src/metrics";
import { createStorageSources } from "../src/storage-sources";
import { createTokenVerifier } from "../src/token-verifier";
import { makeDocument, makeJob } from "./schedule-fixture";

const SECRET = "api-test-secret-api-test-secret-0123";
const DATE = "2026-03-08";
const users = {
  tech: "00000000-0000-4000-8000-000000000001",
  admin: "00000000-0000-4000-8000-000000000002",
  groupAdmin: "00000000-0000-4000-8000-000000000003",
  multi: "00000000-0000-4000-8000-000000000004",
  techB: "00000000-0000-4000-8000-000000000005",
  stranger: "00000000-0000-4000-8000-000000000009",
  secondAdmin: "00000000-0000-4000-8000-000000000006",
};

// 15:00 UTC on 8 March 2026 is 11:00 in New York, just after the spring-forward change.
const clock = fixedClock("2026-03-08T15:00:00Z");
const blobs = createMemoryBlobStore();
let db: Db;
let metadata: MetadataStore;
let app: ReturnType<typeof createApiApp>;
const companyIds: Record<number, string> = {};
const documents: Record<string, ScheduleDocument> = {};

async function token(sub: string, exp = "1h"): Promise<string> {
  return new SignJWT({ sub, aud: "authenticated", role: "authenticated" })
    .setProtectedHeader({ alg: "HS256" })
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(SECRET));
}

async function get(path: string, sub: string | null, headers: Record<string, string> = {}) {
  const auth: Record<string, string> = sub ? { Authorization: `Bearer ${await token(sub)}` } : {};
  return app.request(path, { headers: { ...auth, ...headers } });
}

async function publish(serviceCompanyId: number, date: string, document: ScheduleDocument) {
  const companyId = companyIds[serviceCompanyId] as string;
  const storagePath = `${companyId}/${date}/schedule.json`;
  const bytes = new TextEncoder().encode(JSON.stringify(document));
  await blobs.put(storagePath, bytes, { contentType: "application/json" });
  await metadata.markReady({
    companyId,
    date,
    storagePath,
    fileSizeKb: Math.ceil(bytes.byteLength / 1024),
    checksum: await checksumDocument(document),
    jobCount: document.stats.jobCount,
    employeeCount: document.stats.employeeCount,
    teamCount: document.stats.teamCount,
  });
  documents[`${serviceCompanyId}/${date}`] = document;
}

beforeAll(async () => {
  db = await createPgliteDb("memory");
  await migrate(db);
  metadata = createMetadataStore({ db, clock });
  await metadata.upsertDirectory(
    {
      groups: [
        { serviceCompanyGroupId: 1, name: "Group One", isActive: true },
        { serviceCompanyGroupId: 2, name: "Group Two", isActive: true },
      ],
      companies: [
        { serviceCompanyId: 71, serviceCompanyGroupId: 1, name: "Alpha", isActive: true },
        { serviceCompanyId: 72, serviceCompanyGroupId: 1, name: "Beta", isActive: true },
        { serviceCompanyId: 80, serviceCompanyGroupId: 2, name: "Gamma", isActive: true },
      ],
      users: [
        user(users.tech, "technician", 1244, 71),
        user(users.admin, "admin", 1, 71),
        user(users.secondAdmin, "admin", 2, 71),
        user(users.groupAdmin, "group_admin", null, 71),
        user(users.multi, "technician", 1244, 71),
        user(users.multi, "admin", 5000, 80),
        user(users.techB, "technician", 2000, 72),
      ],
    },
    { enableNewCompanies: true },
  );
  for (const id of [71, 72, 80]) {
    const company = await metadata.getCompany(id);
    if (!company) throw new Error(`company ${id} was not created`);
    companyIds[id] = company.id;
    await metadata.updateCompanyFromPayload(company.id, { timeZone: "America/New_York" });
  }
  const jobsA = [
    makeJob(101, DATE, [{ id: 1244, teamId: 10 }], 8),
    makeJob(102, DATE, [{ id: 1300, teamId: 20 }], 9),
    makeJob(
      103,
      DATE,
      [
        { id: 1244, teamId: 10 },
        { id: 1300, teamId: 20 },
      ],
      13,
    ),
  ];
  await publish(
    71,
    DATE,
    makeDocument({
      companyId: companyIds[71] as string,
      serviceCompanyId: 71,
      date: DATE,
      jobs: jobsA,
    }),
  );
  await publish(
    72,
    DATE,
    makeDocument({
      companyId: companyIds[72] as string,
      serviceCompanyId: 72,
      date: DATE,
      jobs: [makeJob(201, DATE, [{ id: 2000, teamId: 30 }])],
    }),
  );
  await publish(
    80,
    DATE,
    makeDocument({
      companyId: companyIds[80] as string,
      serviceCompanyId: 80,
      date: DATE,
      jobs: [makeJob(301, DATE, [{ id: 5000, teamId: 40 }])],
    }),
  );

  app = createApiApp({
    verifier: createTokenVerifier({ hsSecret: SECRET }),
    ...createStorageSources(metadata),
    blobs,
    clock,
    logger: noopLogger,
    metrics: createApiMetrics({ defaultMetrics: false }),
    defaultTimeZone: "America/New_York",
    corsOrigins: ["https://portal.example"],
    profileTtlMs: 0,
    ready: async () => {
      await db.query("SELECT 1");
    },
    queueStats: () => createJobQueue({ db, clock }).stats(),
  });
});

afterAll(async () => {
  await db?.close();
});

function user(
  userId: string,
  role: "technician" | "admin" | "group_admin",
  employeeInformationId: number | null,
  serviceCompanyId: number,
) {
  return {
    userId,
    email: `${userId.slice(-4)}@example.com`,
    firstName: "F",
    lastName: "L",
    fullName: "F L",
    role,
    employeeInformationId,
    serviceCompanyId,
  };
}

const HIDDEN_FROM_TECHNICIANS = [
  "ACCESS-CODE",
  "MEMO-SECRET",
  "555-100-",
  "555-200-",
  "@example.com",
  "911.11",
  "822.22",
  "733.33",
  "44.44",
  "33.33",
  "77.77",
];

describe("GET /get-schedule", () => {
  it("gives an admin every job and every field", async () => {
    const response = await get(`/get-schedule?date=${DATE}`, users.admin);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("private");
    const body = await response.json();
    expect(body.viewer).toEqual({ role: "admin", employeeId: 1 });
    expect(body.jobs.map((j: { id: number }) => j.id)).toEqual([101, 102, 103]);
    expect(body.stats).toEqual({ jobCount: 3, employeeCount: 2, teamCount: 2 });
    expect(body.sync).toMatchObject({ status: "ready", stale: false });
    const text = JSON.stringify(body);
    for (const value of HIDDEN_FROM_TECHNICIANS) expect(text).toContain(value);
    expect(text).not.toContain("<script>");
    expect(body.jobs[0].start).toBe("2026-03-08T08:00:00-04:00");
  });

  it("names each admin in their own view, even right after another admin read the same day", async () => {
    const first = await get(`/get-schedule?date=${DATE}`, users.admin);
    const second = await get(`/get-schedule?date=${DATE}`, users.secondAdmin);
    expect((await first.json()).viewer).toEqual({ role: "admin", employeeId: 1 });
    expect((await second.json()).viewer).toEqual({ role: "admin", employeeId: 2 });
    expect(second.headers.get("etag")).not.toBe(first.headers.get("etag"));
  });

  it("gives a technician exactly their jobs and none of the hidden values", async () => {
    const response = await get(`/get-schedule?date=${DATE}`, users.tech);
    expect(response.status).toBe(200);
    const raw = await response.text();
    const body = JSON.parse(raw);
    expect(body.viewer).toEqual({ role: "technician", employeeId: 1244 });
    expect(body.jobs.map((j: { id: number }) => j.id)).toEqual([101, 103]);
    for (const value of HIDDEN_FROM_TECHNICIANS) expect(raw).not.toContain(value);
    expect(raw).not.toContain("accessInformation");
    expect(raw).not.toContain("internalMemo");
    expect(raw).toContain("101 Main St");
  });

  it("refuses a technician of one company asking for another, saying nothing of whether it exists", async () => {
    const other = await get(`/get-schedule?date=${DATE}&companyId=${companyIds[72]}`, users.tech);
    const missing = await get(`/get-schedule?date=${DATE}&companyId=99999`, users.tech);
    expect(other.status).toBe(403);
    expect(missing.status).toBe(403);
    expect(await other.json()).toEqual(await missing.json());
  });

  it("lets a group admin read two companies of the group and not a third", async () => {
    const a = await get(`/get-schedule?date=${DATE}&companyId=71`, users.groupAdmin);
    const b = await get(`/get-schedule?date=${DATE}&companyId=${companyIds[72]}`, users.groupAdmin);
    const c = await get(`/get-schedule?date=${DATE}&companyId=80`, users.groupAdmin);
    expect([a.status, b.status, c.status]).toEqual([200, 200, 403]);
    expect((await b.json()).jobs.map((j: { id: number }) => j.id)).toEqual([201]);
  });

  it("lets a user listed under two companies read both, and asks which one without companyId", async () => {
    const a = await get(`/get-schedule?date=${DATE}&companyId=71`, users.multi);
    const c = await get(`/get-schedule?date=${DATE}&companyId=80`, users.multi);
    expect((await a.json()).viewer.role).toBe("technician");
    expect((await c.json()).viewer.role).toBe("admin");
    const choose = await get(`/get-schedule?date=${DATE}`, users.multi);
    expect(choose.status).toBe(400);
    const body = await choose.json();
    expect(body.error.code).toBe("company_required");
    expect(
      body.error.companies.map((x: { serviceCompanyId: number }) => x.serviceCompanyId),
    ).toEqual([71, 80]);
  });

  it("refuses a user the directory does not know", async () => {
    expect((await get(`/get-schedule?date=${DATE}`, users.stranger)).status).toBe(403);
  });

  it("answers 401 with a Bearer challenge for a missing, malformed or expired token", async () => {
    const missing = await get(`/get-schedule?date=${DATE}`, null);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await missing.json()).error.code).toBe("missing_token");
    const malformed = await get(`/get-schedule?date=${DATE}`, null, {
      Authorization: "Bearer x.y",
    });
    expect(malformed.status).toBe(401);
    const expired = await app.request(`/get-schedule?date=${DATE}`, {
      headers: { Authorization: `Bearer ${await token(users.admin, "-1m")}` },
    });
    expect(expired.status).toBe(401);
    expect((await expired.json()).error.code).toBe("expired_token");
  });

  it("answers 400 for a date that is not a calendar date or not in the window", async () => {
    for (const date of ["2026-02-30", "08-03-2026", "", "2026-03-16", "2026-03-06"]) {
      const response = await get(`/get-schedule?date=${date}`, users.admin);
      expect(response.status, date).toBe(400);
      const body = await response.json();
      expect(body.error.message).not.toContain("at ");
    }
    // Yesterday (local) is in the window, but nothing was synced for it.
    expect((await get("/get-schedule?date=2026-03-07", users.admin)).status).toBe(404);
  });

  it("answers 404 with the row's status when the day has no good data yet", async () => {
    await metadata.markProcessing(companyIds[71] as string, "2026-03-09");
    const response = await get("/get-schedule?date=2026-03-09", users.admin);
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toContain("processing");
  });

  it("never serves a blob whose bytes do not match the row's checksum, nor a missing blob", async () => {
    const date = "2026-03-10";
    const document = makeDocument({
      companyId: companyIds[71] as string,
      serviceCompanyId: 71,
      date,
      jobs: [makeJob(401, date, [{ id: 1244, teamId: 10 }])],
    });
    await publish(71, date, document);
    const path = `${companyIds[71]}/${date}/schedule.json`;
    const tampered = { ...document, jobs: [] };
    await blobs.put(path, JSON.stringify(tampered), { contentType: "application/json" });
    const mismatch = await get(`/get-schedule?date=${date}`, users.admin);
    expect(mismatch.status).toBe(503);
    expect((await mismatch.json()).error.code).toBe("data_unreadable");
    await blobs.delete(path);
    expect((await get(`/get-schedule?date=${date}`, users.admin)).status).toBe(503);
  });

  it("serves the new day, not a 503, when a sync rewrites the blob just before its row", async () => {
    const date = "2026-03-12";
    const make = (jobId: number) =>
      makeDocument({
        companyId: companyIds[71] as string,
        serviceCompanyId: 71,
        date,
        jobs: [makeJob(jobId, date, [{ id: 1244, teamId: 10 }])],
      });
    await publish(71, date, make(601));
    const v2 = make(602);
    // The worker's order: blob first, then the row; a reader in between sees new bytes, old checksum.
    await blobs.put(`${companyIds[71]}/${date}/schedule.json`, JSON.stringify(v2), {
      contentType: "application/json",
    });
    const rowUpdate = new Promise((resolve) => setTimeout(resolve, 30)).then(() =>
      publish(71, date, v2),
    );
    const response = await get(`/get-schedule?date=${date}`, users.admin);
    await rowUpdate;
    expect(response.status).toBe(200);
    expect((await response.json()).jobs.map((j: { id: number }) => j.id)).toEqual([602]);
  });

  it("answers 304 for a matching ETag and varies the ETag by viewer", async () => {
    const first = await get(`/get-schedule?date=${DATE}`, users.admin);
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    const again = await get(`/get-schedule?date=${DATE}`, users.admin, {
      "If-None-Match": etag as string,
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const tech = await get(`/get-schedule?date=${DATE}`, users.tech, {
      "If-None-Match": etag as string,
    });
    expect(tech.status).toBe(200);
    expect(tech.headers.get("etag")).not.toBe(etag);
  });

  it("serves a changed day's new data at once", async () => {
    const date = "2026-03-11";
    const v1 = makeDocument({
      companyId: companyIds[71] as string,
      serviceCompanyId: 71,
      date,
      jobs: [makeJob(501, date, [{ id: 1244, teamId: 10 }])],
    });
    await publish(71, date, v1);
    const before = await get(`/get-schedule?date=${date}`, users.admin);
    expect((await before.json()).jobs.map((j: { id: number }) => j.id)).toEqual([501]);
    const v2 = makeDocument({
      companyId: companyIds[71] as string,
      serviceCompanyId: 71,
      date,
      jobs: [makeJob(502, date, [{ id: 1244, teamId: 10 }])],
    });
    await publish(71, date, v2);
    const after = await get(`/get-schedule?date=${date}`, users.admin);
    expect((await after.json()).jobs.map((j: { id: number }) => j.id)).toEqual([502]);
    expect(after.headers.get("etag")).not.toBe(before.headers.get("etag"));
  });

  it("marks a day stale when its last check is older than two hours", async () => {
    clock.advance(2 * 60 * 60 * 1000 + 60_000);
    try {
      const body = await (await get(`/get-schedule?date=${DATE}`, users.admin)).json();
      expect(body.sync.stale).toBe(true);
    } finally {
      clock.advance(-(2 * 60 * 60 * 1000 + 60_000));
    }
  });

  it("compresses when the client accepts gzip", async () => {
    const plain = await get(`/get-schedule?date=${DATE}`, users.admin);
    const zipped = await get(`/get-schedule?date=${DATE}`, users.admin, {
      "Accept-Encoding": "gzip",
    });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    const bytes = new Uint8Array(await zipped.arrayBuffer());
    const inflated = await new Response(
      new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")),
    ).text();
    expect(inflated).toBe(await plain.text());
  });

  it("answers CORS preflights for configured origins only", async () => {
    const allowed = await app.request(`/get-schedule?date=${DATE}`, {
      method: "OPTIONS",
      headers: { Origin: "https://portal.example", "Access-Control-Request-Method": "GET" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://portal.example");
    const other = await app.request(`/get-schedule?date=${DATE}`, {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example", "Access-Control-Request-Method": "GET" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("health, readiness and metrics", () => {
  it("answers /health, /ready and /metrics", async () => {
    expect((await app.request("/health")).status).toBe(200);
    expect(await (await app.request("/ready")).json()).toEqual({ status: "ready" });
    await get(`/get-schedule?date=${DATE}`, users.admin);
    const metrics = await (await app.request("/metrics")).text();
    expect(metrics).toContain(
      'http_request_duration_seconds_count{route="/get-schedule",method="GET",status="200"}',
    );
    expect(metrics).toMatch(/schedule_cache_events_total\{cache="document",result="hit"\} \d+/);
    expect(metrics).toContain("sync_queue_depth 0");
    expect(metrics).toContain("schedule_blob_read_seconds_bucket");
  });

  it("answers errors as JSON, never a stack trace", async () => {
    const response = await app.request("/nope");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: "not_found", message: "No route for GET /nope." },
    });
  });
});
