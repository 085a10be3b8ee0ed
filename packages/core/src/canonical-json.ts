/**
 * JSON with object keys sorted (by code unit) and no whitespace, so equal data always encodes to
 * equal text whatever order its keys were built in. Undefined properties are left out, as
 * JSON.stringify does; values JSON cannot carry (NaN, Infinity, bigint, functions) are a bug here.
 */
export function canonicalJson(value: unknown): string {
  try {
    return encode(value);
  } catch (error) {
    if (error instanceof NotJson) throw new TypeError(error.describe());
    throw error;
  }
}

/** Carries the offending value's path up the stack, so the hot path never builds paths. */
class NotJson extends Error {
  readonly segments: string[] = [];
  constructor(readonly what: string) {
    super(what);
  }
  describe(): string {
    return `canonicalJson: ${this.what} at (root)${this.segments.reverse().join("")} is not JSON`;
  }
}

// Documents repeat the same few dozen keys thousands of times: quote each once.
const quotedKeys = new Map<string, string>();

function quoteKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

function encode(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new NotJson(String(value));
      // Number → string is what JSON.stringify does for finite numbers (-0 gives "0" in both).
      return `${value}`;
    case "object":
      return Array.isArray(value) ? encodeArray(value) : encodeObject(value);
    default:
      throw new NotJson(`a ${typeof value}`);
  }
}

function encodeArray(items: unknown[]): string {
  let out = "[";
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += ",";
    const item = items[i];
    // A hole stays empty (as Array#map + join left it); an undefined entry is null, as in JSON.
    if (item === undefined) out += i in items ? "null" : "";
    else out += encodeChild(item, i);
  }
  return `${out}]`;
}

function encodeObject(value: object): string {
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === "function") return encode(withJson.toJSON());
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, the order the contract names; keys are unique.
  const keys = Object.keys(record).sort();
  let out = "{";
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    out += first ? quoteKey(key) : `,${quoteKey(key)}`;
    out += `:${encodeChild(item, key)}`;
    first = false;
  }
  return `${out}}`;
}

/** `at` is an array index or an object key: the path segment is only built on failure. */
function encodeChild(item: unknown, at: number | string): string {
  try {
    return encode(item);
  } catch (error) {
    if (error instanceof NotJson)
      error.segments.push(typeof at === "number" ? `[${at}]` : `.${at}`);
    throw error;
  }
}
