import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createMaidCentralClient,
  type MaidCentralClientOptions,
  MaidCentralError,
} from "../src/index";
import { createSimulator } from "../src/simulator/index";
import { simulatorHandlers } from "../src/simulator/msw";
import { BASE_URL, virtualTime } from "./helpers";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const DAY = { date: "2026-03-09", serviceCompanyId: 1000 };

function setup(overrides: Partial<MaidCentralClientOptions> = {}) {
  const time = virtualTime();
  const sim = createSimulator({ companies: 2, jobsPerDay: { min: 5, max: 10 }, clock: time.clock });
  server.use(...simulatorHandlers(sim, BASE_URL));
  const client = createMaidCentralClient({
    baseUrl: BASE_URL,
    auth: { kind: "key", apiKey: sim.credentials.apiKey },
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    requestsPerSecond: Number.POSITIVE_INFINITY,
    retry: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 8000, deadlineMs: 60_000 },
    ...overrides,
  });
  return { sim, client, time };
}

async function failure(promise: Promise<unknown>): Promise<MaidCentralError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof MaidCentralError))
    throw new Error(`expected a MaidCentralError, got ${String(error)}`);
  return error;
}

describe("retries", () => {
  it("waits the seconds a 429 Retry-After asks for, then succeeds", async () => {
    const { sim, client, time } = setup();
    sim.setKnobs({ retryAfter: { form: "seconds", seconds: 7 } });
    sim.queueFaults("schedule", ["rateLimited"]);
    const day = await client.getSchedule(DAY);
    expect(day.companies[0]?.serviceCompanyId).toBe(1000);
    expect(time.slept).toEqual([7000]);
    expect(sim.counts()).toMatchObject({ schedule: 2, byStatus: { "429": 1, "200": 1 } });
  });

  it("waits until the HTTP date a 429 Retry-After names", async () => {
    const { sim, client, time } = setup();
    sim.setKnobs({ retryAfter: { form: "date", seconds: 12 } });
    sim.queueFaults("users", ["rateLimited"]);
    await client.getUsers();
    expect(time.slept).toEqual([12_000]);
  });

  it("reports rate_limited with retryAfterMs when Retry-After is past the call's deadline", async () => {
    const { sim, client, time } = setup();
    sim.setKnobs({ retryAfter: { form: "seconds", seconds: 600 } });
    sim.queueFaults("schedule", ["rateLimited"]);
    const error = await failure(client.getSchedule(DAY));
    expect(error).toMatchObject({
      kind: "rate_limited",
      status: 429,
      retryAfterMs: 600_000,
      retryable: true,
    });
    expect(time.slept).toEqual([]);
  });

  it("retries 500 and 503 with growing, capped backoff and then succeeds", async () => {
    const { sim, client, time } = setup({ random: () => 0.999 });
    sim.queueFaults("schedule", ["server500", "server503"]);
    await client.getSchedule(DAY);
    expect(sim.counts()).toMatchObject({ schedule: 3, byStatus: { "500": 1, "503": 1, "200": 1 } });
    expect(time.slept).toEqual([999, 1998]);
  });

  it("uses full jitter: a zero draw retries at once", async () => {
    const { sim, client, time } = setup({ random: () => 0 });
    sim.queueFaults("schedule", ["server503"]);
    await client.getSchedule(DAY);
    expect(time.slept).toEqual([0]);
  });

  it("stops after maxAttempts with a server error naming the status and attempt", async () => {
    const { sim, client } = setup();
    sim.queueFaults("schedule", ["server503", "server503", "server503", "server503"]);
    const error = await failure(client.getSchedule(DAY));
    expect(error).toMatchObject({ kind: "server", status: 503, attempt: 3, retryable: true });
    expect(error.message).toContain("HTTP 503");
    expect(sim.counts().schedule).toBe(3);
  });

  it("does not retry a 400 and says what the server said", async () => {
    const { client } = setup();
    server.use(
      http.get(`${BASE_URL}/api/dr-schedule`, () =>
        HttpResponse.json(
          { IsSuccess: false, Message: "startDate and endDate must be the same day." },
          { status: 400 },
        ),
      ),
    );
    const error = await failure(client.getSchedule(DAY));
    expect(error).toMatchObject({ kind: "client", status: 400, retryable: false, attempt: 1 });
    expect(error.message).toContain("must be the same day");
  });

  it("refuses an invalid date before any request", async () => {
    const { sim, client } = setup();
    const error = await failure(client.getSchedule({ date: "2026-02-30" }));
    expect(error).toMatchObject({ kind: "client", retryable: false });
    expect(sim.counts()).toMatchObject({ token: 0, users: 0, schedule: 0, other: 0 });
  });

  it("always asks for one day: startDate = endDate = date", async () => {
    const { client } = setup();
    const seen: string[] = [];
    server.use(
      http.get(`${BASE_URL}/api/dr-schedule`, ({ request }) => {
        seen.push(new URL(request.url).search);
        return HttpResponse.json({ IsSuccess: true, Message: "OK", Result: [] });
      }),
    );
    await client.getSchedule({ date: "2026-03-08" });
    await client.getSchedule({ date: "2026-03-08", serviceCompanyId: 71 });
    expect(seen).toEqual([
      "?startDate=2026-03-08&endDate=2026-03-08",
      "?startDate=2026-03-08&endDate=2026-03-08&serviceCompanyId=71",
    ]);
  });
});

