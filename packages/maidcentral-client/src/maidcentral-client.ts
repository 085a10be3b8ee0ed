import {
  BackupPortalError,
  type Clock,
  envelopeSchema,
  isValidDate,
  type Logger,
  noopLogger,
  type ParsedScheduleDay,
  parseScheduleResult,
  parseUsersResult,
  systemClock,
  type UsersResult,
} from "@backup-portal/core";
import { backoffDelay } from "./backoff";
import { type ExchangeOptions, httpExchange } from "./http-exchange";
import { MaidCentralError } from "./maidcentral-error";
import { createRequestLimiter } from "./request-limiter";
import { createSecretScrubber } from "./secret-scrubber";
import { statusError } from "./status-error";
import { createTokenProvider, type MaidCentralAuth } from "./token-provider";

export interface RetryOptions {
  /** Attempts per call, the first included. Default 3. */
  maxAttempts?: number;
  /** Backoff ceiling of the first retry; doubles each retry. Default 500 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff (Retry-After may ask for more). Default 10 s. */
  maxDelayMs?: number;
  /** Total budget of one call, waits included; no retry starts past it. Default 90 s. */
  deadlineMs?: number;
}

export interface MaidCentralClientOptions {
  baseUrl: string;
  auth: MaidCentralAuth;
  /** Defaults to the global fetch; production passes `createUndiciFetch().fetch` (keep-alive pool). */
  fetch?: typeof fetch;
  /** Per attempt, headers and body together. Default 30 s (the schedule call takes 2–5 s). */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Requests in flight at once, shared by all calls of this client. Default 4. */
  maxConcurrency?: number;
  /** Request starts per second, shared by all calls; `Infinity` disables. Default 5. */
  requestsPerSecond?: number;
  /** Larger bodies are refused. Default 64 MiB. */
  maxResponseBytes?: number;
  logger?: Logger;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source for backoff, in [0, 1); injectable for tests. */
  random?: () => number;
}

export interface MaidCentralClient {
  getUsers(): Promise<UsersResult>;
  /** One day only: sends startDate = endDate = date. */
  getSchedule(args: { date: string; serviceCompanyId?: number }): Promise<ParsedScheduleDay>;
}

