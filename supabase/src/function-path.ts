/**
 * The path the app's routes expect, from the path a Supabase Edge Function receives. The gateway
 * serves function `name` at `/functions/v1/name…` and hands the function `/name…` (some local
 * setups keep the `/functions/v1` prefix). Each function is named after its main route, so
 * `/name` itself stays as it is (`/hourly-sync` is the coordinator's route) and `/name/health`
 * becomes `/health`.
 */
export function functionRelativePath(pathname: string, name: string): string {
  const withoutGateway = pathname.startsWith("/functions/v1/")
    ? pathname.slice("/functions/v1".length)
    : pathname;
  const base = `/${name}`;
  if (withoutGateway === base || withoutGateway === `${base}/`) return base;
  if (withoutGateway.startsWith(`${base}/`)) return withoutGateway.slice(base.length);
  return withoutGateway;
}
