import {
  BackupPortalError,
  buildScheduleDocument,
  type Clock,
  checksumDocument,
  normalizeFeatureToggles,
  type ParsedCompanyDay,
  type ParsedScheduleDay,
  PayloadError,
  planSyncRun,
  resolveTimeZone,
  syncWindow,
} from "@backup-portal/core";
import type { BlobStore, Company, JobQueue, MetadataStore } from "@backup-portal/storage";
import type { JobHandler } from "./job-runner";

export interface ScheduleSource {
  getSchedule(args: { date: string; serviceCompanyId?: number }): Promise<ParsedScheduleDay>;
}

export interface SyncScheduleDependencies {
  client: ScheduleSource;
  metadata: MetadataStore;
  blobs: BlobStore;
  queue: JobQueue;
  clock: Clock;
  defaultTimeZone: string;
  windowDays?: number;
}

export function schedulePath(companyId: string, date: string): string {
  return `${companyId}/${date}/schedule.json`;
}

export type SyncScheduleResult =
  | { outcome: "skipped"; reason: string }
  | { outcome: "unchanged"; checksum: string; jobCount: number }
  | {
      outcome: "written";
      checksum: string;
      bytes: number;
      jobCount: number;
      employeeCount: number;
      teamCount: number;
      datesEnqueued?: number;
    };

/**
 * One company-day: fetch, validate, transform, checksum; write the blob only when the checksum
 * changed, then the metadata row. Any failure leaves the last good blob and row in place and
 * records the error on the row.
 */
export function createSyncScheduleHandler(deps: SyncScheduleDependencies): JobHandler {
  return async ({ job, logger }): Promise<SyncScheduleResult> => {
    const { companyId, date } = job;
    if (!companyId || !date) {
      throw new BackupPortalError(
        "invalid_job",
        `sync_schedule job ${job.id} has no company or date`,
      );
    }
    const company = await deps.metadata.getCompany(companyId);
    if (!company) return { outcome: "skipped", reason: "company no longer exists" };
    if (!company.syncEnabled || !company.isActive) {
      return { outcome: "skipped", reason: "sync is disabled for this company" };
    }
    try {
      await deps.metadata.markProcessing(companyId, date);
      const day = await deps.client.getSchedule({
        date,
        serviceCompanyId: company.serviceCompanyId,
      });
      const entry = companyDay(day, company);
      const timeZone = entry.timeZoneId
        ? resolveTimeZone(entry.timeZoneId)
        : (company.timeZone ?? deps.defaultTimeZone);
      const datesEnqueued = await learnFromPayload(deps, company, entry, timeZone);
      const document = buildScheduleDocument({
        date,
        company: {
          id: company.id,
          serviceCompanyId: company.serviceCompanyId,
          name: entry.name ?? company.name,
          timeZone,
        },
        featureToggles: normalizeFeatureToggles(
          entry.featureToggles ?? (company.featureToggles as Record<string, boolean>),
        ),
        jobs: entry.jobs,
      });
      const checksum = await checksumDocument(document);
      const previous = await deps.metadata.getScheduleRow(companyId, date);
      if (previous?.status === "ready" && previous.checksum === checksum) {
        await deps.metadata.touchChecked(companyId, date);
        await deps.metadata.recordCompanySync(companyId, "ok");
        return { outcome: "unchanged", checksum, jobCount: document.stats.jobCount };
      }
      const bytes = new TextEncoder().encode(JSON.stringify(document));
      const storagePath = schedulePath(companyId, date);
      await deps.blobs.put(storagePath, bytes, { contentType: "application/json", upsert: true });
      await deps.metadata.markReady({
        companyId,
        date,
        storagePath,
        fileSizeKb: Math.ceil(bytes.byteLength / 1024),
        checksum,
        jobCount: document.stats.jobCount,
        employeeCount: document.stats.employeeCount,
        teamCount: document.stats.teamCount,
      });
      await deps.metadata.recordCompanySync(companyId, "ok");
      logger.info({ bytes: bytes.byteLength, checksum }, "schedule written");
      return {
        outcome: "written",
        checksum,
        bytes: bytes.byteLength,
        jobCount: document.stats.jobCount,
        employeeCount: document.stats.employeeCount,
        teamCount: document.stats.teamCount,
        ...(datesEnqueued > 0 ? { datesEnqueued } : {}),
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await deps.metadata.recordError(companyId, date, message).catch((recordError: unknown) => {
        logger.error(
          { err: String(recordError) },
          "could not record the sync error on the schedule row",
        );
      });
      throw error;
    }
  };
}

/**
 * The requested company's day out of any layout; grouped payloads are never merged across
 * companies. A payload without the company is refused, not read as a day without jobs: MaidCentral
 * lists a company with no jobs with an empty Jobs list, and a glitch must not replace a good day.
 */
function companyDay(day: ParsedScheduleDay, company: Company): ParsedCompanyDay {
  const match = day.companies.find((c) => c.serviceCompanyId === company.serviceCompanyId);
  if (match) return match;
  const [only, ...rest] = day.companies;
  if (only && rest.length === 0 && only.serviceCompanyId === null) return only;
  const held = day.companies.map((c) => c.serviceCompanyId ?? "unknown").join(", ") || "no company";
  throw new PayloadError(
    `schedule payload (${day.layout} layout) has no data for ServiceCompanyId ${company.serviceCompanyId}; it holds ${held}`,
    { serviceCompanyId: company.serviceCompanyId },
  );
}

/**
 * Keep the company's zone and toggles as MaidCentral reports them. A newly learned zone can move the
 * company's local "today": the dates the new window has and the old one lacked are enqueued now.
 */
async function learnFromPayload(
  deps: SyncScheduleDependencies,
  company: Company,
  entry: ParsedCompanyDay,
  timeZone: string,
): Promise<number> {
  const zoneChanged = entry.timeZoneId !== null && timeZone !== company.timeZone;
  const togglesChanged =
    entry.featureToggles !== null &&
    JSON.stringify(normalizeFeatureToggles(entry.featureToggles)) !==
      JSON.stringify(normalizeFeatureToggles(company.featureToggles as Record<string, boolean>));
  if (!zoneChanged && !togglesChanged) return 0;
  await deps.metadata.updateCompanyFromPayload(company.id, {
    ...(zoneChanged ? { timeZone } : {}),
    ...(togglesChanged && entry.featureToggles ? { featureToggles: entry.featureToggles } : {}),
  });
  if (!zoneChanged) return 0;
  const now = deps.clock.now();
  const days = deps.windowDays ?? 7;
  const before = new Set(syncWindow(now, company.timeZone ?? deps.defaultTimeZone, days));
  const lacking = syncWindow(now, timeZone, days).filter((d) => !before.has(d));
  if (lacking.length === 0) return 0;
  const jobs = planSyncRun([{ ...company, timeZone }], {
    now,
    spreadSeconds: 0,
    defaultTimeZone: deps.defaultTimeZone,
    windowDays: days,
    includeUsers: false,
  }).filter((j) => j.date !== null && lacking.includes(j.date));
  return (await deps.queue.enqueueMany(jobs)).inserted;
}