const DEFAULTS = {
  timeoutMs: 30_000,
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  deadlineMs: 90_000,
  maxConcurrency: 4,
  requestsPerSecond: 5,
  maxResponseBytes: 64 * 1024 * 1024,
};

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createMaidCentralClient(options: MaidCentralClientOptions): MaidCentralClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  if (!URL.canParse(baseUrl))
    throw new TypeError(`MaidCentral baseUrl is not a URL: ${JSON.stringify(baseUrl)}`);
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const logger = (options.logger ?? noopLogger).child({ component: "maidcentral-client" });
  const retry = {
    maxAttempts: Math.max(1, options.retry?.maxAttempts ?? DEFAULTS.maxAttempts),
    baseDelayMs: options.retry?.baseDelayMs ?? DEFAULTS.baseDelayMs,
    maxDelayMs: options.retry?.maxDelayMs ?? DEFAULTS.maxDelayMs,
    deadlineMs: options.retry?.deadlineMs ?? DEFAULTS.deadlineMs,
  };
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const scrubber = createSecretScrubber(
    options.auth.kind === "key" ? [options.auth.apiKey] : [options.auth.password],
  );
  const exchange: ExchangeOptions = {
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
    scrubber,
  };
  const limiter = createRequestLimiter({
    maxConcurrency: options.maxConcurrency ?? DEFAULTS.maxConcurrency,
    requestsPerSecond: options.requestsPerSecond ?? DEFAULTS.requestsPerSecond,
    clock,
    sleep,
  });
  const tokens = createTokenProvider(options.auth, { baseUrl, clock, logger, exchange, scrubber });

  /** One attempt: token, limited request, status check, envelope, typed Result. */
  async function attemptOnce<T>(
    url: URL,
    path: string,
    attempt: number,
    parse: (result: unknown) => T,
    deadlineLeft: () => number,
  ): Promise<T> {
    const place = { method: "GET", path, attempt };
    const token = await tokens.token(attempt);
    const started = clock.now().getTime();
    const result = await limiter.run(() =>
      httpExchange(
        {
          method: "GET",
          url,
          path,
          attempt,
          headers: { authorization: `Bearer ${token}`, accept: "application/json" },
        },
        { ...exchange, timeoutMs: Math.max(1, Math.min(timeoutMs, deadlineLeft())) },
      ),
    );
    logger.debug(
      {
        method: "GET",
        path,
        status: result.status,
        attempt,
        durationMs: clock.now().getTime() - started,
      },
      "maidcentral response",
    );
    if (result.status < 200 || result.status >= 300) {
      const error = statusError(result, place, clock.now(), scrubber);
      if (result.status === 401) throw new UnauthorizedSignal(token, error);
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(result.text);
    } catch (error) {
      throw new MaidCentralError(
        `MaidCentral GET ${path}: the response is not valid JSON (${describe(error)}; ${result.text.length} characters received)`,
        { ...place, kind: "invalid_response", status: result.status },
      );
    }
    // IsSuccess: false wins even when the rest of the envelope is incomplete (no Result, say).
    const record =
      body !== null && typeof body === "object" ? (body as Record<string, unknown>) : undefined;
    if (record?.IsSuccess === false) {
      const said =
        typeof record.Message === "string" && record.Message !== ""
          ? record.Message
          : "(no message)";
      throw new MaidCentralError(
        `MaidCentral GET ${path}: IsSuccess is false: ${scrubber.scrub(said)}`,
        {
          ...place,
          kind: "unsuccessful",
          status: result.status,
        },
      );
    }
    const envelope = envelopeSchema.safeParse(body);
    if (!envelope.success || !envelope.data.IsSuccess) {
      throw new MaidCentralError(
        `MaidCentral GET ${path}: the response is not a MaidCentral envelope {IsSuccess, Message, Result}`,
        { ...place, kind: "invalid_response", status: result.status },
      );
    }
    try {
      return parse(envelope.data.Result);
    } catch (error) {
      if (error instanceof BackupPortalError && error.code === "invalid_payload") {
        throw new MaidCentralError(`MaidCentral GET ${path}: unexpected Result: ${error.message}`, {
          ...place,
          kind: "invalid_response",
          status: result.status,
        });
      }
      throw error;
    }
  }

  /** Retries retryable failures with capped full-jitter backoff, honouring Retry-After and the deadline. */
  async function call<T>(path: string, parse: (result: unknown) => T): Promise<T> {
    const url = new URL(`${baseUrl}${path}`);
    const fullPath = `${url.pathname}${url.search}`;
    const deadline = clock.now().getTime() + retry.deadlineMs;
    const left = (): number => deadline - clock.now().getTime();
    let refetchedToken = false;
    for (let attempt = 1; ; ) {
      try {
        return await attemptOnce(url, fullPath, attempt, parse, left);
      } catch (caught) {
        let error = caught;
        if (error instanceof UnauthorizedSignal) {
          // One fresh token per call: a token can expire or be revoked between our checks.
          if (!refetchedToken && tokens.invalidate(error.token)) {
            refetchedToken = true;
            logger.info(
              { method: "GET", path: fullPath, attempt },
              "maidcentral refused the token; fetching a new one",
            );
            continue;
          }
          error = error.error;
        }
        if (!(error instanceof MaidCentralError)) throw error;
        const fields = {
          method: "GET",
          path: fullPath,
          attempt,
          kind: error.kind,
          status: error.status ?? null,
        };
        if (!error.retryable || attempt >= retry.maxAttempts) {
          logger.warn({ ...fields, err: error.toJSON() }, "maidcentral request failed");
          throw error;
        }
        const delayMs = error.retryAfterMs ?? backoffDelay(attempt, retry, random);
        if (delayMs > left()) {
          logger.warn(
            { ...fields, delayMs, err: error.toJSON() },
            "maidcentral request failed; no time left for a retry",
          );
          throw error;
        }
        logger.warn({ ...fields, delayMs }, "maidcentral request failed; retrying");
        await sleep(delayMs);
        attempt++;
      }
    }
  }

  return {
    getUsers: () => call("/api/dr-schedule/users", parseUsersResult),
    getSchedule: ({ date, serviceCompanyId }) => {
      const path = "/api/dr-schedule";
      if (!isValidDate(date)) {
        return Promise.reject(
          new MaidCentralError(
            `MaidCentral GET ${path}: date must be a real YYYY-MM-DD day, got ${JSON.stringify(date)}`,
            {
              method: "GET",
              path,
              kind: "client",
            },
          ),
        );
      }
      if (
        serviceCompanyId !== undefined &&
        !(Number.isSafeInteger(serviceCompanyId) && serviceCompanyId > 0)
      ) {
        return Promise.reject(
          new MaidCentralError(
            `MaidCentral GET ${path}: serviceCompanyId must be a positive integer, got ${serviceCompanyId}`,
            {
              method: "GET",
              path,
              kind: "client",
            },
          ),
        );
      }
      const query = new URLSearchParams({ startDate: date, endDate: date });
      if (serviceCompanyId !== undefined) query.set("serviceCompanyId", String(serviceCompanyId));
      const hint = serviceCompanyId === undefined ? {} : { serviceCompanyId };
      return call(`${path}?${query}`, (result) => parseScheduleResult(result, hint));
    },
  };
}

/** Internal: a 401 that may deserve one token refetch before it becomes an auth error. */
class UnauthorizedSignal extends Error {
  constructor(
    readonly token: string,
    readonly error: MaidCentralError,
  ) {
    super(error.message);
  }
}
