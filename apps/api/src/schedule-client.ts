import type { ScheduleView } from "@backup-portal/core";

/**
 * A typed client for `GET /get-schedule`, for front ends. It imports types only, so a browser
 * bundle gets this file and nothing of the server (no hono, jose or storage).
 */

/** Every `error.code` the API answers on /get-schedule, plus the client's own three. */
export type ScheduleErrorCode =
  // 401, with WWW-Authenticate: Bearer
  | "missing_token"
  | "invalid_token"
  | "expired_token"
  // 403: no access to that company (or the account/company is not enabled)
  | "forbidden"
  // 400: several companies are readable; `companies` lists the ids to choose from
  | "company_required"
  // 400: not a calendar date, or outside the company's local yesterday through today + 6
  | "invalid_date"
  | "date_out_of_window"
  // 404: no good data for that day yet, or no such route
  | "no_data"
  | "not_found"
  // 503: the stored day cannot be read or does not match its checksum
  | "data_unreadable"
  // 500
  | "internal"
  // client side: the request never got an answer (offline, DNS, CORS refused, reset)
  | "network_error"
  // client side: the caller's signal aborted the request
  | "aborted"
  // client side: an answer that is not the contract's (e.g. a proxy's HTML error page)
  | "unexpected_response";

/** A company the viewer may choose with `companyId` (sent with `company_required`). */
export interface ScheduleCompanyChoice {
  id: string;
  serviceCompanyId: number;
  name: string;
}

export type ScheduleResult =
  | { ok: true; view: ScheduleView; etag: string | null }
  | { ok: true; notModified: true }
  | ScheduleFailure;

export interface ScheduleFailure {
  ok: false;
  /** The HTTP status; 0 when there was no answer (network_error, aborted). */
  status: number;
  code: ScheduleErrorCode;
  message: string;
  companies?: ScheduleCompanyChoice[];
}

export interface GetScheduleOptions {
  /** The viewer's access token (Supabase session `access_token`). */
  token: string;
  /** Portal uuid or MaidCentral ServiceCompanyId; needed only by viewers of several companies. */
  companyId?: string | number | undefined;
  /** The ETag of the view the caller already holds: an unchanged day answers `notModified`. */
  etag?: string | null | undefined;
  signal?: AbortSignal | undefined;
}

export interface ScheduleClient {
  /** Never throws for HTTP or network failures: they come back as `{ ok: false, code }`. */
  getSchedule(date: string, options: GetScheduleOptions): Promise<ScheduleResult>;
}

export interface ScheduleClientOptions {
  /** Where the API is served, e.g. `https://api.example.com` or `https://x.supabase.co/functions/v1`. */
  baseUrl: string;
  fetch?: typeof fetch | undefined;
}

const KNOWN_CODES: ReadonlySet<string> = new Set<ScheduleErrorCode>([
  "missing_token",
  "invalid_token",
  "expired_token",
  "forbidden",
  "company_required",
  "invalid_date",
  "date_out_of_window",
  "no_data",
  "not_found",
  "data_unreadable",
  "internal",
]);

export function createScheduleClient(options: ScheduleClientOptions): ScheduleClient {
  const base = options.baseUrl.replace(/\/+$/, "");
  // Called through a wrapper: a browser's fetch throws "Illegal invocation" when detached from window.
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  return {
    async getSchedule(date, { token, companyId, etag, signal }) {
      const query = new URLSearchParams({ date });
      if (companyId !== undefined && companyId !== "") query.set("companyId", String(companyId));
      const headers: Record<string, string> = {
        Authorization: `Bearer ${token}`,
        Accept: "application/json",
      };
      if (etag) headers["If-None-Match"] = etag;

      let response: Response;
      try {
        response = await doFetch(`${base}/get-schedule?${query}`, {
          method: "GET",
          headers,
          ...(signal ? { signal } : {}),
        });
      } catch (cause) {
        if (signal?.aborted) {
          return { ok: false, status: 0, code: "aborted", message: "The request was cancelled." };
        }
        return {
          ok: false,
          status: 0,
          code: "network_error",
          message: `The schedule service could not be reached: ${describe(cause)}`,
        };
      }

      if (response.status === 304) return { ok: true, notModified: true };
      const body = await readJson(response);
      if (response.ok) {
        if (!isScheduleView(body)) {
          return unexpected(
            response.status,
            "The schedule service sent a body that is not a view.",
          );
        }
        return { ok: true, view: body, etag: response.headers.get("etag") };
      }
      return failureFrom(response.status, body);
    },
  };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text());
  } catch {
    return undefined;
  }
}

function failureFrom(status: number, body: unknown): ScheduleFailure {
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  const code = error && typeof error.code === "string" ? error.code : null;
  if (!error || code === null || !KNOWN_CODES.has(code)) {
    return unexpected(status, `The schedule service answered ${status} without a known error.`);
  }
  const failure: ScheduleFailure = {
    ok: false,
    status,
    code: code as ScheduleErrorCode,
    message: typeof error.message === "string" ? error.message : code,
  };
  if (Array.isArray(error.companies)) {
    failure.companies = error.companies.filter(isCompanyChoice).map((c) => ({
      id: c.id,
      serviceCompanyId: c.serviceCompanyId,
      name: c.name,
    }));
  }
  return failure;
}

function unexpected(status: number, message: string): ScheduleFailure {
  return { ok: false, status, code: "unexpected_response", message };
}

/** A shape check, not a validation: the API is trusted, a proxy's page or a wrong URL is not. */
function isScheduleView(value: unknown): value is ScheduleView {
  return (
    isRecord(value) &&
    typeof value.date === "string" &&
    isRecord(value.viewer) &&
    isRecord(value.sync) &&
    Array.isArray(value.jobs)
  );
}

function isCompanyChoice(value: unknown): value is ScheduleCompanyChoice {
  return (
    isRecord(value) &&
    typeof value.id === "string" &&
    typeof value.serviceCompanyId === "number" &&
    typeof value.name === "string"
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
