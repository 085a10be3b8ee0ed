import { type Logger, requireSyncSecret } from "@backup-portal/core";
import { Hono } from "hono";
import { z } from "zod";
import type { JobRunner } from "./job-runner";

const bodySchema = z
  .object({
    maxMs: z
      .number()
      .int()
      .min(100)
      .max(15 * 60_000)
      .optional(),
  })
  .strict();

/** `POST /background-worker`: works the queue within a time budget, for invoked deployments. */
export function createWorkerApp(deps: {
  runner: JobRunner;
  syncSecret: string;
  logger: Logger;
}): Hono {
  const app = new Hono();
  app.post("/background-worker", async (c) => {
    const denied = requireSyncSecret(c.req.header("authorization"), deps.syncSecret);
    if (denied) return denied;
    const text = await c.req.text();
    let raw: unknown = {};
    try {
      raw = text.trim() === "" ? {} : JSON.parse(text);
    } catch {
      return c.json(
        {
          error: { code: "invalid_body", message: 'The body must be JSON, e.g. {"maxMs": 25000}.' },
        },
        400,
      );
    }
    const parsed = bodySchema.safeParse(raw);
    if (!parsed.success) {
      return c.json(
        {
          error: { code: "invalid_body", message: "maxMs must be an integer from 100 to 900000." },
        },
        400,
      );
    }
    const counts = await deps.runner.drain({ maxMs: parsed.data.maxMs ?? 25_000 });
    deps.logger.info(counts, "background-worker invocation finished");
    const { processed, succeeded, retried, failed } = counts;
    return c.json({ processed, succeeded, retried, failed });
  });
  app.get("/health", (c) => c.json({ status: "ok" }));
  return app;
}
