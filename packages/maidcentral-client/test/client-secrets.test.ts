import { inspect } from "node:util";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMaidCentralClient, MaidCentralError } from "../src/index";
import { BASE_URL, captureLogger, virtualTime } from "./helpers";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const PASSWORD = "pw-Zebra-7731-secret";
const TOKEN = "tok-Quokka-5512-secret";
const API_KEY = "key-Narwhal-9904-secret";
const SECRETS = [PASSWORD, TOKEN, API_KEY];

/** Every way an error reaches an operator: JSON (toJSON), inspect (stack, cause chain), String. */
function renderings(error: unknown): string[] {
  const out = [inspect(error, { depth: 10, showHidden: true }), String(error)];
  out.push(JSON.stringify(error));
  if (error instanceof Error) {
    out.push(error.stack ?? "", JSON.stringify(error, Object.getOwnPropertyNames(error)));
    out.push(inspect(error.cause, { depth: 10, showHidden: true }));
  }
  return out;
}

/** Hostile upstream: echoes credentials back in bodies, messages and a lower-level error. */
const echoHandlers = [
  http.post(`${BASE_URL}/token`, async ({ request }) => {
    const form = new URLSearchParams(await request.text());
    if (form.get("password") !== PASSWORD) {
      return HttpResponse.json(
        { error: "invalid_grant", error_description: `bad password ${form.get("password")}` },
        { status: 400 },
      );
    }
    return HttpResponse.json({ access_token: TOKEN, token_type: "bearer", expires_in: 3600 });
  }),
  http.get(`${BASE_URL}/api/dr-schedule/users`, ({ request }) =>
    HttpResponse.json(
      { Message: `denied for ${request.headers.get("authorization")}` },
      { status: 401 },
    ),
  ),
  http.get(`${BASE_URL}/api/dr-schedule`, ({ request }) => {
    const date = new URL(request.url).searchParams.get("startDate");
    const auth = request.headers.get("authorization") ?? "";
    if (date === "2026-03-01")
      return HttpResponse.text(`<h1>500</h1><pre>${auth}</pre>`, { status: 500 });
    if (date === "2026-03-02")
      return HttpResponse.json({ IsSuccess: false, Message: `token ${auth} is odd` });
    if (date === "2026-03-03")
      return HttpResponse.json({ IsSuccess: false, Message: "x" }, { status: 403 });
    return HttpResponse.json({ IsSuccess: true, Message: auth, Result: { Nope: auth } });
  }),
];

describe("secrets never appear in errors or logs", () => {
  it("with the password grant: refused credentials, 401s, 5xx, IsSuccess false, bad payloads, network errors", async () => {
    server.use(...echoHandlers);
    const time = virtualTime();
    const logs = captureLogger();
    const common = { baseUrl: BASE_URL, clock: time.clock, sleep: time.sleep, logger: logs.logger };
    const client = createMaidCentralClient({
      ...common,
      auth: { kind: "password", username: "api", password: PASSWORD },
      retry: { maxAttempts: 2 },
    });
    const wrong = createMaidCentralClient({
      ...common,
      auth: { kind: "password", username: "api", password: `${PASSWORD}-typo` },
    });
    const broken = createMaidCentralClient({
      ...common,
      auth: { kind: "password", username: "api", password: PASSWORD },
      retry: { maxAttempts: 2 },
      fetch: async (input, init) => {
        const url = String(input);
        if (url.endsWith("/token")) return globalThis.fetch(input, init);
        const header = new Headers(init?.headers).get("authorization");
        throw new TypeError(`fetch failed for ${url} with ${header}`, {
          cause: new Error(`ECONNRESET while sending ${header}`),
        });
      },
    });
    const errors = await Promise.all(
      [
        client.getUsers(),
        client.getSchedule({ date: "2026-03-01" }),
        client.getSchedule({ date: "2026-03-02" }),
        client.getSchedule({ date: "2026-03-03" }),
        client.getSchedule({ date: "2026-03-04" }),
        wrong.getUsers(),
        broken.getSchedule({ date: "2026-03-05" }),
      ].map((call) =>
        call.then(
          () => undefined,
          (e: unknown) => e,
        ),
      ),
    );
    expect(errors.map((e) => (e instanceof MaidCentralError ? e.kind : String(e)))).toEqual([
      "auth",
      "server",
      "unsuccessful",
      "auth",
      "invalid_response",
      "auth",
      "network",
    ]);
    // The echo handlers really did put secrets on the wire; none may come back out.
    expect(errors[6]).toMatchObject({ cause: { message: expect.stringContaining("[redacted]") } });
    const everything = [...errors.flatMap(renderings), ...logs.lines.map((l) => l.line)].join("\n");
    expect(logs.lines.length).toBeGreaterThan(5);
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
  });

  it("with a static key echoed back by the server", async () => {
    server.use(...echoHandlers);
    const logs = captureLogger();
    const time = virtualTime();
    const client = createMaidCentralClient({
      baseUrl: BASE_URL,
      auth: { kind: "key", apiKey: API_KEY },
      clock: time.clock,
      sleep: time.sleep,
      logger: logs.logger,
    });
    const errors = await Promise.all(
      [
        client.getUsers(),
        client.getSchedule({ date: "2026-03-01" }),
        client.getSchedule({ date: "2026-03-02" }),
      ].map((call) =>
        call.then(
          () => undefined,
          (e: unknown) => e,
        ),
      ),
    );
    expect(errors.every((e) => e instanceof MaidCentralError)).toBe(true);
    const everything = [...errors.flatMap(renderings), ...logs.lines.map((l) => l.line)].join("\n");
    expect(everything).toContain("[redacted]");
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
  });
});
