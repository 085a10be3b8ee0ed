import type { Clock } from "@backup-portal/core";
import { drawFault, type FaultShares, type SimFault } from "./faults";
import { type FlatJob, generateCompanyDay } from "./generate-day";
import {
  type CompanyDay,
  renderGrouped,
  renderNested,
  renderSingle,
  type ScheduleLayout,
} from "./layouts";
import { createRng, unitFor } from "./prng";
import { listenSimulator } from "./sim-server";
import { buildWorld, type SimCompany, type SimWorld } from "./world";

export interface SimulatorOptions {
  /** Everything generated derives from this seed. Default "backup-portal". */
  seed?: string | number;
  /** Number of service companies. Default 12. */
  companies?: number;
  /** Companies per ServiceCompanyGroup. Default 3. */
  companiesPerGroup?: number;
  /** Jobs per company-day for the smallest and the largest company (weekday load). Default 5..150. */
  jobsPerDay?: { min: number; max: number };
  /** Static bearer key accepted by the API. Default derived from the seed. */
  apiKey?: string;
  /** Password-grant credentials accepted by POST /token. Defaults derived from the seed. */
  username?: string;
  password?: string;
  clock?: Clock;
  knobs?: Partial<SimulatorKnobs>;
}

/** Runtime-adjustable behaviour; `setKnobs` merges a partial. */
export interface SimulatorKnobs {
  /** Fixed latency added to every response, plus a seeded uniform jitter in [0, jitterMs]. */
  latencyMs: number;
  jitterMs: number;
  /** Layout of /api/dr-schedule responses. "single" needs serviceCompanyId (else 400). */
  layout: ScheduleLayout;
  /** Shares of /api/dr-schedule* requests that fail, drawn deterministically from faultSeed. */
  faults: FaultShares;
  faultSeed: string | number;
  /** How 429 responses say when to come back. */
  retryAfter: { form: "seconds" | "date"; seconds: number };
  /** How long a "hang" holds the response (it ends early when the client goes away). */
  hangMs: number;
  /** expires_in of issued tokens, in seconds. */
  tokenExpiresInSeconds: number;
}

export type SimEndpoint = "token" | "users" | "schedule";

export interface SimCounts {
  token: number;
  users: number;
  schedule: number;
  other: number;
  /** Responses by status code (hangs are not counted until they answer). */
  byStatus: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
}

export interface SimRequest {
  method: string;
  /** Path without query, e.g. "/api/dr-schedule". */
  path: string;
  query: URLSearchParams;
  authorization: string | null;
  body: string;
}

export type SimResponse =
  | {
      kind: "respond";
      status: number;
      headers: Record<string, string>;
      body: string;
      delayMs: number;
      fault: SimFault | undefined;
    }
  | { kind: "hang"; ms: number; delayMs: number; fault: "hang" };

export interface Mutation {
  /** 1-based round number; also the simulator's data version after this call. */
  round: number;
  share: number;
  seed: string | number;
  /** Whether this round changed the given company-day. */
  isChanged(serviceCompanyId: number, date: string): boolean;
  /** The company-days among `dates` (every company) this round changed. */
  changedAmong(dates: readonly string[]): Array<{ serviceCompanyId: number; date: string }>;
}

export interface SimCompanyInfo {
  serviceCompanyId: number;
  serviceCompanyGroupId: number;
  name: string;
  timeZoneInfoId: string;
  country: string;
  featureToggles: Readonly<Record<string, boolean>> | undefined;
}

