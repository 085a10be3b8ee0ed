import { type ScheduleView, viewFor } from "@backup-portal/core";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { makeDocument, makeJob } from "../test/schedule-fixture";
import type { AuthErrorCode } from "./auth-error";
import { createScheduleClient, type ScheduleErrorCode } from "./schedule-client";

const BASE = "https://api.portal.example/functions/v1";
const URL_ = `${BASE}/get-schedule`;
const DATE = "2026-03-08";
const TOKEN = "header.payload.signature";
const ETAG = '"abc123-admin-x-y-f"';

const view: ScheduleView = viewFor(
  makeDocument({
    companyId: "00000000-0000-4000-8000-0000000000aa",
    serviceCompanyId: 71,
    date: DATE,
    jobs: [makeJob(101, DATE, [{ id: 1244, teamId: 10 }])],
  }),
  { role: "admin", employeeId: 1 },
  { status: "ready", syncedAt: null, checkedAt: null, stale: false },
);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = createScheduleClient({ baseUrl: `${BASE}/` });

function errorReply(status: number, code: string, extra: Record<string, unknown> = {}) {
  return HttpResponse.json(
    { error: { code, message: `message for ${code}`, ...extra } },
    { status },
  );
}

describe("createScheduleClient().getSchedule", () => {
  it("returns the typed view and its ETag, sending the token, date and company", async () => {
    let seen: URL | undefined;
    let auth: string | null = null;
    server.use(
      http.get(URL_, ({ request }) => {
        seen = new URL(request.url);
        auth = request.headers.get("authorization");
        return HttpResponse.json(view, { headers: { ETag: ETAG } });
      }),
    );
    const result = await client.getSchedule(DATE, { token: TOKEN, companyId: 71 });
    expect(seen?.searchParams.get("date")).toBe(DATE);
    expect(seen?.searchParams.get("companyId")).toBe("71");
    expect(auth).toBe(`Bearer ${TOKEN}`);
    if (!result.ok || "notModified" in result) throw new Error("expected a view");
    expect(result.etag).toBe(ETAG);
    expect(result.view.jobs.map((j) => j.id)).toEqual([101]);
    expect(result.view.viewer).toEqual({ role: "admin", employeeId: 1 });
  });

  it("sends If-None-Match and reports an unchanged day as notModified", async () => {
    server.use(
      http.get(URL_, ({ request }) =>
        request.headers.get("if-none-match") === ETAG
          ? new HttpResponse(null, { status: 304, headers: { ETag: ETAG } })
          : HttpResponse.json(view),
      ),
    );
    expect(await client.getSchedule(DATE, { token: TOKEN, etag: ETAG })).toEqual({
      ok: true,
      notModified: true,
    });
  });

  it("passes on company_required with the companies the viewer may choose", async () => {
    const companies = [
      { id: "00000000-0000-4000-8000-0000000000aa", serviceCompanyId: 71, name: "Alpha" },
      { id: "00000000-0000-4000-8000-0000000000bb", serviceCompanyId: 80, name: "Gamma" },
    ];
    server.use(http.get(URL_, () => errorReply(400, "company_required", { companies })));
    const result = await client.getSchedule(DATE, { token: TOKEN });
    expect(result).toEqual({
      ok: false,
      status: 400,
      code: "company_required",
      message: "message for company_required",
      companies,
    });
  });

  it.each([
    [401, "expired_token"],
    [401, "missing_token"],
    [403, "forbidden"],
    [400, "date_out_of_window"],
    [404, "no_data"],
    [503, "data_unreadable"],
  ] as const)("passes on %i %s", async (status, code) => {
    server.use(http.get(URL_, () => errorReply(status, code)));
    const result = await client.getSchedule(DATE, { token: TOKEN });
    expect(result).toEqual({ ok: false, status, code, message: `message for ${code}` });
  });

  it("reports a network failure as network_error, not a throw", async () => {
    server.use(http.get(URL_, () => HttpResponse.error()));
    const result = await client.getSchedule(DATE, { token: TOKEN });
    expect(result).toMatchObject({ ok: false, status: 0, code: "network_error" });
  });

  it("reports a cancelled request as aborted", async () => {
    server.use(http.get(URL_, () => HttpResponse.json(view)));
    const controller = new AbortController();
    controller.abort();
    const result = await client.getSchedule(DATE, { token: TOKEN, signal: controller.signal });
    expect(result).toMatchObject({ ok: false, status: 0, code: "aborted" });
  });

  it("reports a non-contract answer (a proxy's HTML page) as unexpected_response", async () => {
    server.use(http.get(URL_, () => HttpResponse.html("<h1>Bad gateway</h1>", { status: 502 })));
    const result = await client.getSchedule(DATE, { token: TOKEN });
    expect(result).toMatchObject({ ok: false, status: 502, code: "unexpected_response" });
  });

  it("covers every code the token check can raise", () => {
    expectTypeOf<AuthErrorCode>().toExtend<ScheduleErrorCode>();
  });
});
