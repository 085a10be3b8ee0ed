import { fixedClock, noopLogger, syncWindow } from "@backup-portal/core";
import {
  createAlertStore,
  createJobQueue,
  createMetadataStore,
  type Db,
  migrate,
} from "@backup-portal/storage";
import { createPgliteDb } from "@backup-portal/storage/pglite";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AlertMonitor, createAlertMonitor } from "./alerts";
import { createLogNotifier, createWebhookNotifier } from "./alerts-notifier";

const WEBHOOK = "https://hooks.example.test/services/T0/B0/x";
const server = setupServer();
let posted: string[] = [];
let webhookStatus = 200;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  db = await createPgliteDb("memory");
  await migrate(db);
});
afterAll(async () => db.close());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const MIN = 60_000;
const HOUR = 60 * MIN;
const ZONE = "America/New_York";
let db: Db;

beforeEach(async () => {
  posted = [];
  webhookStatus = 200;
  server.use(
    http.post(WEBHOOK, async ({ request }) => {
      const body = (await request.json()) as { text: string };
      posted.push(body.text);
      return new HttpResponse(null, { status: webhookStatus });
    }),
  );
  await db.exec(
    "TRUNCATE alert_state, background_jobs, sync_runs, schedule_data, user_company_memberships, user_profiles, companies, service_company_groups CASCADE",
  );
});

async function seed(clock: ReturnType<typeof fixedClock>) {
  const metadata = createMetadataStore({ db, clock });
  await metadata.upsertDirectory(
    {
      groups: [{ serviceCompanyGroupId: 1, name: "Group", isActive: true }],
      companies: [
        { serviceCompanyId: 59, serviceCompanyGroupId: 1, name: "Sparkle", isActive: true },
      ],
      users: [],
    },
    { enableNewCompanies: true },
  );
  const company = await metadata.getCompany(59);
  if (!company) throw new Error("seed failed");
  await metadata.setCompanySettings(company.id, { timeZone: ZONE });
  return { metadata, company };
}

async function syncAll(clock: ReturnType<typeof fixedClock>, companyId: string) {
  const metadata = createMetadataStore({ db, clock });
  await metadata.recordRun({ trigger: "test" });
  for (const date of syncWindow(clock.now(), ZONE)) {
    await metadata.markReady({
      companyId,
      date,
      storagePath: `${companyId}/${date}/schedule.json`,
      fileSizeKb: 2,
      checksum: "x",
      jobCount: 1,
      employeeCount: 1,
      teamCount: 1,
    });
  }
}

function monitor(clock: ReturnType<typeof fixedClock>): AlertMonitor {
  return createAlertMonitor({
    store: createAlertStore({ db, clock }),
    metadata: createMetadataStore({ db, clock }),
    notifiers: [createLogNotifier(noopLogger), createWebhookNotifier({ url: WEBHOOK })],
    clock,
    logger: noopLogger,
    defaultTimeZone: ZONE,
  });
}

describe("alert monitor", () => {
  it("fires once, does not repeat (even from another process), and resolves once", async () => {
    const clock = fixedClock(new Date());
    const { company } = await seed(clock);
    await syncAll(clock, company.id);
    const first = monitor(clock);
    const second = monitor(clock);

    expect((await first.evaluate()).sent).toEqual([]);
    clock.advance(91 * MIN);
    const fired = await first.evaluate();
    expect(fired.sent.map((n) => [n.key, n.status])).toEqual([
      [`stale_day:${company.id}`, "firing"],
    ]);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain("Sparkle (59): 7 day(s) without a successful check");

    clock.advance(5 * MIN);
    expect((await first.evaluate()).sent).toEqual([]);
    expect((await second.evaluate()).sent).toEqual([]);

    clock.advance(25 * MIN);
    const noRun = await second.evaluate();
    expect(noRun.sent.map((n) => n.key)).toEqual(["no_run"]);
    expect(posted).toHaveLength(2);

    await syncAll(clock, company.id);
    const resolved = await first.evaluate();
    expect(resolved.sent.map((n) => n.status)).toEqual(["resolved", "resolved"]);
    expect(posted.slice(2).every((text) => text.startsWith("✅ Backup Portal resolved"))).toBe(
      true,
    );
    expect((await second.evaluate()).sent).toEqual([]);
    expect((await first.evaluate()).sent).toEqual([]);
    expect(posted).toHaveLength(4);
  });

  it("repeats an open alert only after four hours", async () => {
    const clock = fixedClock(new Date());
    await seed(clock);
    await createMetadataStore({ db, clock }).recordRun({ trigger: "test" });
    const m = monitor(clock);
    clock.advance(2 * HOUR);
    expect((await m.evaluate()).sent.map((n) => n.status)).toContain("firing");
    const count = posted.length;
    clock.advance(3 * HOUR);
    expect((await m.evaluate()).sent).toEqual([]);
    clock.advance(HOUR);
    const repeated = await m.evaluate();
    expect(repeated.sent.length).toBe(count);
    expect(repeated.sent.every((n) => n.status === "repeat")).toBe(true);
    expect(posted.at(-1)).toContain("open since");
  });

  it("alerts when more than 20% of a run's schedule jobs fail", async () => {
    const clock = fixedClock(new Date());
    const { company, metadata } = await seed(clock);
    await syncAll(clock, company.id);
    const run = await metadata.recordRun({ trigger: "test" });
    const queue = createJobQueue({ db, clock });
    const dates = syncWindow(clock.now(), ZONE);
    await queue.enqueueMany(
      dates.map((date) => ({
        type: "sync_schedule" as const,
        companyId: company.id,
        date,
        dedupKey: `sync_schedule:${company.id}:${date}`,
        runId: run.id,
      })),
    );
    const claimed = await queue.claim("w", 7, 60_000);
    for (const job of claimed.slice(0, 2)) {
      await queue.fail(job, { message: "MaidCentral said no", retryable: false });
    }
    for (const job of claimed.slice(2)) await queue.complete(job, {}, 5);
    const { sent } = await monitor(clock).evaluate();
    expect(sent.map((n) => n.key)).toEqual(["run_failures"]);
    expect(posted[0]).toContain("2 of 7 schedule jobs (29%) failed");
  });

  it("owes a notification the webhook refused and sends it on the next evaluation", async () => {
    const clock = fixedClock(new Date());
    await seed(clock);
    const m = monitor(clock);
    webhookStatus = 500;
    expect((await m.evaluate()).sent.map((n) => n.key)).toEqual(["no_run"]);
    webhookStatus = 200;
    const retried = await m.evaluate();
    expect(retried.sent.map((n) => [n.key, n.status])).toEqual([["no_run", "repeat"]]);
    expect(posted).toHaveLength(2);
    expect((await m.evaluate()).sent).toEqual([]);
  });
});
