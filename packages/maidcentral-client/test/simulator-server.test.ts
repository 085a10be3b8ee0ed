import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMaidCentralClient } from "../src/index";
import { createSimulator } from "../src/simulator/index";
import { createUndiciFetch } from "../src/undici";

// Real sockets on loopback: the node:http server, undici's keep-alive fetch, core's parsers.
const sim = createSimulator({ seed: "loopback", companies: 4, jobsPerDay: { min: 5, max: 40 } });
const pool = createUndiciFetch({ connections: 4 });
let running: { url: string; close(): Promise<void> };

beforeAll(async () => {
  running = await sim.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await running.close();
  await pool.close();
});

describe("client against the simulator over loopback", () => {
  it("gets users and a day in every layout with the password grant", async () => {
    const client = createMaidCentralClient({
      baseUrl: running.url,
      auth: {
        kind: "password",
        username: sim.credentials.username,
        password: sim.credentials.password,
      },
      fetch: pool.fetch,
    });
    const users = await client.getUsers();
    expect(users.ServiceCompanyGroups.flatMap((g) => g.ServiceCompanies)).toHaveLength(4);
    for (const layout of ["nested", "grouped", "single"] as const) {
      sim.setKnobs({ layout });
      const day = await client.getSchedule({ date: "2026-03-08", serviceCompanyId: 1002 });
      expect(day.layout).toBe(layout);
      expect(day.companies.map((c) => c.serviceCompanyId)).toEqual([1002]);
      expect(day.companies[0]?.jobs.length).toBe(sim.companyDay(1002, "2026-03-08").length);
    }
    sim.setKnobs({ layout: "grouped" });
    expect(sim.counts()).toMatchObject({ token: 1, users: 1, schedule: 3 });
  });

  it("answers 400 at the HTTP level when startDate != endDate, and 401 without a bearer", async () => {
    const url = `${running.url}/api/dr-schedule?startDate=2026-03-08&endDate=2026-03-09`;
    const bad = await fetch(url, {
      headers: { authorization: `Bearer ${sim.credentials.apiKey}` },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ IsSuccess: false });
    const anonymous = await fetch(
      `${running.url}/api/dr-schedule?startDate=2026-03-08&endDate=2026-03-08`,
    );
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toBe("Bearer");
  });
});
