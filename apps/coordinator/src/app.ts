import { type Logger, requireSyncSecret } from "@backup-portal/core";
import { Hono } from "hono";
import type { Coordinator } from "./coordinator";

/** `POST /hourly-sync`: enqueue a run and answer at once; maintenance follows in the background. */
export function createCoordinatorApp(deps: {
  coordinator: Coordinator;
  syncSecret: string;
  logger: Logger;
}): Hono {
  const app = new Hono();
  app.post("/hourly-sync", async (c) => {
    const denied = requireSyncSecret(c.req.header("authorization"), deps.syncSecret);
    if (denied) return denied;
    const summary = await deps.coordinator.run({ trigger: "http" });
    deps.coordinator.maintain().catch((error: unknown) => {
      deps.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        "maintenance pass failed",
      );
    });
    return c.json(summary, 202);
  });
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.onError((error, c) => {
    deps.logger.error({ err: error.message }, "hourly-sync failed");
    return c.json(
      { error: { code: "internal", message: "The sync run could not be enqueued." } },
      500,
    );
  });
  return app;
}
