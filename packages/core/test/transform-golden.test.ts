import { createHash } from "node:crypto";
import {
  buildScheduleDocument,
  checksumDocument,
  normalizeFeatureToggles,
  type ParsedJob,
  parseScheduleResult,
} from "@backup-portal/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generatedDay } from "./arbitraries";
import { loadFixture, loadResult } from "./load-fixture";

// Byte-for-byte guard for the transform's speed work: these digests were recorded from the code
// before it was optimised (commit 46707bb). A change here changes every stored checksum, which
// rewrites every blob on the next sync, so it must be deliberate.
const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

const COMPANY = { id: "0b8f6f5e-1c1a-4c57-9a53-7f4a3e6a1d71", serviceCompanyId: 71, name: "Co" };
const FIXTURES = [
  "schedule-nested.json",
  "schedule-nested-edge-cases.json",
  "schedule-grouped.json",
];
// The single-company fixture is the Result alone, without the envelope.
const payloads = (): unknown[] => [
  ...FIXTURES.map((name) => loadResult(name)),
  loadFixture("schedule-single-company.json"),
];
const ZONES = [
  "America/New_York",
  "Eastern Standard Time",
  "Australia/Sydney",
  "Australia/Lord_Howe",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "America/St_Johns",
  "Europe/London",
  "Pacific/Chatham",
  "UTC",
];

/** Wall times around DST gaps and overlaps, odd offsets, explicit offsets and old dates. */
const WALL_TIMES = [
  "2026-03-08T01:59:59",
  "2026-03-08T02:00:00",
  "2026-03-08T02:30:00",
  "2026-03-08T03:00:00",
  "2026-11-01T00:59:00",
  "2026-11-01T01:00:00",
  "2026-11-01T01:30:45.678",
  "2026-11-01T02:00",
  "2026-03-29T00:30:00",
  "2026-03-29T01:30:00",
  "2026-10-25T01:30:00",
  "2026-04-05T01:45:00",
  "2026-04-05T02:15:00",
  "2026-04-05T02:45:00",
  "2026-10-04T02:10:00",
  "2026-10-04T02:40:00",
  "2026-09-27T02:50:00",
  "2026-09-27T03:50:00",
  "2026-12-31T23:59:59",
  "2027-01-01T00:00:00",
  "2024-02-29T12:00:00",
  "1883-11-18T12:03:00",
  "1970-01-01T00:00:00",
  "0099-06-15T10:00:00",
  "2026-03-08T09:00:00Z",
  "2026-03-08T09:00:00+05:30",
  "2026-11-01T05:30:00-0400",
  "2026-11-01T06:30:00.5Z",
];

const NOTES = [
  "Gate code 1234",
  'Tom\'s "dog" > cat & mouse',
  "  padded text with\nnew lines\t ",
  "café ñ 日本 \u00a0 nbsp",
  "a < b",
  "<p>plain paragraph</p>",
  "5 > 3 and 2 >= 1",
  "&amp; &lt;p&gt; &#39; &quot; &nbsp; & ; &x",
  "<P>Upper</P><BR/><Strong>x</Strong>",
  '<a href="https://x.example/?a=1&b=2">link</a> <a href=http://x>bare</a>',
  "<!-- comment -->text<script>bad()</script>",
  "<ul><li>one<li>two</ul>",
  "<div><span style='x'>nested</span></div>",
  "x\u2028y\u0000z",
  "<",
  ">",
  "&",
  " ",
];