export interface Simulator {
  readonly credentials: { apiKey: string; username: string; password: string };
  companies(): SimCompanyInfo[];
  /** The Result of GET /api/dr-schedule/users. */
  usersResult(): unknown;
  /** The Result of GET /api/dr-schedule for one date, in a layout (default: the knob). */
  scheduleResult(args: {
    date: string;
    serviceCompanyId?: number;
    layout?: ScheduleLayout;
  }): unknown;
  /** The raw flat jobs of one company-day at its current revision. */
  companyDay(serviceCompanyId: number, date: string): readonly FlatJob[];
  /** Changes `share` of all company-days (chosen by a seeded draw) and says which. */
  mutate(args: { share: number; seed?: string | number }): Mutation;
  /** How many mutation rounds have touched a company-day (0 = as first generated). */
  revision(serviceCompanyId: number, date: string): number;
  readonly version: number;
  knobs(): SimulatorKnobs;
  setKnobs(knobs: Partial<SimulatorKnobs>): void;
  /** The next requests to an endpoint get these faults, in order, before any drawn fault. */
  queueFaults(endpoint: SimEndpoint, faults: readonly SimFault[]): void;
  /** Invalidates every issued access token (the next API call with one gets 401). */
  revokeTokens(): void;
  counts(): SimCounts;
  resetCounts(): void;
  /** Transport-neutral request handling used by the node:http server and the msw handlers. */
  handle(request: SimRequest): SimResponse;
  /** Transports report requests entering and leaving, for in-flight counts. */
  trackInFlight(delta: 1 | -1): void;
  listen(options?: {
    port?: number;
    host?: string;
  }): Promise<{ url: string; close(): Promise<void> }>;
}

