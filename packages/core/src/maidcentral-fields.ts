import { z } from "zod";

/**
 * Field schemas for MaidCentral payloads. They are lenient where the API is inconsistent
 * (null, missing, "" for "no value", numbers sent as strings) and strict about types that would
 * change meaning. Each carries its own short message, so errors read "expected a number, got …".
 */

const isBlank = (value: unknown): boolean => typeof value === "string" && value.trim() === "";

const NUMERIC = /^-?\d+(\.\d+)?$/;

function toNumberish(value: unknown): unknown {
  if (value === "" || isBlank(value)) return null;
  if (typeof value === "string" && NUMERIC.test(value.trim())) return Number(value.trim());
  return value;
}

/** Optional text: "" and whitespace become null, numbers become their decimal text. */
export const text = z.preprocess(
  (value) => (isBlank(value) ? null : typeof value === "number" ? String(value) : value),
  z.string({ error: "expected a string" }).nullish(),
);

/** Optional HTML written by office staff; kept raw here and sanitized by the transform. */
export const html = z.preprocess(
  (value) => (isBlank(value) ? null : value),
  z.string({ error: "expected an HTML string" }).nullish(),
);

export const num = z.preprocess(
  toNumberish,
  z.number({ error: "expected a number" }).finite({ error: "expected a finite number" }).nullish(),
);

export const optionalId = z.preprocess(
  toNumberish,
  z.number({ error: "expected an integer id" }).int({ error: "expected an integer id" }).nullish(),
);

export const id = z.preprocess(
  toNumberish,
  z.number({ error: "expected an integer id" }).int({ error: "expected an integer id" }),
);

export const bool = z.boolean({ error: "expected true or false" }).nullish();

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_OR_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export const dateTime = z.preprocess(
  (value) => (isBlank(value) ? null : value),
  z
    .string({ error: "expected a date-time string" })
    .regex(DATE_TIME, { error: "expected a date-time string" })
    .nullish(),
);

export const dateOrDateTime = z.preprocess(
  (value) => (isBlank(value) ? null : value),
  z
    .string({ error: "expected a date or date-time string" })
    .regex(DATE_OR_DATE_TIME, { error: "expected a date or date-time string" })
    .nullish(),
);

export function object<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.looseObject(shape, { error: "expected an object" });
}

/**
 * Like `object`, but the output keeps only the declared fields: for payloads that are normalized
 * field by field right after, where carrying unknown keys along is pure cost (zod's fast path).
 */
export function knownFields<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.object(shape, { error: "expected an object" });
}

/** A list that may be null or missing: both mean empty. */
export function list<Item extends z.ZodType>(item: Item) {
  return z.preprocess((value) => value ?? [], z.array(item, { error: "expected an array" }));
}

/** Feature toggles keep only real booleans: anything else counts as missing, which hides. */
export const toggles = z
  .record(z.string(), z.unknown(), { error: "expected an object of true/false toggles" })
  .nullish()
  .transform((raw) => {
    if (raw === null || raw === undefined) return null;
    const out: Record<string, boolean> = {};
    for (const [key, value] of Object.entries(raw))
      if (typeof value === "boolean") out[key] = value;
    return out;
  });