function stressJobs(offset: number): ParsedJob[] {
  return WALL_TIMES.map((start, index) => {
    const note = (k: number): string | null =>
      (index + k) % 7 === 0 ? null : (NOTES[(index * 3 + k + offset) % NOTES.length] ?? null);
    return {
      id: 900_000 + ((index * 37) % WALL_TIMES.length),
      serviceCompanyId: 71,
      date: index % 5 === 0 ? null : start.slice(0, 10),
      start: index % 9 === 4 ? null : start,
      end: index % 6 === 1 ? null : (WALL_TIMES[(index + 1) % WALL_TIMES.length] ?? null),
      allowedHours: index % 4 === 0 ? null : index / 4,
      customer: {
        firstName: index % 3 === 0 ? null : `F${index}`,
        lastName: index % 4 === 0 ? null : `L${index % 5}`,
        fullName: index % 5 === 0 ? `Full ${index}` : null,
      },
      address: { line1: `${index} Main`, line2: null, city: "C", region: "R", postalCode: "1" },
      service: { description: "D", type: null, frequency: index % 2 ? "Weekly" : null },
      notes: {
        event: note(0),
        special: note(1),
        pets: note(2),
        directions: note(3),
        equipment: note(4),
        wasteDisposal: note(5),
        access: note(6),
        internalMemo: note(7),
      },
      contacts: [
        { typeId: (index % 4) + 1, type: null, value: `v${index}` },
        { typeId: 2, type: "Cell", value: index % 2 ? null : "c" },
      ],
      teams: [
        { id: (index % 3) + 10, name: `T${index % 3}`, color: null, sortOrder: (index * 7) % 3 },
        { id: 10, name: "T0", color: "#fff", sortOrder: null },
      ].slice(0, (index % 3) as 0 | 1 | 2),
      employees: [
        { id: index % 6, firstName: `E${index % 6}`, lastName: "Z", teamId: 10, position: 1 },
        { id: (index + 1) % 6, firstName: null, lastName: null, teamId: null, position: index },
        { id: index % 6, firstName: "dup", lastName: "dup", teamId: 11, position: 2 },
      ],
      tags: {
        job: [{ description: "J", color: null, iconPath: null }],
        home: [],
        customer: index % 2 ? [{ description: null, color: "#1", iconPath: "i" }] : [],
        serviceSet: [],
      },
      rooms: [{ name: "K", type: "T", location: "L", details: "D", fee: index % 3 ? 1.5 : null }],
      pricing: {
        billRate: index * 1.1,
        feeSplitRate: null,
        baseFee: index % 2 ? { amount: 3, frequency: null } : null,
        rateMods: [
          { description: "up", amount: index % 4 },
          { description: "down", amount: -(index % 3) },
          { description: "none", amount: null },
        ],
      },
    };
  });
}

async function digestOf(docs: Parameters<typeof checksumDocument>[0][]): Promise<string> {
  const hash = createHash("sha256");
  for (const doc of docs) hash.update(JSON.stringify(doc)).update(await checksumDocument(doc));
  return hash.digest("hex");
}

describe("transform output is byte-identical to the recorded values", () => {
  it("parses every fixture layout to the same values", () => {
    const parsed = payloads().map((payload) =>
      JSON.stringify(parseScheduleResult(payload, { serviceCompanyId: 71 })),
    );
    expect(sha256(parsed.join("\n"))).toBe(
      "2856f13f947d39092b781cefb2fb54c91038431f74ea0655380c4c6cf2f64501",
    );
  });

  it("builds the same documents and checksums from the fixtures in many zones", async () => {
    const docs = payloads().flatMap((payload) =>
      parseScheduleResult(payload, { serviceCompanyId: 71 }).companies.flatMap((company) =>
        ZONES.map((timeZone) =>
          buildScheduleDocument({
            date: "2026-03-08",
            company: { ...COMPANY, timeZone },
            featureToggles: normalizeFeatureToggles(company.featureToggles),
            jobs: company.jobs,
            generatedAt: "2026-03-07T14:05:40Z",
          }),
        ),
      ),
    );
    expect(await digestOf(docs)).toBe(
      "d46b8dc9c1d0704679c0efe740c0589244c1d8e36dbb478f204290013d55e225",
    );
  });

  it("builds the same documents around DST changes, odd offsets and awkward HTML", async () => {
    const docs = ZONES.map((timeZone, i) =>
      buildScheduleDocument({
        date: "2026-11-01",
        company: { ...COMPANY, timeZone },
        featureToggles: normalizeFeatureToggles({ TechDashboard_DisplayBillRate: i % 2 === 0 }),
        jobs: stressJobs(i),
      }),
    );
    expect(await digestOf(docs)).toBe(
      "41d005702b53dda24a764f66af129e8d1c1fdc1abe58eb25c2fc0bdb126881df",
    );
  });

  it("builds the same documents for a fixed sample of generated days", async () => {
    const days = fc.sample(
      generatedDay(normalizeFeatureToggles({ TechDashboard_DisplayBillRate: true })),
      { seed: 20260308, numRuns: 40 },
    );
    expect(await digestOf(days.map((day) => day.doc))).toBe(
      "6248a544034c7e8fbbc70e975c975c5798480c2c769f0c087e5d980b60bc791f",
    );
  });
});
