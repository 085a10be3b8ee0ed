import {
  checksumDocument,
  normalizeFeatureToggles,
  type ScheduleDocument,
} from "@backup-portal/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generatedDay } from "./arbitraries";

const documents = generatedDay(
  normalizeFeatureToggles({ TechDashboard_DisplayBillRate: true }),
).map((day) => day.doc);

/** The same data with every object's keys in a different order. */
function reorderKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item, i) => reorderKeys(item, seed + i));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value);
  const rotated = entries.map((_, i) => entries[(i + seed) % entries.length]);
  const reordered = seed % 2 === 0 ? rotated.reverse() : rotated;
  return Object.fromEntries(
    reordered.flatMap((entry, i) =>
      entry ? [[entry[0], reorderKeys(entry[1], seed + i + 1)]] : [],
    ),
  );
}

type Mutation = (doc: ScheduleDocument, index: number) => void;

/** Edits a consumer would notice in one job. */
const MUTATIONS: Record<string, Mutation> = {
  start: (doc, i) => {
    const job = doc.jobs[i];
    if (job) job.start = "2026-03-08T23:59:00-04:00";
  },
  allowedHours: (doc, i) => {
    const job = doc.jobs[i];
    if (job) job.allowedHours = (job.allowedHours ?? 0) + 0.25;
  },
  customer: (doc, i) => {
    const job = doc.jobs[i];
    if (job) job.customer.lastName = `${job.customer.lastName ?? ""}x`;
  },
  address: (doc, i) => {
    const job = doc.jobs[i];
    if (job) job.address.line2 = "Unit 9";
  },
  instructions: (doc, i) => {
    const job = doc.jobs[i];
    if (job) job.instructions.special += "<p>new</p>";
  },
  billRate: (doc, i) => {
    const job = doc.jobs[i];
    if (job) job.pricing.billRate = (job.pricing.billRate ?? 0) + 1;
  },
  tag: (doc, i) => {
    doc.jobs[i]?.tags.home.push({ description: "Gate", color: null, iconPath: null });
  },
  employee: (doc, i) => {
    doc.jobs[i]?.employees.push({
      id: 999,
      firstName: "N",
      lastName: "W",
      teamId: 0,
      position: "Trainee",
    });
  },
  removed: (doc, i) => {
    doc.jobs.splice(i, 1);
  },
};

describe("checksumDocument (property)", () => {
  it("is stable under key reordering and a different fetch time", async () => {
    await fc.assert(
      fc.asyncProperty(
        documents,
        fc.nat(1000),
        fc.date({ noInvalidDate: true }),
        async (doc, seed, fetched) => {
          const shuffled = reorderKeys(
            { ...doc, generatedAt: fetched.toISOString() },
            seed,
          ) as ScheduleDocument;
          expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(doc));
          expect(await checksumDocument(shuffled)).toBe(await checksumDocument(doc));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("changes with any change to a job", async () => {
    await fc.assert(
      fc.asyncProperty(
        documents,
        fc.constantFrom(...Object.keys(MUTATIONS)),
        fc.nat(),
        async (doc, name, pick) => {
          const changed = structuredClone(doc);
          MUTATIONS[name]?.(changed, pick % doc.jobs.length);
          expect(await checksumDocument(changed)).not.toBe(await checksumDocument(doc));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("is lowercase hex SHA-256", async () => {
    const checksum = await fc.sample(documents, { numRuns: 1, seed: 1 }).map(checksumDocument)[0];
    expect(checksum).toMatch(/^[0-9a-f]{64}$/);
  });
});
