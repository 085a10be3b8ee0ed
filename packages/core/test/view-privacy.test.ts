import { type SyncInfo, viewFor } from "@backup-portal/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayWithToggles } from "./arbitraries";

const SYNC: SyncInfo = {
  status: "ready",
  syncedAt: "2026-03-08T10:00:00Z",
  checkedAt: "2026-03-08T10:00:00Z",
  stale: false,
};

/** A number as JSON writes it, not part of a longer number. */
function containsNumber(json: string, value: number): boolean {
  const text = JSON.stringify(value).replace(/[.+]/g, "\\$&");
  return new RegExp(`(?<![\\d.])${text}(?![\\d])`).test(json);
}

describe("technician view privacy (property)", () => {
  it("never carries a hidden value, and only the technician's own jobs", () => {
    fc.assert(
      fc.property(
        dayWithToggles,
        fc.option(fc.integer({ min: 1, max: 7 }), { nil: null }),
        (day, employeeId) => {
          const { doc, secretsByJob } = day;
          const toggles = doc.featureToggles;
          const view = viewFor(doc, { role: "technician", employeeId }, SYNC);
          const json = JSON.stringify(view);

          const own = doc.jobs.filter(
            (job) => employeeId !== null && job.employees.some((e) => e.id === employeeId),
          );
          expect(view.jobs.map((job) => job.id)).toEqual(own.map((job) => job.id));
          expect(view.stats.jobCount).toBe(own.length);
          const ownEmployees = new Set(own.flatMap((job) => job.employees.map((e) => e.id)));
          expect(view.employees.map((e) => e.id).sort()).toEqual([...ownEmployees].sort());
          expect(view.stats.employeeCount).toBe(ownEmployees.size);
          for (const employee of view.employees) {
            for (const shift of employee.shifts)
              expect(own.some((job) => job.id === shift.jobId)).toBe(true);
          }
          const ownTeams = new Set(
            own.flatMap((job) => [...job.teamIds, ...job.employees.map((e) => e.teamId)]),
          );
          expect(view.teams.map((t) => t.id).sort()).toEqual([...ownTeams].sort());

          for (const [jobId, secrets] of secretsByJob) {
            const mine = own.some((job) => job.id === jobId);
            // Other people's jobs leave no trace at all.
            if (!mine) expect(json).not.toContain(secrets.customer);
            for (const text of [...secrets.access, ...secrets.memos])
              expect(json).not.toContain(text);
            const hidden: (string | number)[] = [];
            if (!mine || !toggles.displayCustomerPhoneNumbers) hidden.push(...secrets.phones);
            if (!mine || !toggles.displayCustomerEmails) hidden.push(...secrets.emails);
            if (!mine || !toggles.displayBillRate)
              hidden.push(...secrets.billRates, ...secrets.baseFees);
            if (!mine || !toggles.displayFeeSplitRate) hidden.push(...secrets.feeSplits);
            if (!mine || !toggles.displayAddOnRate)
              hidden.push(...secrets.addOns, ...secrets.addOnNames);
            if (!mine || !toggles.displayRoomRate) hidden.push(...secrets.roomFees);
            if (!mine || toggles.hideDiscounts)
              hidden.push(...secrets.discounts, ...secrets.discountNames);
            for (const value of hidden) {
              if (typeof value === "number") expect(containsNumber(json, value)).toBe(false);
              else expect(json).not.toContain(value);
            }
          }

          for (const job of view.jobs) {
            expect("accessInformation" in job).toBe(false);
            expect("internalMemo" in job).toBe(false);
            expect("phones" in job.contacts).toBe(toggles.displayCustomerPhoneNumbers);
            expect("emails" in job.contacts).toBe(toggles.displayCustomerEmails);
            expect("billRate" in job.pricing).toBe(toggles.displayBillRate);
            expect("baseFee" in job.pricing).toBe(toggles.displayBillRate);
            expect("feeSplitRate" in job.pricing).toBe(toggles.displayFeeSplitRate);
            expect("addOns" in job.pricing).toBe(toggles.displayAddOnRate);
            expect("discounts" in job.pricing).toBe(!toggles.hideDiscounts);
            for (const room of job.rooms) expect("fee" in room).toBe(toggles.displayRoomRate);
            // Shown values are really there: the searches above look in the right place.
            const secrets = secretsByJob.get(job.id);
            if (toggles.displayBillRate && secrets?.billRates[0] !== undefined) {
              expect(containsNumber(json, secrets.billRates[0])).toBe(true);
            }
          }
          expect(json).not.toContain("featureToggles");
          expect(json).not.toContain("generatedAt");
        },
      ),
      { numRuns: 200 },
    );
  });

  it("gives office roles the whole unfiltered day", () => {
    fc.assert(
      fc.property(
        dayWithToggles,
        fc.constantFrom("superadmin", "group_admin", "admin"),
        (day, role) => {
          const view = viewFor(day.doc, { role, employeeId: null }, SYNC);
          const { featureToggles: _t, generatedAt: _g, ...rest } = day.doc;
          expect(view).toEqual({ ...rest, viewer: { role, employeeId: null }, sync: SYNC });
        },
      ),
      { numRuns: 30 },
    );
  });
});
