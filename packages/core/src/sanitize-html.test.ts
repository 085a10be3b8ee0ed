import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sanitizeFully, sanitizeHtml } from "./sanitize-html";

describe("sanitizeHtml", () => {
  it("keeps the small safe subset", () => {
    const html =
      "<p>A <strong>b</strong> <b>c</b> <em>d</em> <i>e</i> <u>f</u><br></p><ul><li>x</li></ul><ol><li>y</li></ol>";
    expect(sanitizeHtml(html)).toBe(html);
  });

  it("removes scripts and styles with their contents", () => {
    const out = sanitizeHtml(
      "<p>Hi<script>alert('x')</script><style>p{color:red}</style> there</p>",
    );
    expect(out).toBe("<p>Hi there</p>");
  });

  it("drops event handlers, style attributes and unknown tags but keeps their text", () => {
    const out = sanitizeHtml(
      '<p onclick="x()" style="color:red">a<img src=x onerror=alert(1)><div class="k">b</div><iframe src="https://e.example">c</iframe></p>',
    );
    expect(out).toBe("<p>ab</p>");
  });

  it("keeps http(s) and mailto links with rel, drops javascript: and other schemes", () => {
    expect(sanitizeHtml('<a href="https://x.example/?a=1&amp;b=2" target="_blank">m</a>')).toBe(
      '<a href="https://x.example/?a=1&amp;b=2" rel="noopener noreferrer">m</a>',
    );
    expect(sanitizeHtml('<a href="mailto:o@x.example">m</a>')).toBe(
      '<a href="mailto:o@x.example" rel="noopener noreferrer">m</a>',
    );
    for (const href of [
      "javascript:alert(1)",
      " JavaScript:alert(1)",
      "java&#115;cript:alert(1)",
      "&#106;avascript:alert(1)",
      "java\tscript:alert(1)",
      "data:text/html;base64,PHNjcmlwdD4=",
      "vbscript:x",
      "/relative",
    ]) {
      expect(sanitizeHtml(`<a href="${href}">m</a>`)).toBe("<a>m</a>");
    }
  });

  it("escapes text so it cannot become markup", () => {
    expect(sanitizeHtml("1 < 2 & <notatag")).not.toContain("<notatag");
    expect(sanitizeHtml("<p>&lt;script&gt;</p>")).toBe("<p>&lt;script&gt;</p>");
  });

  it("treats null, undefined and empty as no content", () => {
    expect(sanitizeHtml(null)).toBe("");
    expect(sanitizeHtml(undefined)).toBe("");
    expect(sanitizeHtml("")).toBe("");
    expect(sanitizeHtml("<!-- note -->")).toBe("");
  });

  it("gives plain text (no '<') exactly what the full filter gives", () => {
    const plain = fc.string({
      unit: fc.constantFrom(..."ab &;#>\"'=/\n\t\u00a0é日-:x1".split("")),
      maxLength: 40,
    });
    fc.assert(
      fc.property(fc.oneof(plain, fc.string(), fc.string({ unit: "grapheme" })), (text) => {
        fc.pre(!text.includes("<") && text !== "");
        expect(sanitizeHtml(text)).toBe(sanitizeFully(text));
      }),
      { numRuns: 500 },
    );
    expect(sanitizeHtml("  5 > 3 & a > b  ")).toBe("5 &gt; 3 & a &gt; b");
  });

  it("still runs the full filter on anything with a '<'", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const html = `${a}<${b}`;
        expect(sanitizeHtml(html)).toBe(sanitizeFully(html));
      }),
      { numRuns: 200 },
    );
  });
});
