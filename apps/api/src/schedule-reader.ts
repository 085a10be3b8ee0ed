import {
  addDays,
  BackupPortalError,
  type Clock,
  checksumDocument,
  isValidDate,
  type Logger,
  localDate,
  type Role,
  type ScheduleDocument,
  type ScheduleView,
  viewFor,
} from "@backup-portal/core";
import type { AccessCompany } from "./access";
import { createDocumentCache, type DocumentCache } from "./document-cache";
import type { ApiMetrics } from "./metrics";

/** The metadata the API needs of one company-day (a `schedule_data` row). */
export interface ScheduleRow {
  status: "processing" | "ready" | "failed";
  storagePath: string | null;
  checksum: string | null;
  syncedAt: Date | null;
  checkedAt: Date | null;
  errorMessage: string | null;
}

export interface ScheduleRowSource {
  getRow(companyId: string, date: string): Promise<ScheduleRow | null>;
}

export interface BlobReader {
  get(path: string): Promise<Uint8Array | null>;
}

/** A failure answered with a status and the contract's error body. */
export class ApiError extends BackupPortalError {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 503,
    code: string,
    message: string,
    options: { cause?: unknown; context?: Record<string, unknown> } = {},
  ) {
    super(code, message, options);
  }
}

/** The blob was rewritten under the row: usually a sync between its blob write and its row update. */
class ChecksumMismatch extends ApiError {}

export interface RenderedView {
  view: ScheduleView;
  etag: string;
}

export const STALE_AFTER_MS = 2 * 60 * 60 * 1000;

const MISMATCH_ATTEMPTS = 4;

/** Parsed documents cost about three times their JSON size in memory. */
const PARSED_BYTES_FACTOR = 3;

export interface ScheduleReader {
  read(input: {
    company: AccessCompany;
    role: Role;
    employeeId: number | null;
    date: string;
  }): Promise<RenderedView>;
  cache: DocumentCache<ScheduleDocument>;
}

export function createScheduleReader(deps: {
  rows: ScheduleRowSource;
  blobs: BlobReader;
  clock: Clock;
  logger: Logger;
  metrics?: ApiMetrics | undefined;
  defaultTimeZone: string;
  cacheMaxBytes: number;
}): ScheduleReader {
  const cache = createDocumentCache<ScheduleDocument>({ maxBytes: deps.cacheMaxBytes });

  async function loadDocument(path: string, checksum: string, context: Record<string, unknown>) {
    const started = performance.now();
    const observe = (result: string) =>
      deps.metrics?.blobReadDuration.observe({ result }, (performance.now() - started) / 1000);
    const bytes = await deps.blobs.get(path).catch((cause: unknown) => {
      observe("error");
      throw new ApiError(
        503,
        "data_unreadable",
        "The schedule for this day cannot be read right now.",
        {
          cause,
          context,
        },
      );
    });
    if (!bytes) {
      observe("missing");
      deps.logger.error({ ...context, path }, "schedule blob is missing");
      throw new ApiError(
        503,
        "data_unreadable",
        "The schedule for this day cannot be read right now.",
      );
    }
    let document: ScheduleDocument;
    try {
      document = JSON.parse(new TextDecoder().decode(bytes)) as ScheduleDocument;
    } catch (cause) {
      observe("corrupt");
      deps.logger.error({ ...context, path }, "schedule blob is not valid JSON");
      throw new ApiError(
        503,
        "data_unreadable",
        "The schedule for this day cannot be read right now.",
        {
          cause,
        },
      );
    }
    const actual = await checksumDocument(document);
    if (actual !== checksum) {
      observe("checksum_mismatch");
      throw new ChecksumMismatch(
        503,
        "data_unreadable",
        "The schedule for this day cannot be read right now.",
        {
          context: { ...context, path, expected: checksum, actual },
        },
      );
    }
    observe("ok");
    return { value: document, bytes: bytes.byteLength * PARSED_BYTES_FACTOR };
  }

  /**
   * Row, then blob verified against the row's checksum. A mismatch is read again (a sync writes the
   * blob just before the row) and only answered 503 when it persists.
   */
  async function readVerified(companyId: string, date: string, context: Record<string, unknown>) {
    for (let attempt = 1; ; attempt++) {
      const row = await deps.rows.getRow(companyId, date);
      if (row?.status !== "ready" || !row.storagePath || !row.checksum) {
        const status = row?.status ?? "not_synced";
        throw new ApiError(
          404,
          "no_data",
          `No schedule has been synced for ${date} yet (status: ${status}).`,
          {
            context: { status },
          },
        );
      }
      const { storagePath, checksum } = row;
      const before = cache.stats().misses;
      try {
        const document = await cache.get(`${storagePath}#${checksum}`, () =>
          loadDocument(storagePath, checksum, context),
        );
        deps.metrics?.cacheEvents.inc({
          cache: "document",
          result: cache.stats().misses > before ? "miss" : "hit",
        });
        return { row: { ...row, checksum }, document };
      } catch (error) {
        if (!(error instanceof ChecksumMismatch)) throw error;
        if (attempt >= MISMATCH_ATTEMPTS) {
          deps.logger.error(
            error.context,
            "schedule blob does not match its checksum; not serving it",
          );
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  }

  return {
    cache,
    async read({ company, role, employeeId, date }) {
      if (!isValidDate(date)) {
        throw new ApiError(400, "invalid_date", "date must be a calendar date as YYYY-MM-DD.");
      }
      const now = deps.clock.now();
      const today = localDate(now, company.timeZone ?? deps.defaultTimeZone);
      const first = addDays(today, -1);
      const last = addDays(today, 6);
      if (date < first || date > last) {
        throw new ApiError(
          400,
          "date_out_of_window",
          `date must be between ${first} and ${last} (the company's local yesterday through today + 6).`,
        );
      }
      const context = { companyId: company.id, date };
      const { row, document } = await readVerified(company.id, date, context);
      const checkedAt = row.checkedAt ?? row.syncedAt;
      const stale = !checkedAt || now.getTime() - checkedAt.getTime() > STALE_AFTER_MS;
      const sync = {
        status: row.status,
        syncedAt: row.syncedAt?.toISOString() ?? null,
        checkedAt: checkedAt?.toISOString() ?? null,
        stale,
      };
      const view = viewFor(document, { role, employeeId }, sync);
      const { checksum } = row;
      // The body changes with the document, the viewer's variant and the sync block: all three key it.
      // Every view names its viewer's employee id, so two admins of one company differ too.
      const variant =
        role === "technician"
          ? `t${employeeId ?? "none"}`
          : `${role}${employeeId === null ? "" : `.${employeeId}`}`;
      const etag = `"${checksum.slice(0, 24)}-${variant}-${(checkedAt?.getTime() ?? 0).toString(36)}-${(row.syncedAt?.getTime() ?? 0).toString(36)}-${stale ? "s" : "f"}"`;
      return { view, etag };
    },
  };
}
