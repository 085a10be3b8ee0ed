import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";

/** The contract spelled out the slow way (a sorted copy would not do: JS puts "0" before ""). */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(",")}]`;
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${reference(record[key])}`).join(",")}}`;
}

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it("encodes like JSON for the rest", () => {
    expect(canonicalJson({ a: undefined, b: null, c: [undefined], d: 'é"\n' })).toBe(
      '{"b":null,"c":[null],"d":"é\\"\\n"}',
    );
    expect(canonicalJson(new Date("2026-03-08T00:00:00Z"))).toBe('"2026-03-08T00:00:00.000Z"');
    expect(canonicalJson({ z: -0, y: 1e21, x: 5e-7, w: true, v: false })).toBe(
      '{"v":false,"w":true,"x":5e-7,"y":1e+21,"z":0}',
    );
  });

  it("equals the key-sorted encoding for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 300 },
    );
  });

  it("refuses values JSON cannot carry, naming where they are", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/NaN at \(root\)\.a/);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
    expect(() => canonicalJson({ b: [0, { c: Number.POSITIVE_INFINITY }] })).toThrow(
      "canonicalJson: Infinity at (root).b[1].c is not JSON",
    );
    expect(() => canonicalJson([{ f: () => 1 }])).toThrow(
      "canonicalJson: a function at (root)[0].f is not JSON",
    );
    expect(() => canonicalJson(undefined)).toThrow(
      "canonicalJson: a undefined at (root) is not JSON",
    );
  });
});
