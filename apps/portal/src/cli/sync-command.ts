import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createCoordinator } from "@backup-portal/coordinator";
import { connectMaidCentral, createWorker } from "@backup-portal/worker";
import { type RunProgress, runProgress } from "../run-progress";
import { type CliDependencies, PortalRunningError, withStores } from "./cli-context";
import { CliFailure } from "./cli-errors";
import { findCompany } from "./company-arg";

/**
 * `sync [--company ID] [--wait]`: a run now, not spread. With the database to itself it enqueues
 * directly; on embedded defaults nothing else works the queue, so `--wait` works it in this process.
 * When the running portal holds DATA_DIR, the run goes through its `POST /hourly-sync`.
 */
export async function syncCommand(
  deps: CliDependencies,
  options: { company: string | undefined; wait: boolean; json: boolean },
): Promise<number> {
  try {
    return await withStores(deps, async ({ storage, metadata, queue }) => {
      const company =
        options.company === undefined ? null : await findCompany(metadata, options.company);
      if (company && !(company.portalEnabled && company.syncEnabled && company.isActive)) {
        throw new CliFailure(
          `${company.name} (${company.serviceCompanyId}) is not enabled; run \`portal companies enable ${company.serviceCompanyId}\` first`,
        );
      }
      const coordinator = createCoordinator({
        queue,
        metadata,
        blobs: storage.blobs,
        clock: deps.clock,
        logger: deps.logger,
        spreadSeconds: 0,
        defaultTimeZone: deps.env.DEFAULT_TIME_ZONE,
      });
      const summary = await coordinator.run({
        trigger: "cli",
        spread: false,
        ...(company ? { companyIds: [company.id] } : {}),
      });
      if (!options.json) {
        deps.io.out(
          `run ${summary.runId}: ${summary.companies} companies, ${summary.jobsEnqueued} jobs enqueued, ${summary.duplicatesSkipped} already queued`,
        );
      }
      if (!options.wait) {
        if (options.json) deps.io.out(JSON.stringify({ ...summary, progress: null }, null, 2));
        else if (storage.mode.database === "pglite")
          deps.io.out("the jobs run when the portal starts (npm start), or now with --wait");
        return 0;
      }
      let progress: RunProgress = await runProgress(storage.db, summary.runId);
      const show = (p: RunProgress) => {
        if (!options.json) deps.io.out(`${p.done}/${p.total} jobs done, ${p.failed} failed`);
      };
      // Embedded: this process is the only one that can reach the database, so it is the worker.
      const connection =
        storage.mode.database === "pglite" ? await connectMaidCentral(deps.env, deps.logger) : null;
      try {
        const worker = connection
          ? createWorker({
              queue,
              metadata,
              blobs: storage.blobs,
              client: connection.client,
              clock: deps.clock,
              logger: deps.logger,
              workerId: `cli:${process.pid}`,
              concurrency: deps.env.WORKER_CONCURRENCY,
              enableNewCompanies:
                deps.env.ENABLE_NEW_COMPANIES ?? connection.source === "simulator",
              defaultTimeZone: deps.env.DEFAULT_TIME_ZONE,
            })
          : null;
        while (!progress.finished) {
          if (worker) await worker.drain({ maxMs: 5_000 });
          else await new Promise((resolve) => setTimeout(resolve, 1_000));
          const next = await runProgress(storage.db, summary.runId);
          if (next.done !== progress.done || next.failed !== progress.failed) show(next);
          progress = next;
          // Retries wait out their backoff before they are due again.
          if (worker && !progress.finished)
            await new Promise((resolve) => setTimeout(resolve, 500));
        }
      } finally {
        await connection?.close();
      }
      if (options.json) deps.io.out(JSON.stringify({ ...summary, progress }, null, 2));
      else
        deps.io.out(
          `run finished: ${progress.done}/${progress.total} jobs, ${progress.failed} failed`,
        );
      return progress.failed > 0 ? 1 : 0;
    });
  } catch (error) {
    if (!(error instanceof PortalRunningError)) throw error;
    return syncThroughPortal(deps, error, options);
  }
}

async function syncThroughPortal(
  deps: CliDependencies,
  running: PortalRunningError,
  options: { company: string | undefined; wait: boolean; json: boolean },
): Promise<number> {
  if (options.company !== undefined) {
    throw new CliFailure(
      `${running.message}: POST /hourly-sync runs every company, so --company needs the database; stop the portal or sync everything`,
    );
  }
  const secret =
    deps.env.SYNC_SECRET ??
    (await readFile(join(deps.env.DATA_DIR, "secrets", "sync-secret"), "utf8").then(
      (text) => text.trim(),
      () => {
        throw new CliFailure(`${running.message}; SYNC_SECRET is not set and DATA_DIR has none`);
      },
    ));
  const url = `http://127.0.0.1:${deps.env.PORT}/hourly-sync`;
  let response: Response;
  try {
    response = await deps.fetch(url, {
      method: "POST",
      headers: { Authorization: `Bearer ${secret}` },
    });
  } catch {
    throw new CliFailure(`${running.message}, but it does not answer on ${url}; is PORT the same?`);
  }
  if (response.status !== 202) throw new CliFailure(`${url} answered ${response.status}`);
  const summary = (await response.json()) as Record<string, unknown>;
  if (options.json) deps.io.out(JSON.stringify({ ...summary, via: url }, null, 2));
  else {
    deps.io.out(
      `the portal (pid ${running.pid ?? "?"}) holds the database: asked it through ${url}; run ${String(summary.runId)}: ${String(summary.jobsEnqueued)} jobs enqueued, ${String(summary.duplicatesSkipped)} already queued`,
    );
    if (options.wait)
      deps.io.out(
        "--wait needs the database; the portal's output and portal.log show the progress",
      );
  }
  return 0;
}
