// Any JSON escape other than \" and \\ (\n, \t, \u0001, a lone surrogate's \udxxx…) would mean
// something else inside an array literal; a doubled backslash before such a letter only costs a
// needless trip through the slow path.
const foreignEscape = /\\[^"\\]/;
const quoteOrBackslash = /["\\]/g;

/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) for one column of a batch, cast in SQL with
 * `$n::text::T[]`. Whole batches travel as typed arrays because the server parses these far
 * faster than one large JSON document (jsonb_to_recordset of 8,000 rows costs ~6× the arrays).
 * Numbers and null follow JSON.stringify (a non-finite number becomes NULL).
 */
export function pgArrayLiteral(values: readonly (string | number | null)[]): string {
  // The common case rides on the native JSON encoder: a JSON array of strings, numbers and
  // nulls is a valid array literal once its brackets become braces, when only " and \ are escaped.
  const json = JSON.stringify(values);
  if (!foreignEscape.test(json)) return `{${json.slice(1, -1)}}`;
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value === "string") parts[i] = `"${value.replace(quoteOrBackslash, "\\$&")}"`;
    else if (typeof value === "number" && Number.isFinite(value)) parts[i] = String(value);
    else parts[i] = "NULL";
  }
  return `{${parts.join(",")}}`;
}