const DEFAULT_KNOBS: SimulatorKnobs = {
  latencyMs: 0,
  jitterMs: 0,
  layout: "grouped",
  faults: {},
  faultSeed: 1,
  retryAfter: { form: "seconds", seconds: 1 },
  hangMs: 120_000,
  tokenExpiresInSeconds: 3600,
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

function isRealDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

function envelope(result: unknown, message: string, isSuccess = true): string {
  return JSON.stringify({ IsSuccess: isSuccess, Message: message, Result: result });
}

/** Replaces ids with strings: a field of the wrong type, as a schema drift would bring. */
function drift(result: unknown): unknown {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] =
        (key === "JobInformationId" ||
          key === "ServiceCompanyId" ||
          key === "EmployeeInformationId") &&
        typeof inner === "number"
          ? `ID-${inner}`
          : visit(inner);
    }
    return out;
  };
  return visit(result);
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const seed = String(options.seed ?? "backup-portal");
  const clock = options.clock ?? { now: () => new Date() };
  const jobsPerDay = options.jobsPerDay ?? { min: 5, max: 150 };
  const world: SimWorld = buildWorld({
    seed,
    companies: Math.max(1, options.companies ?? 12),
    companiesPerGroup: Math.max(1, options.companiesPerGroup ?? 3),
  });
  const byId = new Map<number, SimCompany>(world.companies.map((c) => [c.serviceCompanyId, c]));
  const credentialRng = createRng(seed, "credentials");
  const credentials = {
    apiKey: options.apiKey ?? `sim-key-${credentialRng.uuid()}`,
    username: options.username ?? "dr-api-user",
    password: options.password ?? `sim-pw-${credentialRng.uuid().slice(0, 13)}`,
  };
  let knobs: SimulatorKnobs = { ...DEFAULT_KNOBS, ...options.knobs };
  const rounds: Array<{ share: number; seed: string | number }> = [];
  const dayCache = new Map<string, FlatJob[]>();
  const bodyCache = new Map<string, string>();
  const tokens = new Map<string, number>();
  let tokenCounter = 0;
  const sequence = { token: 0, users: 0, schedule: 0 };
  const queued: Record<SimEndpoint, SimFault[]> = { token: [], users: [], schedule: [] };
  let counts: SimCounts = emptyCounts();

  function emptyCounts(): SimCounts {
    return { token: 0, users: 0, schedule: 0, other: 0, byStatus: {}, inFlight: 0, maxInFlight: 0 };
  }

  function revision(serviceCompanyId: number, date: string): number {
    let n = 0;
    for (const round of rounds)
      if (unitFor(round.seed, "mutate", serviceCompanyId, date) < round.share) n++;
    return n;
  }

  function companyDay(company: SimCompany, date: string): FlatJob[] {
    const rev = revision(company.serviceCompanyId, date);
    const key = `${company.serviceCompanyId}|${date}|${rev}`;
    const cached = dayCache.get(key);
    if (cached) return cached;
    // Bounded so a long benchmark over many dates cannot grow memory without limit.
    if (dayCache.size > 20_000) dayCache.clear();
    const jobs = generateCompanyDay(company, { seed, date, revision: rev, jobsPerDay });
    dayCache.set(key, jobs);
    return jobs;
  }

  function usersResult(): unknown {
    return {
      GeneratedAt: clock.now().toISOString(),
      DataVersion: "1.0",
      ServiceCompanyGroups: world.groups.map((group) => ({
        ServiceCompanyGroupId: group.serviceCompanyGroupId,
        Name: group.name,
        IsActive: true,
        ServiceCompanies: group.companies.map((company) => ({
          ServiceCompanyId: company.serviceCompanyId,
          Name: company.name,
          ServiceCompanyGroupId: group.serviceCompanyGroupId,
          IsActive: true,
          Users: (group.usersByCompany.get(company.serviceCompanyId) ?? []).map((user) => ({
            ...user,
            Roles: [...user.Roles],
            ServiceCompanyId: company.serviceCompanyId,
          })),
        })),
      })),
    };
  }

  function scheduleResult(args: {
    date: string;
    serviceCompanyId?: number;
    layout?: ScheduleLayout;
  }): unknown {
    const layout = args.layout ?? knobs.layout;
    const companies =
      args.serviceCompanyId === undefined
        ? world.companies
        : [byId.get(args.serviceCompanyId)].filter((c): c is SimCompany => c !== undefined);
    const days: CompanyDay[] = companies.map((company) => ({
      company,
      jobs: companyDay(company, args.date),
    }));
    if (layout === "nested") return renderNested(days);
    if (layout === "single") {
      const [day] = days;
      if (!day || args.serviceCompanyId === undefined) {
        throw new Error("the single layout needs a known serviceCompanyId");
      }
      return renderSingle(day);
    }
    // GeneratedAt is derived from the data version so the same version gives the same bytes.
    const generatedAt = new Date(
      Date.parse(`${args.date}T00:00:00Z`) - 86_400_000 + rounds.length * 60_000,
    );
    return renderGrouped(days, world.groups, args.date, generatedAt.toISOString());
  }

  /** Rendered bodies per layout, company, date and data version: serving is then cheap. */
  function scheduleBody(args: { date: string; serviceCompanyId?: number }): string {
    const key = `${knobs.layout}|${args.serviceCompanyId ?? "all"}|${args.date}|${rounds.length}`;
    const cached = bodyCache.get(key);
    if (cached !== undefined) return cached;
    if (bodyCache.size > 2_000) bodyCache.clear();
    const body = envelope(scheduleResult(args), "OK");
    bodyCache.set(key, body);
    return body;
  }

  function delay(endpoint: SimEndpoint, n: number): number {
    if (knobs.jitterMs <= 0) return knobs.latencyMs;
    return (
      knobs.latencyMs + Math.round(unitFor(knobs.faultSeed, "jitter", endpoint, n) * knobs.jitterMs)
    );
  }

  function respond(
    status: number,
    body: string,
    delayMs: number,
    fault?: SimFault,
    headers: Record<string, string> = JSON_HEADERS,
  ): SimResponse {
    counts.byStatus[status] = (counts.byStatus[status] ?? 0) + 1;
    return { kind: "respond", status, headers, body, delayMs, fault };
  }

  function authorized(header: string | null): boolean {
    const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
    const presented = match?.[1];
    if (!presented) return false;
    if (presented === credentials.apiKey) return true;
    const expiresAt = tokens.get(presented);
    return expiresAt !== undefined && expiresAt > clock.now().getTime();
  }

  function handleToken(
    request: SimRequest,
    delayMs: number,
    fault: SimFault | undefined,
  ): SimResponse {
    if (fault) return faultResponse(fault, delayMs, () => "{}");
    const form = new URLSearchParams(request.body);
    if (
      form.get("grant_type") !== "password" ||
      form.get("username") !== credentials.username ||
      form.get("password") !== credentials.password
    ) {
      return respond(
        400,
        JSON.stringify({
          error: "invalid_grant",
          error_description: "The user name or password is incorrect.",
        }),
        delayMs,
      );
    }
    tokenCounter++;
    const token = `sim-token-${createRng(seed, "token", tokenCounter).uuid()}`;
    tokens.set(token, clock.now().getTime() + knobs.tokenExpiresInSeconds * 1000);
    return respond(
      200,
      JSON.stringify({
        access_token: token,
        token_type: "bearer",
        expires_in: knobs.tokenExpiresInSeconds,
      }),
      delayMs,
    );
  }

  function faultResponse(fault: SimFault, delayMs: number, body: () => string): SimResponse {
    switch (fault) {
      case "server500":
        return respond(500, envelope(null, "An error has occurred.", false), delayMs, fault);
      case "server503":
        return respond(503, "<html><body>Service Unavailable</body></html>", delayMs, fault, {
          "content-type": "text/html",
        });
      case "rateLimited": {
        const seconds = knobs.retryAfter.seconds;
        const retryAfter =
          knobs.retryAfter.form === "seconds"
            ? String(seconds)
            : new Date(clock.now().getTime() + seconds * 1000).toUTCString();
        return respond(429, envelope(null, "Too many requests", false), delayMs, fault, {
          ...JSON_HEADERS,
          "retry-after": retryAfter,
        });
      }
      case "hang":
        return { kind: "hang", ms: knobs.hangMs, delayMs, fault };
      case "truncated": {
        const full = body();
        return respond(
          200,
          full.slice(0, Math.max(1, Math.floor(full.length / 2))),
          delayMs,
          fault,
        );
      }
      case "malformed":
        return respond(
          200,
          '{"IsSuccess":true,"Message":"OK","Result":{"Jobs":[{,,}]}',
          delayMs,
          fault,
        );
      case "unsuccessful":
        return respond(
          200,
          envelope(null, "Unable to retrieve data: the database did not respond in time.", false),
          delayMs,
          fault,
        );
      case "drift":
        return respond(200, body(), delayMs, fault);
      case "unauthorized":
        return respond(
          401,
          JSON.stringify({ Message: "Authorization has been denied for this request." }),
          delayMs,
          fault,
          {
            ...JSON_HEADERS,
            "www-authenticate": "Bearer",
          },
        );
    }
  }

  function nextFault(endpoint: SimEndpoint, n: number): SimFault | undefined {
    const fromQueue = queued[endpoint].shift();
    if (fromQueue) return fromQueue;
    if (endpoint === "token") return undefined;
    return drawFault(knobs.faults, knobs.faultSeed, endpoint, n);
  }

  function handleSchedule(
    request: SimRequest,
    delayMs: number,
    fault: SimFault | undefined,
  ): SimResponse {
    const startDate = request.query.get("startDate") ?? "";
    const endDate = request.query.get("endDate") ?? "";
    const companyParam = request.query.get("serviceCompanyId");
    if (!isRealDate(startDate) || !isRealDate(endDate)) {
      return respond(
        400,
        envelope(null, "startDate and endDate must be dates (YYYY-MM-DD).", false),
        delayMs,
      );
    }
    if (startDate !== endDate) {
      return respond(
        400,
        envelope(null, "startDate and endDate must be the same day.", false),
        delayMs,
      );
    }
    let serviceCompanyId: number | undefined;
    if (companyParam !== null) {
      serviceCompanyId = Number(companyParam);
      if (!Number.isInteger(serviceCompanyId) || !byId.has(serviceCompanyId)) {
        return respond(
          404,
          envelope(null, `Unknown serviceCompanyId ${companyParam}.`, false),
          delayMs,
        );
      }
    }
    if (knobs.layout === "single" && serviceCompanyId === undefined) {
      return respond(400, envelope(null, "serviceCompanyId is required.", false), delayMs);
    }
    const args = {
      date: startDate,
      ...(serviceCompanyId === undefined ? {} : { serviceCompanyId }),
    };
    const body = () =>
      fault === "drift" ? envelope(drift(scheduleResult(args)), "OK") : scheduleBody(args);
    if (fault) return faultResponse(fault, delayMs, body);
    return respond(200, body(), delayMs);
  }

  function handle(request: SimRequest): SimResponse {
    const method = request.method.toUpperCase();
    let endpoint: SimEndpoint | undefined;
    if (method === "POST" && request.path === "/token") endpoint = "token";
    else if (method === "GET" && request.path === "/api/dr-schedule/users") endpoint = "users";
    else if (method === "GET" && request.path === "/api/dr-schedule") endpoint = "schedule";
    if (!endpoint) {
      counts.other++;
      return respond(
        404,
        envelope(null, `No route for ${method} ${request.path}.`, false),
        knobs.latencyMs,
      );
    }
    counts[endpoint]++;
    const n = sequence[endpoint]++;
    const delayMs = delay(endpoint, n);
    const fault = nextFault(endpoint, n);
    if (endpoint === "token") return handleToken(request, delayMs, fault);
    if (fault === "unauthorized" || !authorized(request.authorization)) {
      return faultResponse("unauthorized", delayMs, () => "{}");
    }
    if (endpoint === "users") {
      const result = usersResult();
      const message = `Active user accounts retrieved successfully. Companies: ${world.companies.length}`;
      const body = () => envelope(fault === "drift" ? drift(result) : result, message);
      return fault ? faultResponse(fault, delayMs, body) : respond(200, body(), delayMs);
    }
    return handleSchedule(request, delayMs, fault);
  }

  const simulator: Simulator = {
    credentials,
    companies: () =>
      world.companies.map((c) => ({
        serviceCompanyId: c.serviceCompanyId,
        serviceCompanyGroupId: c.serviceCompanyGroupId,
        name: c.name,
        timeZoneInfoId: c.timeZoneInfoId,
        country: c.country,
        featureToggles: c.featureToggles,
      })),
    usersResult,
    scheduleResult,
    companyDay: (serviceCompanyId, date) => {
      const company = byId.get(serviceCompanyId);
      if (!company) throw new Error(`The simulator has no company ${serviceCompanyId}`);
      return companyDay(company, date);
    },
    mutate: ({ share, seed: roundSeed }) => {
      const round = rounds.length + 1;
      const entry = {
        share: Math.min(1, Math.max(0, share)),
        seed: roundSeed ?? `${seed}:round:${round}`,
      };
      rounds.push(entry);
      const isChanged = (serviceCompanyId: number, date: string): boolean =>
        unitFor(entry.seed, "mutate", serviceCompanyId, date) < entry.share;
      return {
        round,
        share: entry.share,
        seed: entry.seed,
        isChanged,
        changedAmong: (dates) =>
          world.companies.flatMap((c) =>
            dates
              .filter((date) => isChanged(c.serviceCompanyId, date))
              .map((date) => ({ serviceCompanyId: c.serviceCompanyId, date })),
          ),
      };
    },
    revision,
    get version() {
      return rounds.length;
    },
    knobs: () => ({ ...knobs, faults: { ...knobs.faults }, retryAfter: { ...knobs.retryAfter } }),
    setKnobs: (next) => {
      knobs = { ...knobs, ...next };
    },
    queueFaults: (endpoint, faults) => {
      queued[endpoint].push(...faults);
    },
    revokeTokens: () => tokens.clear(),
    counts: () => ({ ...counts, byStatus: { ...counts.byStatus } }),
    resetCounts: () => {
      const inFlight = counts.inFlight;
      counts = emptyCounts();
      counts.inFlight = inFlight;
    },
    handle,
    trackInFlight: (delta) => {
      counts.inFlight += delta;
      counts.maxInFlight = Math.max(counts.maxInFlight, counts.inFlight);
    },
    listen: (listenOptions) => listenSimulator(simulator, listenOptions ?? {}),
  };
  return simulator;
}
