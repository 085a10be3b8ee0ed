-- Calls the worker's POST /background-worker every minute through pg_net: on Supabase the worker
-- is an Edge Function, invoked rather than resident, so this is what drains the queue. Each call
-- works for at most 50 s, so one minute's call is done before the next starts.
-- Same Vault secrets as the hourly sync (20260308000003_hourly_sync_cron.sql).
CREATE EXTENSION IF NOT EXISTS pg_cron;
CREATE EXTENSION IF NOT EXISTS pg_net;

SELECT cron.unschedule(jobid) FROM cron.job WHERE jobname = 'backup-portal-background-worker';

SELECT cron.schedule(
  'backup-portal-background-worker',
  '* * * * *',
  $cron$
  SELECT net.http_post(
    url := (SELECT decrypted_secret FROM vault.decrypted_secrets
            WHERE name = 'backup_portal_base_url') || '/background-worker',
    headers := jsonb_build_object(
      'Content-Type', 'application/json',
      'Authorization', 'Bearer ' || (SELECT decrypted_secret FROM vault.decrypted_secrets
                                     WHERE name = 'backup_portal_sync_secret')
    ),
    body := '{"maxMs": 50000}'::jsonb,
    timeout_milliseconds := 60000
  );
  $cron$
);
