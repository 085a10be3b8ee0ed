import { canonicalJson } from "./canonical-json";
import type { ScheduleDocument } from "./schedule-document";

/**
 * Hex SHA-256 (Web Crypto, so any runtime) of the canonical document without its volatile
 * fields: the same schedule fetched twice gives the same checksum, so nothing is rewritten.
 */
export async function checksumDocument(doc: ScheduleDocument): Promise<string> {
  const { generatedAt: _volatile, ...stable } = doc;
  const bytes = new TextEncoder().encode(canonicalJson(stable));
  const digest = await globalThis.crypto.subtle.digest("SHA-256", bytes);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
