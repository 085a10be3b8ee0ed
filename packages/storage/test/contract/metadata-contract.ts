import { fixedClock } from "@backup-portal/core";
import { beforeEach, describe, expect, it } from "vitest";
import { createMetadataStore } from "../../src/metadata-store";
import type { DirectoryInput } from "../../src/metadata-types";
import { type ContractTarget, resetTables } from "../support/databases";

const start = "2026-03-08T12:00:00.000Z";
const alice = "0b0e7a56-1d7c-4b8e-9d43-6c1f7c2a0001";
const bob = "0b0e7a56-1d7c-4b8e-9d43-6c1f7c2a0002";
const carol = "0b0e7a56-1d7c-4b8e-9d43-6c1f7c2a0003";

export const directory: DirectoryInput = {
  groups: [{ serviceCompanyGroupId: 7, name: "Sparkle Group", isActive: true }],
  companies: [
    { serviceCompanyId: 59, serviceCompanyGroupId: 7, name: "Sparkle North", isActive: true },
    { serviceCompanyId: 60, serviceCompanyGroupId: 7, name: "Sparkle South", isActive: true },
  ],
  users: [
    {
      userId: alice,
      email: "alice@example.com",
      firstName: "Alice",
      lastName: "A",
      fullName: "Alice A",
      role: "technician",
      employeeInformationId: 3013,
      serviceCompanyId: 59,
    },
    {
      userId: alice,
      email: "alice@example.com",
      firstName: "Alice",
      lastName: "A",
      fullName: "Alice A",
      role: "admin",
      employeeInformationId: 4013,
      serviceCompanyId: 60,
    },
    {
      userId: bob,
      email: "bob@example.com",
      firstName: "Bob",
      lastName: "B",
      fullName: "Bob B",
      role: "technician",
      employeeInformationId: 3014,
      serviceCompanyId: 59,
    },
  ],
};

