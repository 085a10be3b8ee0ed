import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json";

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
  });

  it("refuses values JSON cannot carry", () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/NaN at \(root\)\.a/);
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
  });
});
