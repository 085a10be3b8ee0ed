import { z } from "zod";
import { id, knownFields, list, optionalId, text, toggles } from "./maidcentral-fields";
import { normalizeJob, type ParsedJob } from "./parsed-job";
import { describeIssues, PayloadError } from "./payload-error";
import { scheduleJobSchema } from "./schedule-job-schema";

export type ScheduleLayout = "nested" | "grouped" | "single";

/** One company's day. The nested layout carries no company data: those fields are null. */
export interface ParsedCompanyDay {
  serviceCompanyId: number | null;
  name: string | null;
  /** As sent, usually a Windows zone id; resolve with resolveTimeZone. */
  timeZoneId: string | null;
  featureToggles: Record<string, boolean> | null;
  jobs: ParsedJob[];
}

export interface ParsedScheduleDay {
  layout: ScheduleLayout;
  /** One entry per company in the payload, never merged across companies. */
  companies: ParsedCompanyDay[];
}

const companySchema = knownFields({
  ServiceCompanyId: id,
  Name: text,
  TimeZoneInfoId: text,
  FeatureToggles: toggles,
  Jobs: list(scheduleJobSchema),
});

const nestedSchema = z.array(scheduleJobSchema, { error: "expected an array of jobs" });

const groupedSchema = knownFields({
  GeneratedAt: text,
  ServiceCompanyGroups: z.array(
    knownFields({
      ServiceCompanyGroupId: optionalId,
      Name: text,
      ServiceCompanies: list(companySchema),
    }),
    { error: "expected an array" },
  ),
});

const LAYOUT_NAMES: Record<ScheduleLayout, string> = {
  nested: "nested layout",
  grouped: "grouped layout",
  single: "single-company layout",
};

function detectLayout(result: unknown): ScheduleLayout | null {
  if (Array.isArray(result)) return "nested";
  if (result === null || typeof result !== "object") return null;
  if ("ServiceCompanyGroups" in result) return "grouped";
  if ("Jobs" in result) return "single";
  return null;
}

function unknownLayout(result: unknown): PayloadError {
  let got: string;
  if (result === null || result === undefined) got = String(result);
  else if (typeof result !== "object") got = `a ${typeof result}`;
  else {
    const keys = Object.keys(result);
    got = `an object with keys ${keys.slice(0, 8).join(", ") || "(none)"}${keys.length > 8 ? ", …" : ""}`;
  }
  const envelopeHint =
    result !== null && typeof result === "object" && "IsSuccess" in result
      ? " (this looks like the whole response envelope: pass its Result)"
      : "";
  return new PayloadError(
    `schedule payload has an unknown layout: expected an array of jobs (nested layout), an object with ServiceCompanyGroups (grouped layout) or a company object with Jobs (single-company layout); got ${got}${envelopeHint}`,
    { payload: "schedule", layout: null },
  );
}

function toCompanyDay(company: z.output<typeof companySchema>): ParsedCompanyDay {
  return {
    serviceCompanyId: company.ServiceCompanyId,
    name: company.Name ?? null,
    timeZoneId: company.TimeZoneInfoId ?? null,
    featureToggles: company.FeatureToggles,
    jobs: company.Jobs.map(normalizeJob),
  };
}

/**
 * Nested jobs may carry their own ServiceCompanyId. Jobs of different companies are split, so a
 * caller that asked for company A never files company B's jobs under A.
 */
function splitNested(jobs: ParsedJob[], hintId: number | null): ParsedCompanyDay[] {
  const byCompany = new Map<number | null, ParsedJob[]>();
  for (const job of jobs) {
    const key = job.serviceCompanyId ?? hintId;
    const bucket = byCompany.get(key);
    if (bucket) bucket.push(job);
    else byCompany.set(key, [job]);
  }
  // A day without jobs is still that company's (empty) day.
  if (byCompany.size === 0) byCompany.set(hintId, []);
  return [...byCompany].map(([serviceCompanyId, companyJobs]) => ({
    serviceCompanyId,
    name: null,
    timeZoneId: null,
    featureToggles: null,
    jobs: companyJobs,
  }));
}

/** The `Result` of GET /api/dr-schedule for one day, in any known layout (detected). */
export function parseScheduleResult(
  result: unknown,
  hint: { serviceCompanyId?: number } = {},
): ParsedScheduleDay {
  const layout = detectLayout(result);
  if (layout === null) throw unknownLayout(result);
  const fail = (error: z.ZodError): PayloadError =>
    new PayloadError(
      `schedule payload (${LAYOUT_NAMES[layout]}) is invalid at ${describeIssues(error, result)}`,
      { payload: "schedule", layout },
    );
  if (layout === "nested") {
    const parsed = nestedSchema.safeParse(result);
    if (!parsed.success) throw fail(parsed.error);
    return {
      layout,
      companies: splitNested(parsed.data.map(normalizeJob), hint.serviceCompanyId ?? null),
    };
  }
  if (layout === "grouped") {
    const parsed = groupedSchema.safeParse(result);
    if (!parsed.success) throw fail(parsed.error);
    const companies = parsed.data.ServiceCompanyGroups.flatMap((group) =>
      group.ServiceCompanies.map(toCompanyDay),
    );
    return { layout, companies };
  }
  const parsed = companySchema.safeParse(result);
  if (!parsed.success) throw fail(parsed.error);
  return { layout, companies: [toCompanyDay(parsed.data)] };
}
