import type { Clock, Logger } from "@backup-portal/core";
import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
import {
  type AccessCompany,
  type AccessProfile,
  type CompanyDirectory,
  decideAccess,
} from "./access";
import { AuthError } from "./auth-error";
import { createDocumentCache } from "./document-cache";
import type { ApiMetrics } from "./metrics";
import {
  ApiError,
  type BlobReader,
  createScheduleReader,
  type ScheduleRowSource,
} from "./schedule-reader";
import type { TokenVerifier } from "./token-verifier";

export interface ProfileSource {
  getAccessProfile(userId: string): Promise<AccessProfile | null>;
}

export interface ApiDependencies {
  verifier: TokenVerifier;
  profiles: ProfileSource;
  directory: CompanyDirectory;
  rows: ScheduleRowSource;
  blobs: BlobReader;
  clock: Clock;
  logger: Logger;
  metrics?: ApiMetrics | undefined;
  defaultTimeZone: string;
  corsOrigins?: string[] | undefined;
  /** Budget for parsed documents; rendered bodies get a quarter of it on top. */
  cacheMaxBytes?: number | undefined;
  /** How long a user's role and companies (and the companies' settings) are reused before being read again. */
  profileTtlMs?: number | undefined;
  /** Throws when the database does not answer. */
  ready(): Promise<void>;
  queueStats?: (() => Promise<{ pending: number; oldestPendingAgeMs: number | null }>) | undefined;
}

const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;

