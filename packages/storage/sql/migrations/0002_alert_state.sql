-- Operator alerts (stale days, failing runs, no runs): one row per alert key, kept after it
-- resolves so a reopened alert is a fresh notification. Shared by every process, so a restart or
-- a second coordinator does not send an open alert again.
CREATE TABLE alert_state (
  key text PRIMARY KEY,
  kind text NOT NULL,
  message text NOT NULL,
  context jsonb NOT NULL DEFAULT '{}'::jsonb,
  opened_at timestamptz NOT NULL,
  -- Last delivery; NULL while a delivery is owed (the webhook failed).
  last_notified_at timestamptz,
  resolved_at timestamptz,
  updated_at timestamptz NOT NULL
);
CREATE INDEX alert_state_open_idx ON alert_state (key) WHERE resolved_at IS NULL;
