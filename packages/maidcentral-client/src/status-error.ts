import type { ExchangeResult } from "./http-exchange";
import { MaidCentralError } from "./maidcentral-error";
import { parseRetryAfter } from "./retry-after";
import type { SecretScrubber } from "./secret-scrubber";

export interface RequestPlace {
  method: string;
  path: string;
  attempt: number;
}

const SNIPPET_CHARS = 200;

/** What the server said, shortened and scrubbed: a JSON Message/error if there is one, else text. */
export function bodySnippet(text: string, scrubber: SecretScrubber): string {
  let said = text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === "object") {
      const record = parsed as Record<string, unknown>;
      const parts = [record.error, record.error_description, record.Message].filter(
        (part): part is string => typeof part === "string" && part.length > 0,
      );
      if (parts.length > 0) said = parts.join(": ");
    }
  } catch {
    // Not JSON (an HTML error page, say): fall through to the raw text.
  }
  const flat = scrubber.scrub(
    said
      .replace(/<[^>]*>/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
  );
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat;
}

/** Maps a non-2xx response to the error kind the retry policy and the worker act on. */
export function statusError(
  result: ExchangeResult,
  place: RequestPlace,
  now: Date,
  scrubber: SecretScrubber,
): MaidCentralError {
  const { status } = result;
  const said = bodySnippet(result.text, scrubber);
  const head = `MaidCentral ${place.method} ${place.path}: HTTP ${status}${result.statusText ? ` ${result.statusText}` : ""}${said ? ` (${said})` : ""}`;
  const retryAfterMs = parseRetryAfter(result.headers.get("retry-after"), now);
  const withRetryAfter = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (status === 401 || status === 403) {
    return new MaidCentralError(`${head}; check the API credentials`, {
      ...place,
      kind: "auth",
      status,
    });
  }
  if (status === 408) return new MaidCentralError(head, { ...place, kind: "timeout", status });
  if (status === 429) {
    return new MaidCentralError(head, {
      ...place,
      kind: "rate_limited",
      status,
      ...withRetryAfter,
    });
  }
  if (status >= 500)
    return new MaidCentralError(head, { ...place, kind: "server", status, ...withRetryAfter });
  if (status >= 300 && status < 400) {
    return new MaidCentralError(`${head}; redirects are not followed (check the base URL)`, {
      ...place,
      kind: "client",
      status,
    });
  }
  return new MaidCentralError(head, { ...place, kind: "client", status });
}
