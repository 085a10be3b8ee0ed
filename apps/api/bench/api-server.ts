import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fixedClock, noopLogger } from "@backup-portal/core";
import { createSimulator } from "@backup-portal/maidcentral-client/simulator";
import { createMemoryBlobStore, createMetadataStore } from "@backup-portal/storage";
import { createPostgresDb } from "@backup-portal/storage/postgres";
import { serve } from "@hono/node-server";
import { createApiApp } from "../src/app";
import { createApiMetrics } from "../src/metrics";
import { createStorageSources } from "../src/storage-sources";
import { createTokenVerifier } from "../src/token-verifier";
import {
  BENCH_NOW,
  BENCH_SECRET,
  benchUser,
  buildDay,
  DEFAULT_TIME_ZONE,
  mintToken,
  publishDay,
  WINDOW_DATES,
} from "./bench-world";

// The servers under test, in a process of their own so autocannon (in the parent) does not share
// their event loop. Serves the API and a plain node:http server with the admin body's bytes.
export interface ServerReady {
  api: string;
  plain: string;
  warmDate: string;
  coldDates: string[];
  jobs: number;
  technicianJobs: number;
  adminBytes: number;
  technicianBytes: number;
}

const dbUrl = process.argv[2];
if (!dbUrl) throw new Error("usage: api-server.ts <database url>");

const clock = fixedClock(BENCH_NOW);
const db = createPostgresDb(dbUrl, { max: 10, applicationName: "api-bench-server" });
const metadata = createMetadataStore({ db, clock });
const blobs = createMemoryBlobStore();
const sim = createSimulator({
  seed: "api-bench",
  companies: 1,
  jobsPerDay: { min: 150, max: 150 },
});
const company = sim.companies()[0];
if (!company) throw new Error("the simulator has no company");

const admin = benchUser(1);
const technician = benchUser(2);
const probe = buildDay(sim, company, "00000000-0000-4000-8000-000000000000", WINDOW_DATES[0] ?? "");
const technicianId = probe.jobs[0]?.employees[0]?.id;
if (technicianId === undefined) throw new Error("the first job has no employee");

await metadata.upsertDirectory(
  {
    groups: [{ serviceCompanyGroupId: company.serviceCompanyGroupId, name: "G", isActive: true }],
    companies: [
      {
        serviceCompanyId: company.serviceCompanyId,
        serviceCompanyGroupId: company.serviceCompanyGroupId,
        name: company.name,
        isActive: true,
      },
    ],
    users: [
      { id: admin, role: "admin" as const, employee: 900_001 },
      { id: technician, role: "technician" as const, employee: technicianId },
    ].map((u) => ({
      userId: u.id,
      email: `${u.role}@bench.example`,
      firstName: u.role,
      lastName: "Bench",
      fullName: `${u.role} Bench`,
      role: u.role,
      employeeInformationId: u.employee,
      serviceCompanyId: company.serviceCompanyId,
    })),
  },
  { enableNewCompanies: true },
);
const row = await metadata.getCompany(String(company.serviceCompanyId));
if (!row) throw new Error("the company was not created");

const jobCounts = new Map<string, number>();
for (const date of WINDOW_DATES) {
  const document = buildDay(sim, company, row.id, date);
  jobCounts.set(date, document.stats.jobCount);
  await publishDay(metadata, blobs, row.id, date, document);
}
const warmDate = WINDOW_DATES.find((d) => (jobCounts.get(d) ?? 0) >= 150);
if (!warmDate) throw new Error("no day in the window has 150 jobs");

const app = createApiApp({
  verifier: createTokenVerifier({ hsSecret: BENCH_SECRET }),
  ...createStorageSources(metadata),
  blobs,
  clock,
  logger: noopLogger,
  metrics: createApiMetrics(),
  defaultTimeZone: DEFAULT_TIME_ZONE,
  ready: async () => {
    await db.query("SELECT 1");
  },
});
const api = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 });
await new Promise<void>((resolve) => api.once("listening", () => resolve()));
const apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;

// The plain server answers with exactly the admin body the API renders, and the same headers.
const adminResponse = await fetch(`${apiUrl}/get-schedule?date=${warmDate}`, {
  headers: { Authorization: `Bearer ${await mintToken(admin)}` },
});
if (adminResponse.status !== 200) throw new Error(`admin view answered ${adminResponse.status}`);
const adminBody = Buffer.from(await adminResponse.arrayBuffer());
const technicianResponse = await fetch(`${apiUrl}/get-schedule?date=${warmDate}`, {
  headers: { Authorization: `Bearer ${await mintToken(technician)}` },
});
const technicianBody = (await technicianResponse.json()) as { jobs: unknown[] };
const etag = adminResponse.headers.get("etag") ?? '"plain"';
const plain = createServer((_req, res) => {
  res.writeHead(200, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": adminBody.byteLength,
    ETag: etag,
    "Cache-Control": "private, no-cache",
    Vary: "Authorization, Accept-Encoding",
  });
  res.end(adminBody);
});
await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));

const ready: ServerReady = {
  api: apiUrl,
  plain: `http://127.0.0.1:${(plain.address() as AddressInfo).port}`,
  warmDate,
  coldDates: WINDOW_DATES.filter((d) => d !== warmDate),
  jobs: jobCounts.get(warmDate) ?? 0,
  technicianJobs: technicianBody.jobs.length,
  adminBytes: adminBody.byteLength,
  technicianBytes: Buffer.byteLength(JSON.stringify(technicianBody)),
};
process.send?.(ready);
process.on("message", async (message) => {
  if (message !== "stop") return;
  api.close();
  plain.close();
  await db.close();
  process.exit(0);
});
