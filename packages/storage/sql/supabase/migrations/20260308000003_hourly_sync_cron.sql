-- Calls the coordinator's POST /hourly-sync at minute 0 of every hour through pg_net.
-- The base URL and the SYNC_SECRET come from Vault, never from this file:
--   select vault.create_secret('https://<project>.supabase.co/functions/v1', 'backup_portal_base_url');
--   select vault.create_secret('<SYNC_SECRET>', 'backup_portal_sync_secret');
CREATE EXTENSION IF NOT EXISTS pg_cron;
CREATE EXTENSION IF NOT EXISTS pg_net;

SELECT cron.unschedule(jobid) FROM cron.job WHERE jobname = 'backup-portal-hourly-sync';

SELECT cron.schedule(
  'backup-portal-hourly-sync',
  '0 * * * *',
  $cron$
  SELECT net.http_post(
    url := (SELECT decrypted_secret FROM vault.decrypted_secrets
            WHERE name = 'backup_portal_base_url') || '/hourly-sync',
    headers := jsonb_build_object(
      'Content-Type', 'application/json',
      'Authorization', 'Bearer ' || (SELECT decrypted_secret FROM vault.decrypted_secrets
                                     WHERE name = 'backup_portal_sync_secret')
    ),
    body := '{}'::jsonb,
    timeout_milliseconds := 10000
  );
  $cron$
);
