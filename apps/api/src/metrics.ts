import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface ApiMetrics {
  registry: Registry;
  requestDuration: Histogram<"route" | "method" | "status">;
  cacheEvents: Counter<"cache" | "result">;
  blobReadDuration: Histogram<"result">;
  queueDepth: Gauge;
  oldestPendingAgeSeconds: Gauge;
}

/** One registry per app instance, so tests and the all-in-one process never share counters. */
export function createApiMetrics(options: { defaultMetrics?: boolean } = {}): ApiMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return {
    registry,
    requestDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration by route and status",
      labelNames: ["route", "method", "status"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    cacheEvents: new Counter({
      name: "schedule_cache_events_total",
      help: "Schedule document and response cache hits and misses",
      labelNames: ["cache", "result"],
      registers: [registry],
    }),
    blobReadDuration: new Histogram({
      name: "schedule_blob_read_seconds",
      help: "Time to read and verify one schedule blob",
      labelNames: ["result"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: "sync_queue_depth",
      help: "Pending background jobs",
      registers: [registry],
    }),
    oldestPendingAgeSeconds: new Gauge({
      name: "sync_queue_oldest_pending_age_seconds",
      help: "Age of the oldest pending background job",
      registers: [registry],
    }),
  };
}
