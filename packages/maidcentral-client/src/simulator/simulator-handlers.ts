import { delay, type HttpHandler, HttpResponse, http } from "msw";
import type { Simulator } from "./simulator";

/** Resolves after `ms`, or as soon as the client aborts the request. */
async function waitOrAbort(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return;
  await Promise.race([
    delay(ms),
    new Promise<void>((resolve) =>
      signal.addEventListener("abort", () => resolve(), { once: true }),
    ),
  ]);
}

/**
 * msw handlers answering MaidCentral's endpoints under `baseUrl` from the simulator, so unit
 * tests see the same data, faults and counters as the node:http server gives.
 */
export function simulatorHandlers(
  sim: Simulator,
  baseUrl: string,
  options: { tokenUrl?: string } = {},
): HttpHandler[] {
  const base = baseUrl.replace(/\/+$/, "");
  const serve = async ({ request }: { request: Request }) => {
    sim.trackInFlight(1);
    try {
      const url = new URL(request.url);
      const path =
        options.tokenUrl && request.url.split("?")[0] === options.tokenUrl
          ? "/token"
          : url.pathname.slice(new URL(base).pathname.replace(/\/+$/, "").length);
      const response = sim.handle({
        method: request.method,
        path,
        query: url.searchParams,
        authorization: request.headers.get("authorization"),
        body: request.method === "POST" ? await request.text() : "",
      });
      await waitOrAbort(response.delayMs, request.signal);
      if (response.kind === "hang") {
        await waitOrAbort(response.ms, request.signal);
        return HttpResponse.error();
      }
      return new HttpResponse(response.body, {
        status: response.status,
        headers: response.headers,
      });
    } finally {
      sim.trackInFlight(-1);
    }
  };
  return [
    http.post(options.tokenUrl ?? `${base}/token`, serve),
    http.get(`${base}/api/dr-schedule/users`, serve),
    http.get(`${base}/api/dr-schedule`, serve),
  ];
}
