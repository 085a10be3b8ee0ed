import { parseArgs } from "node:util";
import type { ScheduleLayout } from "./layouts";
import { createSimulator } from "./simulator";

// `pnpm simulator -- --companies 50 --port 4010 --latency 200`: a local MaidCentral to sync from.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    companies: { type: "string", default: "12" },
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    seed: { type: "string", default: "backup-portal" },
    latency: { type: "string", default: "0" },
    jitter: { type: "string", default: "0" },
    layout: { type: "string", default: "grouped" },
    "expires-in": { type: "string", default: "3600" },
    "fail-500": { type: "string", default: "0" },
    "fail-503": { type: "string", default: "0" },
    "rate-limit": { type: "string", default: "0" },
    hang: { type: "string", default: "0" },
    truncated: { type: "string", default: "0" },
    malformed: { type: "string", default: "0" },
    unsuccessful: { type: "string", default: "0" },
    drift: { type: "string", default: "0" },
    "api-key": { type: "string" },
    username: { type: "string" },
    password: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  process.stdout.write(
    "usage: pnpm simulator -- [--companies N] [--port P] [--host H] [--seed S] [--latency MS] [--jitter MS]\n" +
      "  [--layout grouped|nested|single] [--expires-in SECONDS] [--api-key K] [--username U] [--password P]\n" +
      "  fault shares 0..1: [--fail-500] [--fail-503] [--rate-limit] [--hang] [--truncated] [--malformed]\n" +
      "  [--unsuccessful] [--drift]\n",
  );
  process.exit(0);
}

function num(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isFinite(value) || value < 0) {
    process.stderr.write(`--${name} must be a non-negative number, got "${raw}"\n`);
    process.exit(2);
  }
  return value;
}

const layout = values.layout;
if (layout !== "grouped" && layout !== "nested" && layout !== "single") {
  process.stderr.write(`--layout must be grouped, nested or single, got "${layout}"\n`);
  process.exit(2);
}

const sim = createSimulator({
  seed: values.seed,
  companies: num("companies", values.companies),
  ...(values["api-key"] === undefined ? {} : { apiKey: values["api-key"] }),
  ...(values.username === undefined ? {} : { username: values.username }),
  ...(values.password === undefined ? {} : { password: values.password }),
  knobs: {
    latencyMs: num("latency", values.latency),
    jitterMs: num("jitter", values.jitter),
    layout: layout satisfies ScheduleLayout,
    tokenExpiresInSeconds: num("expires-in", values["expires-in"]),
    faults: {
      server500: num("fail-500", values["fail-500"]),
      server503: num("fail-503", values["fail-503"]),
      rateLimited: num("rate-limit", values["rate-limit"]),
      hang: num("hang", values.hang),
      truncated: num("truncated", values.truncated),
      malformed: num("malformed", values.malformed),
      unsuccessful: num("unsuccessful", values.unsuccessful),
      drift: num("drift", values.drift),
    },
  },
});

const running = await sim.listen({ port: num("port", values.port), host: values.host });
const { apiKey, username, password } = sim.credentials;
// This is a local fake: printing its made-up credentials is the point of the command.
process.stdout.write(
  [
    `MaidCentral simulator listening on ${running.url} (${sim.companies().length} companies, layout ${layout})`,
    `  MAIDCENTRAL_API_URL=${running.url}`,
    `  MAIDCENTRAL_API_KEY=${apiKey}`,
    `  or MAIDCENTRAL_USERNAME=${username} MAIDCENTRAL_PASSWORD=${password} (token URL ${running.url}/token)`,
    `  try: curl -H "Authorization: Bearer ${apiKey}" "${running.url}/api/dr-schedule?startDate=2026-03-08&endDate=2026-03-08&serviceCompanyId=${sim.companies()[0]?.serviceCompanyId ?? 1000}"`,
    "",
  ].join("\n"),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    void running.close().then(() => process.exit(0));
  });
}
