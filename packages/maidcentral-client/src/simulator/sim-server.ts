import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Simulator } from "./simulator";

export interface RunningSimulator {
  url: string;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** Waits `ms`, or less when `signal` fires first (the client hung up). */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

/** Serves the simulator over node:http (keep-alive on, as MaidCentral's IIS would). */
export function listenSimulator(
  sim: Simulator,
  options: { port?: number; host?: string },
): Promise<RunningSimulator> {
  const host = options.host ?? "127.0.0.1";
  const server = createServer({ keepAliveTimeout: 30_000 }, async (req, res) => {
    const gone = new AbortController();
    res.on("close", () => gone.abort());
    sim.trackInFlight(1);
    try {
      const url = new URL(req.url ?? "/", "http://simulator.local");
      const body = req.method === "POST" ? await readBody(req) : "";
      const response = sim.handle({
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        authorization: req.headers.authorization ?? null,
        body,
      });
      await wait(response.delayMs, gone.signal);
      if (response.kind === "hang") {
        await wait(response.ms, gone.signal);
        if (!gone.signal.aborted) res.destroy();
        return;
      }
      if (gone.signal.aborted) return;
      res.writeHead(response.status, {
        ...response.headers,
        "content-length": Buffer.byteLength(response.body),
      });
      res.end(response.body);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(error instanceof Error ? error.message : "simulator error");
    } finally {
      sim.trackInFlight(-1);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      const address = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${address.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
