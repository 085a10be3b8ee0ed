/**
 * Compares a bearer header with the expected secret in time independent of where they differ,
 * so the secret cannot be guessed byte by byte from response times.
 */
export function bearerMatches(header: string | null | undefined, secret: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return safeEqual(match?.[1] ?? "", secret);
}

export function safeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  const length = Math.max(x.length, y.length);
  let difference = x.length ^ y.length;
  for (let i = 0; i < length; i++) difference |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return difference === 0 && b.length > 0;
}

/**
 * The guard of the sync endpoints: undefined when the bearer is the sync secret, else the 401 to
 * answer (web-standard, so Node, Deno and Edge Functions share it).
 */
export function requireSyncSecret(
  header: string | null | undefined,
  secret: string,
): Response | undefined {
  if (bearerMatches(header, secret)) return undefined;
  return Response.json(
    { error: { code: "unauthorized", message: "Authorization: Bearer $SYNC_SECRET is required." } },
    { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="backup-portal"' } },
  );
}
