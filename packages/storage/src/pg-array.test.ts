import { describe, expect, it } from "vitest";
import { pgArrayLiteral } from "./pg-array";

describe("pgArrayLiteral", () => {
  it("quotes every string, escapes quotes and backslashes, and writes null as NULL", () => {
    expect(pgArrayLiteral(["a", 'say "hi"', "back\\slash", "NULL", "", null, 3])).toBe(
      '{"a","say \\"hi\\"","back\\\\slash","NULL","",NULL,3}',
    );
    expect(pgArrayLiteral([])).toBe("{}");
  });

  it("refuses numbers PostgreSQL could not read back", () => {
    expect(() => pgArrayLiteral([Number.NaN])).toThrow(RangeError);
    expect(() => pgArrayLiteral([Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});
