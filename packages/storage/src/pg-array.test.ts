import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pgArrayLiteral } from "./pg-array";

/** A reference reader of the literal's format: quoted elements with backslash escapes, or NULL. */
function readLiteral(literal: string): (string | null)[] {
  const out: (string | null)[] = [];
  let i = 1;
  while (i < literal.length - 1) {
    if (literal.startsWith("NULL", i) || literal.startsWith("null", i)) {
      out.push(null);
      i += 4;
    } else if (literal[i] === '"') {
      let value = "";
      i++;
      while (literal[i] !== '"') {
        if (literal[i] === "\\") i++;
        value += literal[i];
        i++;
      }
      out.push(value);
      i++;
    } else {
      const end = literal.indexOf(",", i);
      out.push(literal.slice(i, end === -1 ? literal.length - 1 : end));
      i = end === -1 ? literal.length - 1 : end;
    }
    if (literal[i] === ",") i++;
  }
  return out;
}

describe("pgArrayLiteral", () => {
  it("quotes every string, escapes quotes and backslashes, and writes null as NULL", () => {
    expect(pgArrayLiteral(["a", 'say "hi"', "NULL", "", null, 3])).toBe(
      '{"a","say \\"hi\\"","NULL","",null,3}',
    );
    expect(pgArrayLiteral(["back\\slash", null])).toBe('{"back\\\\slash",NULL}');
    expect(pgArrayLiteral(["line\nbreak", 'q"', null])).toBe('{"line\nbreak","q\\"",NULL}');
    expect(pgArrayLiteral([])).toBe("{}");
  });

  it("reads back as the same strings for any input, control characters included", () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.string({ unit: "binary" }), { nil: null })), (values) => {
        expect(readLiteral(pgArrayLiteral(values))).toEqual(values);
      }),
    );
  });

  it("writes a non-finite number as NULL, as JSON does", () => {
    expect(pgArrayLiteral([Number.NaN, Number.POSITIVE_INFINITY, 7])).toBe("{null,null,7}");
  });
});
