import type { Logger } from "@backup-portal/core";

export interface AuthProvisioner {
  provision(
    users: ReadonlyArray<{ id: string; email: string | null }>,
    logger: Logger,
  ): Promise<{ created: number; existing: number; skippedNoEmail: number; failed: number }>;
}

/**
 * Creates each portal user in Supabase Auth (admin API) with id = MaidCentral UserId and a confirmed
 * email, so magic-link login works and the token's `sub` is the id the API looks up.
 */
export function createSupabaseAuthProvisioner(options: {
  url: string;
  serviceRoleKey: string;
  fetch?: typeof fetch;
  /** Ids already provisioned (skipped); the provisioner adds the ones it creates or finds. */
  known?: Set<string>;
  concurrency?: number;
}): AuthProvisioner {
  const doFetch = options.fetch ?? fetch;
  const known = options.known ?? new Set<string>();
  const endpoint = `${options.url.replace(/\/+$/, "")}/auth/v1/admin/users`;
  const headers = {
    apikey: options.serviceRoleKey,
    Authorization: `Bearer ${options.serviceRoleKey}`,
    "Content-Type": "application/json",
  };
  return {
    async provision(users, logger) {
      const counts = { created: 0, existing: 0, skippedNoEmail: 0, failed: 0 };
      const todo = users.filter((u) => {
        if (known.has(u.id)) return false;
        if (!u.email) counts.skippedNoEmail++;
        return Boolean(u.email);
      });
      let next = 0;
      const workers = Array.from(
        { length: Math.min(options.concurrency ?? 4, todo.length) },
        async () => {
          while (next < todo.length) {
            const user = todo[next++];
            if (!user) break;
            try {
              const response = await doFetch(endpoint, {
                method: "POST",
                headers,
                body: JSON.stringify({ id: user.id, email: user.email, email_confirm: true }),
              });
              if (response.ok) {
                counts.created++;
                known.add(user.id);
              } else if (response.status === 422 || response.status === 409) {
                // Already registered: the admin API answers 422 email_exists (409 on some versions).
                counts.existing++;
                known.add(user.id);
              } else {
                counts.failed++;
                logger.warn(
                  { userId: user.id, status: response.status },
                  "Supabase Auth refused to create a user",
                );
              }
              // Drain the body so the connection is reused.
              await response.text().catch(() => "");
            } catch (error) {
              counts.failed++;
              logger.warn(
                { userId: user.id, err: error instanceof Error ? error.message : String(error) },
                "Supabase Auth unreachable",
              );
            }
          }
        },
      );
      await Promise.all(workers);
      return counts;
    },
  };
}
