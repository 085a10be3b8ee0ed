import { resolveSecret } from "@backup-portal/storage/runtime";
import { mintAccessToken, parseTtl } from "../access-token";
import { type CliDependencies, PortalRunningError, withStores } from "./cli-context";
import { CliFailure, UsageError } from "./cli-errors";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `token --user ID|EMAIL [--ttl 1h]`: an access token signed with the embedded secret. With a real
 * Supabase, users sign in there; minting behind its back is refused.
 */
export async function tokenCommand(
  deps: CliDependencies,
  user: string | undefined,
  ttl: string | undefined,
): Promise<void> {
  if (user === undefined) throw new UsageError("usage: portal token --user ID|EMAIL [--ttl 1h]");
  let ttlSeconds: number;
  try {
    ttlSeconds = parseTtl(ttl ?? "1h");
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (deps.env.SUPABASE_URL) {
    throw new CliFailure(
      "token is for embedded mode only: SUPABASE_URL is set, so users get tokens by signing in to Supabase Auth",
    );
  }
  const secret = await resolveSecret({
    value: deps.env.SUPABASE_JWT_SECRET,
    envName: "SUPABASE_JWT_SECRET",
    env: deps.env,
  });
  let profile: { id: string; email: string | null } | null;
  try {
    profile = await withStores(deps, async ({ storage }) => {
      const [row] = await storage.db.query<{ id: string; email: string | null }>(
        `SELECT id, email FROM user_profiles
          WHERE (id::text = lower($1)) OR lower(email) = lower($1)
          ORDER BY is_active DESC LIMIT 1`,
        [user],
      );
      return row ?? null;
    });
  } catch (error) {
    // The token needs only the secret; with the portal holding the database, an id is trusted as is.
    if (!(error instanceof PortalRunningError) || !uuid.test(user)) throw error;
    deps.io.err(`note: ${error.message}; the user id was not checked`);
    profile = { id: user.toLowerCase(), email: null };
  }
  if (!profile) throw new CliFailure(`no user has the id or email ${JSON.stringify(user)}`);
  deps.io.out(
    await mintAccessToken(secret, profile.id, {
      ttlSeconds,
      email: profile.email,
      clock: deps.clock,
    }),
  );
}
