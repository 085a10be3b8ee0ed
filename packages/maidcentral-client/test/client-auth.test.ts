import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createMaidCentralClient,
  type MaidCentralClientOptions,
  MaidCentralError,
} from "../src/index";
import { createSimulator, type Simulator } from "../src/simulator/index";
import { simulatorHandlers } from "../src/simulator/msw";
import { BASE_URL, virtualTime } from "./helpers";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setup(overrides: Partial<MaidCentralClientOptions> = {}) {
  const time = virtualTime();
  const sim: Simulator = createSimulator({
    companies: 2,
    jobsPerDay: { min: 5, max: 10 },
    clock: time.clock,
  });
  server.use(...simulatorHandlers(sim, BASE_URL));
  const client = createMaidCentralClient({
    baseUrl: BASE_URL,
    auth: {
      kind: "password",
      username: sim.credentials.username,
      password: sim.credentials.password,
    },
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    requestsPerSecond: Number.POSITIVE_INFINITY,
    maxConcurrency: 16,
    ...overrides,
  });
  return { sim, client, time };
}

describe("password grant", () => {
  it("fetches a token once and reuses it for later calls", async () => {
    const { sim, client } = setup();
    await client.getUsers();
    await client.getSchedule({ date: "2026-03-08", serviceCompanyId: 1000 });
    await client.getSchedule({ date: "2026-03-09", serviceCompanyId: 1001 });
    expect(sim.counts()).toMatchObject({ token: 1, users: 1, schedule: 2 });
  });

  it("refreshes the token shortly before expires_in runs out, not earlier", async () => {
    const { sim, client, time } = setup();
    sim.setKnobs({ tokenExpiresInSeconds: 600 });
    await client.getUsers();
    time.clock.advance(530_000);
    await client.getUsers();
    expect(sim.counts().token).toBe(1);
    time.clock.advance(15_000); // 545 s: inside the last minute of the token's life
    await client.getUsers();
    expect(sim.counts()).toMatchObject({ token: 2, users: 3, byStatus: { "200": 5 } });
  });

  it("fetches one token for many calls that need it at the same moment", async () => {
    const { sim, client } = setup();
    const days = ["2026-03-08", "2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12"];
    await Promise.all([
      client.getUsers(),
      ...days.flatMap((date) =>
        [1000, 1001].map((id) => client.getSchedule({ date, serviceCompanyId: id })),
      ),
    ]);
    expect(sim.counts()).toMatchObject({ token: 1, users: 1, schedule: 10 });
  });

  it("fetches a new token once when the API refuses the current one, then succeeds", async () => {
    const { sim, client } = setup();
    await client.getUsers();
    sim.revokeTokens();
    const day = await client.getSchedule({ date: "2026-03-08", serviceCompanyId: 1000 });
    expect(day.companies).toHaveLength(1);
    expect(sim.counts()).toMatchObject({ token: 2, schedule: 2, byStatus: { "401": 1 } });
  });

  it("gives up with an auth error when the fresh token is refused too", async () => {
    const { sim, client } = setup();
    sim.queueFaults("users", ["unauthorized", "unauthorized", "unauthorized"]);
    const error = await client.getUsers().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MaidCentralError);
    expect(error).toMatchObject({ kind: "auth", status: 401, retryable: false, method: "GET" });
    expect(sim.counts()).toMatchObject({ token: 2, users: 2 });
  });

  it("fails at once with an auth error on wrong credentials", async () => {
    const { sim, client } = setup({
      auth: { kind: "password", username: "dr-api-user", password: "wrong-password" },
    });
    const error = await client.getUsers().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "auth", status: 400, retryable: false, path: "/token" });
    expect((error as Error).message).toContain("invalid_grant");
    expect(sim.counts()).toMatchObject({ token: 1, users: 0 });
  });

  it("retries a token endpoint outage like any server error", async () => {
    const { sim, client, time } = setup();
    sim.queueFaults("token", ["server503"]);
    await client.getUsers();
    expect(sim.counts()).toMatchObject({ token: 2, users: 1 });
    expect(time.slept).toHaveLength(1);
  });

  it("posts a form-encoded password grant to a token URL on another host", async () => {
    const forms: string[] = [];
    const time = virtualTime();
    server.use(
      http.post("https://login.maidcentral.test/oauth/token", async ({ request }) => {
        forms.push(`${request.headers.get("content-type")}|${await request.text()}`);
        return HttpResponse.json({ access_token: "tok-1", token_type: "bearer", expires_in: 3600 });
      }),
      http.get(`${BASE_URL}/api/dr-schedule/users`, ({ request }) =>
        request.headers.get("authorization") === "Bearer tok-1"
          ? HttpResponse.json({
              IsSuccess: true,
              Message: "OK",
              Result: { ServiceCompanyGroups: [] },
            })
          : new HttpResponse(null, { status: 401 }),
      ),
    );
    const client = createMaidCentralClient({
      baseUrl: BASE_URL,
      auth: {
        kind: "password",
        username: "api user",
        password: "p&ss=word",
        tokenUrl: "https://login.maidcentral.test/oauth/token",
      },
      clock: time.clock,
      sleep: time.sleep,
    });
    await client.getUsers();
    expect(forms).toEqual([
      "application/x-www-form-urlencoded|grant_type=password&username=api+user&password=p%26ss%3Dword",
    ]);
  });
});

describe("static key", () => {
  it("sends the key as a bearer and never calls the token endpoint", async () => {
    const { sim } = setup();
    const keyed = createMaidCentralClient({
      baseUrl: BASE_URL,
      auth: { kind: "key", apiKey: sim.credentials.apiKey },
    });
    await keyed.getUsers();
    expect(sim.counts()).toMatchObject({ token: 0, users: 1, byStatus: { "200": 1 } });
  });

  it("turns a 401 into a non-retryable auth error without retrying", async () => {
    const { sim } = setup();
    const keyed = createMaidCentralClient({
      baseUrl: BASE_URL,
      auth: { kind: "key", apiKey: "not-the-key" },
    });
    const error = await keyed.getUsers().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "auth", status: 401, retryable: false });
    expect(sim.counts()).toMatchObject({ token: 0, users: 1 });
  });
});
