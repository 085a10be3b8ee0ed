import { noopLogger } from "@backup-portal/core";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSupabaseAuthProvisioner } from "./auth-provisioner";

const URL_BASE = "https://project.supabase.example";
const KEY = "service-role-key-for-tests";
const calls: Array<{ headers: Headers; body: unknown }> = [];
const server = setupServer(
  http.post(`${URL_BASE}/auth/v1/admin/users`, async ({ request }) => {
    const body = (await request.json()) as { id: string; email: string };
    calls.push({ headers: request.headers, body });
    if (body.email.startsWith("exists")) {
      return HttpResponse.json({ code: 422, error_code: "email_exists" }, { status: 422 });
    }
    if (body.email.startsWith("broken")) return HttpResponse.json({ msg: "boom" }, { status: 500 });
    return HttpResponse.json({ id: body.id, email: body.email });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  calls.length = 0;
});
afterAll(() => server.close());

const user = (n: number, email: string | null) => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  email,
});

describe("Supabase Auth provisioner", () => {
  it("creates each user with the MaidCentral id and a confirmed email, as the service role", async () => {
    const provisioner = createSupabaseAuthProvisioner({ url: `${URL_BASE}/`, serviceRoleKey: KEY });
    const counts = await provisioner.provision([user(1, "a@example.com")], noopLogger);
    expect(counts).toEqual({ created: 1, existing: 0, skippedNoEmail: 0, failed: 0 });
    expect(calls[0]?.body).toEqual({
      id: user(1, null).id,
      email: "a@example.com",
      email_confirm: true,
    });
    expect(calls[0]?.headers.get("apikey")).toBe(KEY);
    expect(calls[0]?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
  });

  it("counts existing users, skips users without email, and reports refusals without throwing", async () => {
    const provisioner = createSupabaseAuthProvisioner({ url: URL_BASE, serviceRoleKey: KEY });
    const counts = await provisioner.provision(
      [
        user(1, "a@example.com"),
        user(2, "exists@example.com"),
        user(3, null),
        user(4, "broken@example.com"),
      ],
      noopLogger,
    );
    expect(counts).toEqual({ created: 1, existing: 1, skippedNoEmail: 1, failed: 1 });
  });

  it("does not call again for users it already created or found, but retries the ones that failed", async () => {
    const provisioner = createSupabaseAuthProvisioner({ url: URL_BASE, serviceRoleKey: KEY });
    const users = [
      user(1, "a@example.com"),
      user(2, "exists@example.com"),
      user(4, "broken@example.com"),
    ];
    await provisioner.provision(users, noopLogger);
    calls.length = 0;
    const again = await provisioner.provision(users, noopLogger);
    expect(again).toEqual({ created: 0, existing: 0, skippedNoEmail: 0, failed: 1 });
    expect(calls.map((c) => (c.body as { email: string }).email)).toEqual(["broken@example.com"]);
  });

  it("counts an unreachable Auth service as failures", async () => {
    const provisioner = createSupabaseAuthProvisioner({
      url: URL_BASE,
      serviceRoleKey: KEY,
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    expect(await provisioner.provision([user(1, "a@example.com")], noopLogger)).toMatchObject({
      failed: 1,
    });
  });
});
