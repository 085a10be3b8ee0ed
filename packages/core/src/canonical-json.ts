/**
 * JSON with object keys sorted (by code unit) and no whitespace, so equal data always encodes to
 * equal text whatever order its keys were built in. Undefined properties are left out, as
 * JSON.stringify does; values JSON cannot carry (NaN, Infinity, bigint, functions) are a bug here.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, "(root)");
}

function encode(value: unknown, path: string): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value))
        throw new TypeError(`canonicalJson: ${value} at ${path} is not JSON`);
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) {
        return `[${value.map((item, i) => (item === undefined ? "null" : encode(item, `${path}[${i}]`))).join(",")}]`;
      }
      const withJson = value as { toJSON?: () => unknown };
      if (typeof withJson.toJSON === "function") return encode(withJson.toJSON(), path);
      const entries = Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, item]) => `${JSON.stringify(key)}:${encode(item, `${path}.${key}`)}`);
      return `{${entries.join(",")}}`;
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} at ${path} is not JSON`);
  }
}
