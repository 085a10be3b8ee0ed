import { createSimulator } from "@backup-portal/maidcentral-client/simulator";

// The simulator in its own process, as MaidCentral would be, so the benchmark's CPU figures are
// the worker's alone. Argv: seed companies latencyMs jitterMs. Prints "listening on URL".
// IPC {type:"mutate", share, seed, dates} → {changed: ["sid/date", …]} (days whose jobs changed).
const [seed = "bench", companies = "200", latencyMs = "150", jitterMs = "100"] =
  process.argv.slice(2);
const sim = createSimulator({
  seed,
  companies: Number(companies),
  knobs: { latencyMs: Number(latencyMs), jitterMs: Number(jitterMs) },
});
const server = await sim.listen({ port: 0, host: "127.0.0.1" });
process.stdout.write(`listening on ${server.url}\n`);

process.on("message", (message: { type: string; share: number; seed: string; dates: string[] }) => {
  if (message.type !== "mutate") return;
  const snapshot = () =>
    new Map(
      sim
        .companies()
        .flatMap((c) =>
          message.dates.map((d) => [
            `${c.serviceCompanyId}/${d}`,
            JSON.stringify(sim.companyDay(c.serviceCompanyId, d)),
          ]),
        ),
    );
  const before = snapshot();
  sim.mutate({ share: message.share, seed: message.seed });
  const after = snapshot();
  const changed = [...after].filter(([key, body]) => before.get(key) !== body).map(([key]) => key);
  process.send?.({ changed, counts: sim.counts() });
});
process.on("disconnect", () => {
  void server.close().then(() => process.exit(0));
});
