/**
 * Removes known secrets (key, password, tokens) from text we did not write ourselves: response
 * bodies and the messages of lower-level errors.
 */
export interface SecretScrubber {
  add(secret: string): void;
  scrub(text: string): string;
  /** A plain Error copy of `error` (message scrubbed, one level of cause) safe to attach as a cause. */
  safeCause(error: unknown): Error;
}

const REDACTED = "[redacted]";
const MAX_TOKENS = 16;

export function createSecretScrubber(initial: readonly string[]): SecretScrubber {
  const fixed = initial.filter((s) => s.length > 0);
  const tokens: string[] = [];

  function scrub(text: string): string {
    let out = text;
    for (const secret of [...fixed, ...tokens]) out = out.split(secret).join(REDACTED);
    return out;
  }

  function copy(error: unknown, depth: number): Error {
    if (!(error instanceof Error)) return new Error(scrub(String(error)));
    const nested =
      depth > 0 && error.cause !== undefined ? { cause: copy(error.cause, depth - 1) } : undefined;
    const safe = new Error(scrub(error.message), nested);
    safe.name = error.name;
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string") Object.assign(safe, { code });
    safe.stack = `${safe.name}: ${safe.message}`;
    return safe;
  }

  return {
    add(secret) {
      if (secret.length === 0 || tokens.includes(secret)) return;
      tokens.push(secret);
      // Old tokens are dead anyway; keep the list short so scrubbing stays cheap.
      if (tokens.length > MAX_TOKENS) tokens.shift();
    },
    scrub,
    safeCause: (error) => copy(error, 1),
  };
}
