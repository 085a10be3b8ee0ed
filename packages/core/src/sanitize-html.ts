import xss from "xss";

// xss is CommonJS: under plain Node only its default export carries these names (bundlers and
// vitest also fake the named ones, which hid this until the apps ran on Node).
const { escapeAttrValue, FilterXSS, friendlyAttrValue } = xss as unknown as typeof import("xss");

const ALLOWED_PROTOCOLS = ["http:", "https:", "mailto:"];

function safeHref(value: string): string | null {
  // friendlyAttrValue decodes entities (java&#115;cript:) before we judge the scheme.
  // Anything not literally starting with an allowed scheme (e.g. "java\tscript:") is dropped.
  const decoded = friendlyAttrValue(value).trim();
  const scheme = decoded.toLowerCase();
  return ALLOWED_PROTOCOLS.some((protocol) => scheme.startsWith(protocol)) ? decoded : null;
}

// js-xss runs in browsers and Deno too (sanitize-html would pull in Node-only postcss).
const filter = new FilterXSS({
  whiteList: {
    p: [],
    br: [],
    strong: [],
    b: [],
    em: [],
    i: [],
    u: [],
    ul: [],
    ol: [],
    li: [],
    a: ["href"],
  },
  // Tags outside the list vanish but keep their text; these lose their contents as well.
  stripIgnoreTag: true,
  stripIgnoreTagBody: [
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "textarea",
    "title",
    "xmp",
    "svg",
    "math",
  ],
  allowCommentTag: false,
  css: false,
  onTagAttr(tag, name, value) {
    if (tag !== "a" || name !== "href") return undefined;
    const href = safeHref(value);
    return href === null ? "" : `href="${escapeAttrValue(href)}" rel="noopener noreferrer"`;
  },
});

/** Office HTML → a small safe subset: paragraphs, breaks, emphasis, lists, plain links. */
export function sanitizeHtml(html: string | null | undefined): string {
  if (html === null || html === undefined || html === "") return "";
  // Most notes are plain text: with no "<" there is no tag or comment, and all the filter does
  // is escape ">" (its escapeHtml), so this gives the same string without parsing.
  if (!html.includes("<")) return (html.includes(">") ? html.replace(/>/g, "&gt;") : html).trim();
  return sanitizeFully(html);
}

/** The full filter, whatever the input: what the plain-text shortcut must always agree with. */
export function sanitizeFully(html: string): string {
  return filter.process(html).trim();
}
