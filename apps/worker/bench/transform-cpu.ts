import { createHash } from "node:crypto";
import {
  buildScheduleDocument,
  canonicalJson,
  checksumDocument,
  normalizeFeatureToggles,
  type ParsedScheduleDay,
  parseScheduleResult,
  resolveTimeZone,
  sanitizeHtml,
} from "@backup-portal/core";
import { createSimulator } from "@backup-portal/maidcentral-client/simulator";
import { recordBenchmark } from "../../../scripts/bench-record";

// CPU of one sync_schedule job's transform, stage by stage, in ms per company-day: JSON.parse of
// the body, parseScheduleResult, buildScheduleDocument (and the sanitizer's share of it),
// canonicalJson, SHA-256 and the blob's JSON.stringify. Payloads are the simulator's grouped
// layout for single companies (what the worker asks for), 60–150 jobs a day, as in the sync bench.
// Also prints a fingerprint of every document and checksum: it must not change when this code is
// optimised. Env: BENCH_DAYS (default 20), BENCH_ROUNDS (default 30).
const DAYS = Number(process.env.BENCH_DAYS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARMUP_ROUNDS = 5;

const sim = createSimulator({ seed: "bench-sync", companies: 200 });
const startDate = new Date("2026-03-02T00:00:00Z");
const dates = Array.from({ length: 7 }, (_, i) =>
  new Date(startDate.getTime() + i * 86_400_000).toISOString().slice(0, 10),
);

interface Sample {
  serviceCompanyId: number;
  date: string;
  body: string;
}

const samples: Sample[] = [];
outer: for (const company of sim.companies()) {
  for (const date of dates) {
    const jobs = sim.companyDay(company.serviceCompanyId, date).length;
    if (jobs < 60 || jobs > 150) continue;
    const result = sim.scheduleResult({
      date,
      serviceCompanyId: company.serviceCompanyId,
      layout: "grouped",
    });
    const body = JSON.stringify({ IsSuccess: true, Message: "", Result: result });
    samples.push({ serviceCompanyId: company.serviceCompanyId, date, body });
    // At most two days per company, so the set spans many zones and companies.
    if (samples.filter((s) => s.serviceCompanyId === company.serviceCompanyId).length >= 2) break;
    if (samples.length >= DAYS) break outer;
  }
}

function companyOf(day: ParsedScheduleDay, serviceCompanyId: number) {
  const entry = day.companies.find((c) => c.serviceCompanyId === serviceCompanyId);
  if (!entry) throw new Error(`no company ${serviceCompanyId} in the payload`);
  return entry;
}

function build(sample: Sample, day: ParsedScheduleDay) {
  const entry = companyOf(day, sample.serviceCompanyId);
  return buildScheduleDocument({
    date: sample.date,
    company: {
      id: `company-${sample.serviceCompanyId}`,
      serviceCompanyId: sample.serviceCompanyId,
      name: entry.name ?? "?",
      timeZone: resolveTimeZone(entry.timeZoneId ?? "Eastern Standard Time"),
    },
    featureToggles: normalizeFeatureToggles(entry.featureToggles ?? {}),
    jobs: entry.jobs,
  });
}

// Inputs of every stage, prepared once so each stage is timed alone.
const envelopes = samples.map((s) => JSON.parse(s.body) as { Result: unknown });
const parsed = samples.map((s, i) =>
  parseScheduleResult(envelopes[i]?.Result, { serviceCompanyId: s.serviceCompanyId }),
);
const documents = samples.map((s, i) => {
  const day = parsed[i];
  if (!day) throw new Error("missing parsed day");
  return build(s, day);
});
const stables = documents.map(({ generatedAt: _volatile, ...stable }) => stable);
const canonicals = stables.map((stable) => canonicalJson(stable));
const notes = parsed.flatMap((day, i) =>
  companyOf(day, samples[i]?.serviceCompanyId ?? -1).jobs.flatMap((job) => [
    ...Object.values(job.notes),
  ]),
);

let sink = 0;
const stages: Array<{ name: string; run: () => Promise<void> | void }> = [
  {
    name: "JSON.parse (body)",
    run: () => {
      for (const s of samples) sink += JSON.parse(s.body) === null ? 1 : 0;
    },
  },
  {
    name: "parseScheduleResult",
    run: () => {
      samples.forEach((s, i) => {
        sink += parseScheduleResult(envelopes[i]?.Result, {
          serviceCompanyId: s.serviceCompanyId,
        }).companies.length;
      });
    },
  },
  {
    name: "buildScheduleDocument",
    run: () => {
      samples.forEach((s, i) => {
        const day = parsed[i];
        if (day) sink += build(s, day).jobs.length;
      });
    },
  },
  {
    name: "  of which sanitizeHtml",
    run: () => {
      for (const note of notes) sink += sanitizeHtml(note).length;
    },
  },
  {
    name: "canonicalJson",
    run: () => {
      for (const stable of stables) sink += canonicalJson(stable).length;
    },
  },
  {
    name: "SHA-256 (encode + digest)",
    run: async () => {
      for (const text of canonicals) {
        const digest = await globalThis.crypto.subtle.digest(
          "SHA-256",
          new TextEncoder().encode(text),
        );
        sink += digest.byteLength;
      }
    },
  },
  {
    name: "checksumDocument (canonical + SHA)",
    run: async () => {
      for (const doc of documents) sink += (await checksumDocument(doc)).length;
    },
  },
  {
    name: "JSON.stringify + encode (blob)",
    run: () => {
      for (const doc of documents) sink += new TextEncoder().encode(JSON.stringify(doc)).length;
    },
  },
];

// CPU time (user + system of this process) rather than wall time: the machine is shared, and a
// neighbour's load stretches wall time but not the CPU this code burns.
const perDay = new Map<string, { cpu: number; wall: number }>();
for (const stage of stages) {
  for (let i = 0; i < WARMUP_ROUNDS; i++) await stage.run();
  const cpus: number[] = [];
  const walls: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await stage.run();
    walls.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  // Median round: robust to a GC pause or a descheduled slice.
  const median = (values: number[]): number =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  perDay.set(stage.name, {
    cpu: median(cpus) / samples.length,
    wall: median(walls) / samples.length,
  });
}
// The total is what a job pays: the nested rows (sanitize, checksum) are already inside others.
const counted = [
  "JSON.parse (body)",
  "parseScheduleResult",
  "buildScheduleDocument",
  "checksumDocument (canonical + SHA)",
  "JSON.stringify + encode (blob)",
];
const total = { cpu: 0, wall: 0 };
for (const name of counted) {
  total.cpu += perDay.get(name)?.cpu ?? 0;
  total.wall += perDay.get(name)?.wall ?? 0;
}
const rows = [...perDay, ["total per job", total] as const].map(([stage, ms]) => ({
  stage,
  "CPU ms / company-day": Number(ms.cpu.toFixed(3)),
  "wall ms / company-day": Number(ms.wall.toFixed(3)),
  "share of CPU": `${((ms.cpu / total.cpu) * 100).toFixed(1)}%`,
}));

const fingerprint = createHash("sha256");
for (const day of parsed) fingerprint.update(JSON.stringify(day));
for (let i = 0; i < documents.length; i++) {
  fingerprint.update(JSON.stringify(documents[i]));
  fingerprint.update(await checksumDocument(documents[i] as (typeof documents)[number]));
}
const jobCounts = documents.map((d) => d.jobs.length);
const kb = samples.reduce((sum, s) => sum + s.body.length, 0) / samples.length / 1024;
await recordBenchmark({
  title: "Sync job CPU per company-day, by stage",
  command: "npx pnpm@12.4.2 --filter @backup-portal/worker bench:transform",
  rows,
  notes: [
    `${samples.length} company-days (grouped layout), ${Math.min(...jobCounts)}–${Math.max(...jobCounts)} jobs, mean body ${kb.toFixed(0)} KB, ${notes.length} note fields; median of ${ROUNDS} rounds.`,
    `Output fingerprint (parsed days + documents + checksums): ${fingerprint.digest("hex")} — unchanged by the optimisations (golden test in packages/core/test/transform-golden.test.ts).`,
    "Before optimisation the same stages cost 26.2 ms per company-day; canonical encoding and the Intl time-zone work were most of it.",
  ],
});
if (sink === -1) console.log("unreachable");
