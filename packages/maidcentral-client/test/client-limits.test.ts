import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMaidCentralClient } from "../src/index";
import { createSimulator } from "../src/simulator/index";
import { simulatorHandlers } from "../src/simulator/msw";
import { BASE_URL, virtualTime } from "./helpers";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const DATES = Array.from({ length: 12 }, (_, i) => `2026-03-${String(i + 1).padStart(2, "0")}`);

describe("politeness limits", () => {
  it("never has more than maxConcurrency requests in the server's handlers at once", async () => {
    const sim = createSimulator({ companies: 1, jobsPerDay: { min: 5, max: 5 } });
    // Real (short) latency so requests overlap inside the handlers.
    sim.setKnobs({ latencyMs: 15 });
    server.use(...simulatorHandlers(sim, BASE_URL));
    const client = createMaidCentralClient({
      baseUrl: BASE_URL,
      auth: { kind: "key", apiKey: sim.credentials.apiKey },
      maxConcurrency: 3,
      requestsPerSecond: Number.POSITIVE_INFINITY,
    });
    await Promise.all(DATES.map((date) => client.getSchedule({ date, serviceCompanyId: 1000 })));
    expect(sim.counts()).toMatchObject({ schedule: 12, maxInFlight: 3, inFlight: 0 });
  });

  it("shares one concurrency budget between getUsers and getSchedule calls", async () => {
    const sim = createSimulator({ companies: 1, jobsPerDay: { min: 5, max: 5 } });
    sim.setKnobs({ latencyMs: 15 });
    server.use(...simulatorHandlers(sim, BASE_URL));
    const client = createMaidCentralClient({
      baseUrl: BASE_URL,
      auth: { kind: "key", apiKey: sim.credentials.apiKey },
      maxConcurrency: 2,
      requestsPerSecond: Number.POSITIVE_INFINITY,
    });
    await Promise.all([
      client.getUsers(),
      client.getUsers(),
      ...DATES.slice(0, 4).map((date) => client.getSchedule({ date })),
    ]);
    expect(sim.counts()).toMatchObject({ users: 2, schedule: 4, maxInFlight: 2 });
  });

  it("spaces request starts to requestsPerSecond across concurrent calls", async () => {
    const time = virtualTime();
    const sim = createSimulator({
      companies: 1,
      jobsPerDay: { min: 5, max: 5 },
      clock: time.clock,
    });
    server.use(...simulatorHandlers(sim, BASE_URL));
    const startedAt: number[] = [];
    const t0 = time.clock.now().getTime();
    const client = createMaidCentralClient({
      baseUrl: BASE_URL,
      auth: { kind: "key", apiKey: sim.credentials.apiKey },
      clock: time.clock,
      sleep: time.sleep,
      maxConcurrency: 12,
      requestsPerSecond: 4,
      // Records the (virtual) moment each request leaves the client.
      fetch: (input, init) => {
        startedAt.push(time.clock.now().getTime() - t0);
        return globalThis.fetch(input, init);
      },
    });
    await Promise.all(DATES.map((date) => client.getSchedule({ date, serviceCompanyId: 1000 })));
    expect(startedAt).toEqual(DATES.map((_, i) => i * 250));
    for (let i = 0; i + 4 < startedAt.length; i++) {
      expect((startedAt[i + 4] ?? 0) - (startedAt[i] ?? 0)).toBeGreaterThanOrEqual(1000);
    }
  });
});