/** Metadata behaviour every driver must show. */
export function metadataContract(target: () => ContractTarget): void {
  describe("metadata store", () => {
    let clock = fixedClock(start);
    const store = () => createMetadataStore({ db: target().db, clock });

    beforeEach(async () => {
      clock = fixedClock(start);
      await resetTables(target().db);
    });

    it("upserts the directory: companies created then updated, multi-company users, new-company switch", async () => {
      const s = store();
      expect(await s.upsertDirectory(directory, { enableNewCompanies: true })).toEqual({
        companiesCreated: 2,
        companiesUpdated: 0,
        usersUpserted: 2,
        usersDeactivated: 0,
      });
      const renamed = {
        ...directory,
        companies: [
          ...directory.companies,
          { serviceCompanyId: 61, serviceCompanyGroupId: 7, name: "Sparkle East", isActive: true },
        ].map((c) => (c.serviceCompanyId === 59 ? { ...c, name: "Sparkle N." } : c)),
      };
      expect(await s.upsertDirectory(renamed, { enableNewCompanies: false })).toMatchObject({
        companiesCreated: 1,
        companiesUpdated: 2,
      });
      expect((await s.getCompany(59))?.name).toBe("Sparkle N.");
      expect((await s.listSyncableCompanies()).map((c) => c.serviceCompanyId)).toEqual([59, 60]);
      const east = await s.getCompany("61");
      expect(east).toMatchObject({
        portalEnabled: false,
        syncEnabled: false,
        serviceCompanyGroupId: 7,
      });
      expect(await s.getCompany(east?.id ?? "")).toMatchObject({ serviceCompanyId: 61 });
      expect(await s.getCompany("not-a-company")).toBeNull();

      const profile = await s.getUserProfile(alice);
      expect(profile).toMatchObject({ role: "admin", isActive: true, employeeInformationId: 3013 });
      expect(
        profile?.memberships.map((m) => [m.serviceCompanyId, m.role, m.employeeInformationId]),
      ).toEqual([
        [59, "technician", 3013],
        [60, "admin", 4013],
      ]);
    });

    it("deactivates users who disappeared, keeps superadmins, never deletes a company", async () => {
      const s = store();
      await s.upsertDirectory(directory, { enableNewCompanies: true });
      await s.grantSuperadmin("BOB@example.com");
      const grant = await s.grantSuperadmin("ops@example.com", { userId: carol });
      expect(grant.userIds).toEqual([carol]);
      await expect(s.grantSuperadmin("nobody@example.com")).rejects.toMatchObject({
        code: "USER_NOT_FOUND",
      });

      const onlyAlice: DirectoryInput = {
        ...directory,
        companies: directory.companies.filter((c) => c.serviceCompanyId === 59),
        users: directory.users.filter((u) => u.userId === alice && u.serviceCompanyId === 59),
      };
      const result = await s.upsertDirectory(onlyAlice, { enableNewCompanies: true });
      // Bob (superadmin now) and Carol (operator-made) stay active; nobody else was listed.
      expect(result.usersDeactivated).toBe(0);
      expect((await s.getUserProfile(bob))?.role).toBe("superadmin");
      expect((await s.getCompany(60))?.isActive).toBe(true);
      expect((await s.getUserProfile(alice))?.memberships.map((m) => m.serviceCompanyId)).toEqual([
        59,
      ]);

      // A superadmin listed again keeps its role.
      await s.upsertDirectory(directory, { enableNewCompanies: true });
      expect((await s.getUserProfile(bob))?.role).toBe("superadmin");

      const withoutBob = { ...directory, users: directory.users.filter((u) => u.userId !== bob) };
      await target().db.query("UPDATE user_profiles SET role = 'technician' WHERE id = $1", [bob]);
      expect(
        (await s.upsertDirectory(withoutBob, { enableNewCompanies: true })).usersDeactivated,
      ).toBe(1);
      expect((await s.getUserProfile(bob))?.isActive).toBe(false);
      expect(await s.getUserProfile(carol)).toMatchObject({ role: "superadmin", isActive: true });
    });

    it("keeps last known good: processing → ready → error keeps ready and its blob path", async () => {
      const s = store();
      await s.upsertDirectory(directory, { enableNewCompanies: true });
      const company = await s.getCompany(59);
      const id = company?.id ?? "";
      expect(await s.touchChecked(id, "2026-03-08")).toBe(false);
      expect((await s.markProcessing(id, "2026-03-08")).status).toBe("processing");
      expect(await s.recordError(id, "2026-03-08", "upstream 500")).toMatchObject({
        status: "failed",
        errorMessage: "upstream 500",
        lastErrorAt: new Date(start),
      });
      clock.advance(60_000);
      const ready = await s.markReady({
        companyId: id,
        date: "2026-03-08",
        storagePath: `${id}/2026-03-08/schedule.json`,
        fileSizeKb: 12.2,
        checksum: "abc",
        jobCount: 3,
        employeeCount: 2,
        teamCount: 1,
      });
      expect(ready).toMatchObject({ status: "ready", fileSizeKb: 13, errorMessage: null });
      expect(ready.syncedAt).toEqual(clock.now());

      clock.advance(60_000);
      expect((await s.markProcessing(id, "2026-03-08")).status).toBe("ready");
      const errored = await s.recordError(id, "2026-03-08", "invalid payload");
      expect(errored).toMatchObject({
        status: "ready",
        storagePath: `${id}/2026-03-08/schedule.json`,
        checksum: "abc",
        errorMessage: "invalid payload",
        syncedAt: ready.syncedAt,
        checkedAt: ready.checkedAt,
      });
      clock.advance(60_000);
      expect(await s.touchChecked(id, "2026-03-08")).toBe(true);
      const row = await s.getScheduleRow(id, "2026-03-08");
      expect(row).toMatchObject({ status: "ready", errorMessage: null, syncedAt: ready.syncedAt });
      expect(row?.checkedAt).toEqual(clock.now());
    });

    it("cleans up days before the window and returns their blob paths", async () => {
      const s = store();
      await s.upsertDirectory(directory, { enableNewCompanies: true });
      const id = (await s.getCompany(59))?.id ?? "";
      const other = (await s.getCompany(60))?.id ?? "";
      for (const [companyId, date] of [
        [id, "2026-03-05"],
        [id, "2026-03-06"],
        [id, "2026-03-07"],
        [other, "2026-03-05"],
      ] as const) {
        await s.markReady({
          companyId,
          date,
          storagePath: `${companyId}/${date}/schedule.json`,
          fileSizeKb: 1,
          checksum: "x",
          jobCount: 0,
          employeeCount: 0,
          teamCount: 0,
        });
      }
      await s.recordError(id, "2026-03-04", "never had data");
      expect(
        (await s.listExpiredDays({ companyId: id, beforeDate: "2026-03-07" })).map((d) => d.date),
      ).toEqual(["2026-03-04", "2026-03-05", "2026-03-06"]);
      const result = await s.cleanupWindow({ companyId: id, beforeDate: "2026-03-07" });
      expect(result.deleted).toBe(3);
      expect(result.storagePaths.sort()).toEqual([
        `${id}/2026-03-05/schedule.json`,
        `${id}/2026-03-06/schedule.json`,
      ]);
      expect(await s.getScheduleRow(id, "2026-03-07")).not.toBeNull();
      expect(await s.getScheduleRow(other, "2026-03-05")).not.toBeNull();
    });

    it("updates companies from payloads and operator settings, and records sync runs", async () => {
      const s = store();
      await s.upsertDirectory(directory, { enableNewCompanies: false });
      const id = (await s.getCompany(59))?.id ?? "";
      await s.updateCompanyFromPayload(id, {
        timeZone: "America/New_York",
        featureToggles: { TechDashboard_DisplayBillRate: true },
      });
      await s.setCompanySettings(id, { portalEnabled: true, syncEnabled: true });
      await s.recordCompanySync(id, "ok");
      expect(await s.getCompany(id)).toMatchObject({
        timeZone: "America/New_York",
        timeZoneSource: "payload",
        featureToggles: { TechDashboard_DisplayBillRate: true },
        portalEnabled: true,
        lastSyncStatus: "ok",
        lastSyncedAt: new Date(start),
      });
      expect((await s.listSyncableCompanies()).map((c) => c.id)).toEqual([id]);

      const run = await s.recordRun({ trigger: "cron" });
      clock.advance(420);
      const finished = await s.finishRun(run.id, {
        companies: 2,
        jobsEnqueued: 15,
        duplicatesSkipped: 1,
      });
      expect(finished).toMatchObject({ durationMs: 420, jobsEnqueued: 15, trigger: "cron" });
      expect((await s.listRuns()).map((r) => r.id)).toEqual([run.id]);
    });

    it("reports per-company status: successes, failures, stale days, storage", async () => {
      const s = store();
      await s.upsertDirectory(directory, { enableNewCompanies: true });
      const id = (await s.getCompany(59))?.id ?? "";
      const ready = (date: string, kb: number) =>
        s.markReady({
          companyId: id,
          date,
          storagePath: `${id}/${date}/schedule.json`,
          fileSizeKb: kb,
          checksum: "x",
          jobCount: 1,
          employeeCount: 1,
          teamCount: 1,
        });
      await ready("2026-03-08", 10);
      clock.advance(3 * 60 * 60_000);
      await ready("2026-03-09", 20);
      await s.recordError(id, "2026-03-09", "timeout");
      await s.recordError(id, "2026-03-10", "timeout");
      const [north, south] = await s.statusReport();
      expect(north).toMatchObject({
        serviceCompanyId: 59,
        daysReady: 2,
        daysFailed: 1,
        daysStale: 1,
        daysErroring: 1,
        storageKb: 30,
        lastSuccessAt: clock.now(),
        lastErrorAt: clock.now(),
      });
      expect(south).toMatchObject({
        serviceCompanyId: 60,
        daysReady: 0,
        storageKb: 0,
        lastSuccessAt: null,
      });
    });
  });
}
