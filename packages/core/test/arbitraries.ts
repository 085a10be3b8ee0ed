import {
  buildScheduleDocument,
  type FeatureToggles,
  normalizeFeatureToggles,
  type ParsedJob,
  type ScheduleDocument,
} from "@backup-portal/core";
import fc from "fast-check";

/**
 * Random schedule documents whose sensitive values are distinctive by construction (unique
 * tokens and 7-digit money amounts), so a search of the serialized view finds them only if
 * they really leak.
 */
export interface Secrets {
  phones: string[];
  emails: string[];
  billRates: number[];
  baseFees: number[];
  feeSplits: number[];
  addOns: number[];
  addOnNames: string[];
  discounts: number[];
  discountNames: string[];
  roomFees: number[];
  access: string[];
  memos: string[];
}

export interface GeneratedDay {
  doc: ScheduleDocument;
  /** Per job id, the values that belong to that job. */
  secretsByJob: Map<number, Secrets & { customer: string }>;
}

const jobShape = fc.record({
  teams: fc.subarray([1, 2, 3]),
  employees: fc.uniqueArray(fc.integer({ min: 1, max: 6 }), { maxLength: 4 }),
  contacts: fc.array(fc.constantFrom(1, 2, 3, 7), { maxLength: 4 }),
  rateMods: fc.array(fc.boolean(), { maxLength: 3 }),
  rooms: fc.integer({ min: 0, max: 3 }),
  hasBaseFee: fc.boolean(),
  startHour: fc.integer({ min: 0, max: 23 }),
});

const toggleNames = [
  "TechDashboard_DisplayBillRate",
  "TechDashboard_DisplayFeeSplitRate",
  "TechDashboard_DisplayAddOnRate",
  "TechDashboard_DisplayRoomRate",
  "TechDashboard_DisplayCustomerPhoneNumbers",
  "TechDashboard_DisplayCustomerEmails",
  "TechDashboard_HideDiscounts",
] as const;

/** Each toggle true, false or missing. */
export const rawToggles = fc.record(
  Object.fromEntries(toggleNames.map((name) => [name, fc.boolean()])) as Record<
    (typeof toggleNames)[number],
    fc.Arbitrary<boolean>
  >,
  { requiredKeys: [] },
);

export const generatedDay = (toggles: FeatureToggles): fc.Arbitrary<GeneratedDay> =>
  fc
    .record({
      salt: fc.integer({ min: 100, max: 999 }),
      date: fc.constantFrom("2026-03-08", "2026-11-01", "2026-07-04"),
      zone: fc.constantFrom("America/New_York", "Australia/Sydney", "Asia/Kolkata"),
      jobs: fc.array(jobShape, { minLength: 1, maxLength: 5 }),
    })
    .map(({ salt, date, zone, jobs }) => {
      let counter = 0;
      // 7 digits and a fixed fraction: no money value is a substring of another.
      const money = (): number => 1_000_000 + salt * 1000 + ++counter + 0.25;
      const token = (kind: string): string =>
        `${kind}-${salt}-${String(++counter).padStart(4, "0")}`;
      const secretsByJob = new Map<number, Secrets & { customer: string }>();
      const parsed: ParsedJob[] = jobs.map((shape, index) => {
        const id = 50_000 + index;
        const s: Secrets & { customer: string } = {
          phones: [],
          emails: [],
          billRates: [money()],
          baseFees: [],
          feeSplits: [money()],
          addOns: [],
          addOnNames: [],
          discounts: [],
          discountNames: [],
          roomFees: [],
          access: [token("ACCESS")],
          memos: [token("MEMO")],
          customer: token("CUSTOMER"),
        };
        const contacts = shape.contacts.map((typeId) => {
          const value = typeId === 3 ? `${token("mail")}@hidden.example` : token("PHONE");
          if (typeId === 3) s.emails.push(value);
          else s.phones.push(value);
          return { typeId, type: null, value };
        });
        const rateMods = shape.rateMods.map((positive) => {
          const amount = positive ? money() : -money();
          const description = token(positive ? "ADDON" : "DISCOUNT");
          (positive ? s.addOns : s.discounts).push(amount);
          (positive ? s.addOnNames : s.discountNames).push(description);
          return { description, amount };
        });
        const baseFee = shape.hasBaseFee ? money() : null;
        if (baseFee !== null) s.baseFees.push(baseFee);
        const rooms = Array.from({ length: shape.rooms }, () => {
          const fee = money();
          s.roomFees.push(fee);
          return { name: "Kitchen", type: "Kitchen", location: null, details: null, fee };
        });
        secretsByJob.set(id, s);
        const hour = String(shape.startHour).padStart(2, "0");
        return {
          id,
          serviceCompanyId: 71,
          date,
          start: `${date}T${hour}:00:00`,
          end: `${date}T${hour}:45:00`,
          allowedHours: 0.75,
          customer: { firstName: s.customer, lastName: null, fullName: null },
          address: {
            line1: `${index} Main St`,
            line2: null,
            city: "Town",
            region: "NC",
            postalCode: "27601",
          },
          service: { description: "Clean", type: "Recurring", frequency: "Weekly" },
          notes: {
            event: "<p>event</p>",
            special: null,
            pets: null,
            directions: null,
            equipment: null,
            wasteDisposal: null,
            access: `<p>${s.access[0]}</p>`,
            internalMemo: `<p>${s.memos[0]}</p>`,
          },
          contacts,
          teams: shape.teams.map((teamId) => ({
            id: teamId,
            name: `Team ${teamId}`,
            color: "#123456",
            sortOrder: teamId,
          })),
          employees: shape.employees.map((employeeId) => ({
            id: employeeId,
            firstName: `First${employeeId}`,
            lastName: `Last${employeeId}`,
            teamId: shape.teams[0] ?? null,
            position: employeeId % 6,
          })),
          tags: { job: [], home: [], customer: [], serviceSet: [] },
          rooms,
          pricing: {
            billRate: s.billRates[0] ?? null,
            feeSplitRate: s.feeSplits[0] ?? null,
            baseFee: baseFee === null ? null : { amount: baseFee, frequency: "Weekly" },
            rateMods,
          },
        };
      });
      const doc = buildScheduleDocument({
        date,
        company: {
          id: "c0ffee00-0000-4000-8000-000000000071",
          serviceCompanyId: 71,
          name: "Co",
          timeZone: zone,
        },
        featureToggles: toggles,
        jobs: parsed,
        generatedAt: "2026-03-07T14:05:40Z",
      });
      return { doc, secretsByJob };
    });

export const dayWithToggles = rawToggles.chain((raw) =>
  generatedDay(normalizeFeatureToggles(raw)).map((day) => ({ ...day, raw })),
);
