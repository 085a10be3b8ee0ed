import type { Logger } from "@backup-portal/core";
import type { FetchHandler } from "./edge-handler";
import { createEdgeLogger, type LogLevel } from "./edge-logger";

// The part of Deno's global this file uses; typed here so the package typechecks with Node's tsc.
interface DenoRuntime {
  env: { toObject(): Record<string, string> };
  serve(
    options: { port: number; hostname: string; onListen(addr: { port: number }): void },
    handler: FetchHandler,
  ): unknown;
  serve(handler: FetchHandler): unknown;
  exit(code: number): never;
}

const logLevels = new Set(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/**
 * The whole of an Edge Function entry: compose the handler from Deno.env and serve it. On
 * Supabase the runtime owns the port; elsewhere (the bundle run by plain `deno run`, as the test
 * does) PORT and HOST choose where it listens and one JSON line announces the port.
 */
export async function serveEdgeFunction(
  name: string,
  create: (
    source: Record<string, string | undefined>,
    logger: Logger,
  ) => FetchHandler | Promise<FetchHandler>,
): Promise<void> {
  const deno = (globalThis as { Deno?: DenoRuntime }).Deno;
  if (!deno) throw new Error(`${name}: this entry runs under Deno (Supabase Edge Functions)`);
  const source = deno.env.toObject();
  const level = source.LOG_LEVEL && logLevels.has(source.LOG_LEVEL) ? source.LOG_LEVEL : "info";
  const logger = createEdgeLogger({ level: level as LogLevel, bindings: { function: name } });
  let handler: FetchHandler;
  try {
    handler = await create(source, logger);
  } catch (error) {
    // One line naming the variable; the stack of a configuration mistake helps nobody.
    console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    return deno.exit(1);
  }
  if (source.PORT === undefined || source.PORT === "") {
    deno.serve(handler);
    return;
  }
  const port = Number(source.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${name}: PORT must be a port number (got ${JSON.stringify(source.PORT)})`);
    return deno.exit(1);
  }
  deno.serve(
    {
      port,
      hostname: source.HOST || "0.0.0.0",
      onListen: ({ port: bound }) => logger.info({ port: bound }, "listening"),
    },
    handler,
  );
}