describe("transport failures", () => {
  it("times out a hanging response, retries, and succeeds", async () => {
    const { sim, client } = setup({ timeoutMs: 50 });
    sim.queueFaults("schedule", ["hang"]);
    await client.getSchedule(DAY);
    expect(sim.counts().schedule).toBe(2);
  });

  it("reports a timeout as retryable kind timeout", async () => {
    const { sim, client } = setup({ timeoutMs: 50, retry: { maxAttempts: 1 } });
    sim.queueFaults("schedule", ["hang"]);
    const error = await failure(client.getSchedule(DAY));
    expect(error).toMatchObject({ kind: "timeout", retryable: true });
    expect(error.message).toContain("50 ms");
  });

  it("reports a network error as retryable kind network with a cause", async () => {
    const { client } = setup({ retry: { maxAttempts: 2 } });
    let calls = 0;
    server.use(
      http.get(`${BASE_URL}/api/dr-schedule/users`, () => {
        calls++;
        return HttpResponse.error();
      }),
    );
    const error = await failure(client.getUsers());
    expect(error).toMatchObject({ kind: "network", retryable: true, attempt: 2 });
    expect(error.cause).toBeInstanceOf(Error);
    expect(calls).toBe(2);
  });
});

describe("responses that are not a usable answer", () => {
  it("turns IsSuccess: false on HTTP 200 into kind unsuccessful carrying Message", async () => {
    const { sim, client } = setup();
    sim.queueFaults("schedule", ["unsuccessful"]);
    const error = await failure(client.getSchedule(DAY));
    expect(error).toMatchObject({ kind: "unsuccessful", status: 200, retryable: false });
    expect(error.message).toContain("the database did not respond in time");
    expect(sim.counts().schedule).toBe(1);
  });

  it("rejects a Result of the wrong shape as invalid_response, keeping core's explanation", async () => {
    const { sim, client } = setup();
    sim.queueFaults("schedule", ["drift"]);
    const error = await failure(client.getSchedule(DAY));
    expect(error).toMatchObject({ kind: "invalid_response", retryable: false });
    expect(error.message).toContain("ServiceCompanyId");
    expect(sim.counts().schedule).toBe(1);
  });

  it("rejects truncated and malformed JSON as invalid_response", async () => {
    const { sim, client } = setup();
    sim.queueFaults("users", ["truncated", "malformed"]);
    expect(await failure(client.getUsers())).toMatchObject({ kind: "invalid_response" });
    const malformed = await failure(client.getUsers());
    expect(malformed.message).toContain("not valid JSON");
  });

  it("rejects a body that is not an envelope", async () => {
    const { client } = setup();
    server.use(
      http.get(`${BASE_URL}/api/dr-schedule/users`, () => HttpResponse.json({ users: [] })),
    );
    const error = await failure(client.getUsers());
    expect(error).toMatchObject({ kind: "invalid_response" });
    expect(error.message).toContain("envelope");
  });

  it("stops reading past maxResponseBytes with a clear error", async () => {
    const { client } = setup({ maxResponseBytes: 4096 });
    let pulled = 0;
    server.use(
      http.get(`${BASE_URL}/api/dr-schedule/users`, () => {
        // Streamed without Content-Length: the cap must hold while reading.
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled++;
            if (pulled > 1000) controller.close();
            else controller.enqueue(new TextEncoder().encode(" ".repeat(1024)));
          },
        });
        return new HttpResponse(stream, { headers: { "content-type": "application/json" } });
      }),
    );
    const error = await failure(client.getUsers());
    expect(error).toMatchObject({ kind: "invalid_response", retryable: false });
    expect(error.message).toContain("maxResponseBytes (4096 bytes)");
    expect(pulled).toBeLessThan(1000);
  });

  it("refuses a declared Content-Length above the cap without reading", async () => {
    const { client } = setup({ maxResponseBytes: 100 });
    server.use(
      http.get(`${BASE_URL}/api/dr-schedule/users`, () => HttpResponse.text("x".repeat(500))),
    );
    const error = await failure(client.getUsers());
    expect(error.message).toContain("maxResponseBytes (100 bytes)");
  });
});