export function createApiApp(deps: ApiDependencies): Hono {
  const cacheMaxBytes = deps.cacheMaxBytes ?? DEFAULT_CACHE_BYTES;
  const reader = createScheduleReader({ ...deps, cacheMaxBytes });
  const bodies = createDocumentCache<Uint8Array>({ maxBytes: Math.floor(cacheMaxBytes / 4) });
  const profileTtlMs = deps.profileTtlMs ?? 30_000;
  const profiles = cachedProfiles(deps.profiles, deps.clock, profileTtlMs);
  const directory = cachedDirectory(deps.directory, deps.clock, profileTtlMs);
  const encoder = new TextEncoder();
  const app = new Hono();

  app.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    deps.metrics?.requestDuration.observe(
      { route: c.req.routePath || "unmatched", method: c.req.method, status: String(c.res.status) },
      (performance.now() - started) / 1000,
    );
  });
  if (deps.corsOrigins && deps.corsOrigins.length > 0) {
    app.use(
      "/get-schedule",
      cors({
        origin: deps.corsOrigins,
        allowMethods: ["GET", "OPTIONS"],
        allowHeaders: ["Authorization", "If-None-Match"],
        exposeHeaders: ["ETag"],
        maxAge: 600,
      }),
    );
  }

  app.get("/get-schedule", async (c) => {
    const user = await deps.verifier.verify(c.req.header("authorization"));
    const date = c.req.query("date") ?? "";
    const access = await decideAccess(
      await profiles.get(user.userId),
      c.req.query("companyId"),
      directory,
    );
    if (!access.ok) {
      const body = errorBody(access.code, access.message);
      if (access.companies) Object.assign(body.error, { companies: access.companies });
      return c.json(body, access.status);
    }
    const { view, etag } = await reader.read({
      company: access.company,
      role: access.role,
      employeeId: access.employeeId,
      date,
    });
    const headers: Record<string, string> = {
      ETag: etag,
      "Cache-Control": "private, no-cache",
      Vary: "Authorization, Accept-Encoding",
    };
    if (matches(c.req.header("if-none-match"), etag)) return c.body(null, 304, headers);

    const gzip = /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");
    const key = gzip ? `${etag}:gzip` : etag;
    const before = bodies.stats().misses;
    const body = await bodies.get(key, async () => {
      const json = encoder.encode(JSON.stringify(view));
      const value = gzip ? await compress(json) : json;
      return { value, bytes: value.byteLength };
    });
    deps.metrics?.cacheEvents.inc({
      cache: "body",
      result: bodies.stats().misses > before ? "miss" : "hit",
    });
    headers["Content-Type"] = "application/json; charset=utf-8";
    if (gzip) headers["Content-Encoding"] = "gzip";
    return c.body(body as Uint8Array<ArrayBuffer>, 200, headers);
  });

  app.get("/health", (c) => c.json({ status: "ok" }));
  app.get("/ready", async (c) => {
    try {
      await deps.ready();
      return c.json({ status: "ready" });
    } catch (cause) {
      deps.logger.error({ err: String(cause) }, "readiness check failed");
      return c.json(errorBody("not_ready", "The database is not reachable."), 503);
    }
  });
  app.get("/metrics", async (c) => {
    if (!deps.metrics) return c.text("metrics are disabled\n", 404);
    if (deps.queueStats) {
      const stats = await deps.queueStats().catch(() => null);
      if (stats) {
        deps.metrics.queueDepth.set(stats.pending);
        deps.metrics.oldestPendingAgeSeconds.set((stats.oldestPendingAgeMs ?? 0) / 1000);
      }
    }
    return c.text(await deps.metrics.registry.metrics(), 200, {
      "Content-Type": deps.metrics.registry.contentType,
    });
  });

  app.notFound((c) =>
    c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}.`), 404),
  );
  app.onError((error, c) => handleError(error, c, deps.logger));
  return app;
}

function handleError(error: unknown, c: Context, logger: Logger): Response {
  if (error instanceof AuthError) {
    const description = error.message.replaceAll('"', "'");
    const challenge =
      error.code === "missing_token"
        ? 'Bearer realm="backup-portal"'
        : `Bearer realm="backup-portal", error="invalid_token", error_description="${description}"`;
    return c.json(errorBody(error.code, error.message), 401, { "WWW-Authenticate": challenge });
  }
  if (error instanceof ApiError) {
    if (error.status >= 500) logger.error({ code: error.code, ...error.context }, error.message);
    return c.json(errorBody(error.code, error.message), error.status);
  }
  logger.error(
    { err: error instanceof Error ? { message: error.message, stack: error.stack } : error },
    "unhandled API error",
  );
  return c.json(errorBody("internal", "Something went wrong on our side."), 500);
}

function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => {
    const tag = t.trim();
    return tag === "*" || tag === etag || tag === `W/${etag}`;
  });
}

async function compress(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Role and companies are read from the database, reused for a short while per user. */
function cachedProfiles(source: ProfileSource, clock: Clock, ttlMs: number) {
  const cache = ttlCache<AccessProfile | null>(clock, ttlMs);
  return {
    get: (userId: string) => cache.get(userId, () => source.getAccessProfile(userId)),
  };
}

/** Companies' settings (portal toggle, group, zone) are reused for as long as profiles are. */
function cachedDirectory(source: CompanyDirectory, clock: Clock, ttlMs: number): CompanyDirectory {
  const one = ttlCache<AccessCompany | null>(clock, ttlMs);
  const lists = ttlCache<AccessCompany[]>(clock, ttlMs);
  return {
    findCompany: (key) => one.get(key, () => source.findCompany(key)),
    listCompanies: (filter) =>
      lists.get(`${filter.all}|${filter.ids.join(",")}|${filter.groupIds.join(",")}`, () =>
        source.listCompanies(filter),
      ),
  };
}

function ttlCache<T>(clock: Clock, ttlMs: number) {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return {
    get(key: string, load: () => Promise<T>): Promise<T> {
      const now = clock.now().getTime();
      const hit = entries.get(key);
      if (hit && now - hit.at < ttlMs) return hit.value;
      const value = load();
      entries.set(key, { at: now, value });
      value.catch(() => entries.delete(key));
      if (entries.size > 10_000) {
        for (const [k, entry] of entries) if (now - entry.at >= ttlMs) entries.delete(k);
      }
      return value;
    },
  };
}
