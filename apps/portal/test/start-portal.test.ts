import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { noopLogger, type ScheduleView } from "@backup-portal/core";
import { afterAll, describe, expect, it } from "vitest";
import { findSampleViewers, mintAccessToken } from "../src/access-token";
import { loadPortalEnv } from "../src/env";
import { type Portal, startPortal } from "../src/start-portal";

let dataDir: string;
const open: Portal[] = [];

afterAll(async () => {
  for (const portal of open) await portal.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function start(): Promise<Portal> {
  const env = loadPortalEnv({
    DATA_DIR: dataDir,
    PORT: "0",
    SYNC_CRON: "off",
    LOG_LEVEL: "silent",
  });
  const portal = await startPortal(env, { logger: noopLogger });
  open.push(portal);
  return portal;
}

async function getSchedule(portal: Portal, token: string, date: string, companyId: string) {
  return fetch(`${portal.url}/get-schedule?date=${date}&companyId=${companyId}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
}

describe("the all-in-one portal on embedded defaults", () => {
  it("starts, syncs from the simulator at once, and serves a technician exactly their jobs", async () => {
    dataDir = await mkdtemp(join(tmpdir(), "bp-portal-"));
    const portal = await start();
    expect(portal.maidcentral.source).toBe("simulator");
    expect(portal.storage.mode).toMatchObject({ database: "pglite", blobs: "fs" });
    const { progress } = await portal.firstRun;
    expect(progress).toMatchObject({ finished: true, failed: 0 });
    expect(progress.total).toBeGreaterThan(7);

    const [admin, technician] = await findSampleViewers(portal.storage.db, portal.storage.blobs, {
      defaultTimeZone: "America/New_York",
    });
    if (!admin || !technician || !portal.jwtSecret)
      throw new Error("no sample viewers after the first sync");
    const adminView = (await (
      await getSchedule(
        portal,
        await mintAccessToken(portal.jwtSecret, admin.userId),
        admin.date,
        admin.companyId,
      )
    ).json()) as ScheduleView;
    const response = await getSchedule(
      portal,
      await mintAccessToken(portal.jwtSecret, technician.userId),
      technician.date,
      technician.companyId,
    );
    expect(response.status).toBe(200);
    const raw = await response.text();
    const view = JSON.parse(raw) as ScheduleView;
    expect(view.viewer.role).toBe("technician");
    expect(view.jobs.length).toBeGreaterThan(0);
    expect(view.jobs.length).toBeLessThanOrEqual(adminView.jobs.length);
    for (const job of view.jobs) {
      expect(job.employees.map((e) => e.id)).toContain(view.viewer.employeeId);
    }
    expect(raw).not.toContain("accessInformation");
    expect(raw).not.toContain("internalMemo");
    const health = await fetch(`${portal.url}/health`);
    expect(health.status).toBe(200);
  }, 120_000);

  it("refuses a second instance on the same DATA_DIR", async () => {
    await expect(start()).rejects.toThrow(/single-process/);
  });

  it("keeps its data across a restart", async () => {
    const first = open.shift();
    await first?.close();
    const portal = await start();
    // Served before the restart's own first sync has done anything.
    const [admin] = await findSampleViewers(portal.storage.db, portal.storage.blobs, {
      defaultTimeZone: "America/New_York",
    });
    if (!admin || !portal.jwtSecret) throw new Error("data did not survive the restart");
    const response = await getSchedule(
      portal,
      await mintAccessToken(portal.jwtSecret, admin.userId),
      admin.date,
      admin.companyId,
    );
    expect(response.status).toBe(200);
    // The same generated secret: tokens minted before the restart stay valid.
    expect(portal.jwtSecret).toBe(first?.jwtSecret);
    await portal.firstRun;
  }, 120_000);
});
