-- Core schema: runs unchanged on PostgreSQL (Supabase) and PGlite.
-- Supabase-only parts (RLS, storage bucket, pg_cron) live in ../supabase.

CREATE TABLE service_company_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_company_group_id integer NOT NULL UNIQUE,
  name text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE companies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_company_id integer NOT NULL UNIQUE,
  group_id uuid REFERENCES service_company_groups (id),
  name text NOT NULL,
  -- IANA zone; null until a schedule payload (or an operator) provides one.
  time_zone text,
  time_zone_source text CHECK (time_zone_source IN ('payload', 'default', 'operator')),
  feature_toggles jsonb NOT NULL DEFAULT '{}'::jsonb,
  portal_enabled boolean NOT NULL DEFAULT false,
  sync_enabled boolean NOT NULL DEFAULT false,
  is_active boolean NOT NULL DEFAULT true,
  last_synced_at timestamptz,
  last_sync_status text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX companies_group_idx ON companies (group_id);

CREATE TABLE user_profiles (
  -- The MaidCentral UserId, which is also the access token's `sub`.
  id uuid PRIMARY KEY,
  email text,
  first_name text,
  last_name text,
  full_name text,
  role text NOT NULL CHECK (role IN ('superadmin', 'group_admin', 'admin', 'technician')),
  employee_information_id integer,
  company_id uuid REFERENCES companies (id),
  is_active boolean NOT NULL DEFAULT true,
  last_seen_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_profiles_email_idx ON user_profiles (lower(email));
CREATE INDEX user_profiles_company_idx ON user_profiles (company_id);

-- A user listed under several companies may read each of them (and no others).
CREATE TABLE user_company_memberships (
  user_id uuid NOT NULL REFERENCES user_profiles (id) ON DELETE CASCADE,
  company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('group_admin', 'admin', 'technician')),
  employee_information_id integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, company_id)
);
CREATE INDEX user_company_memberships_company_idx ON user_company_memberships (company_id);

CREATE TABLE schedule_data (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
  date date NOT NULL,
  storage_path text,
  file_size_kb integer,
  checksum text,
  job_count integer,
  employee_count integer,
  team_count integer,
  status text NOT NULL CHECK (status IN ('processing', 'ready', 'failed')),
  error_message text,
  -- Last successful write (or confirmation) of the data.
  synced_at timestamptz,
  -- Last successful upstream check, changed or not; readers derive `stale` from it.
  checked_at timestamptz,
  last_attempt_at timestamptz,
  last_error_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (company_id, date)
);
CREATE INDEX schedule_data_date_idx ON schedule_data (date);

CREATE TABLE sync_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trigger text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  companies integer,
  jobs_enqueued integer,
  duplicates_skipped integer,
  duration_ms integer,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_runs_started_idx ON sync_runs (started_at DESC);

CREATE TABLE background_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job_type text NOT NULL CHECK (job_type IN ('sync_users', 'sync_schedule')),
  company_id uuid REFERENCES companies (id) ON DELETE SET NULL,
  date date,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 3,
  run_after timestamptz NOT NULL,
  dedup_key text NOT NULL,
  lease_owner text,
  lease_expires_at timestamptz,
  run_id uuid REFERENCES sync_runs (id) ON DELETE SET NULL,
  result jsonb,
  error_message text,
  -- One entry per failed attempt: {attempt, at, message, code, retryable, worker}.
  errors jsonb NOT NULL DEFAULT '[]'::jsonb,
  duration_ms integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  completed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- No duplicate work: one live (pending or running) job per dedup key.
CREATE UNIQUE INDEX background_jobs_dedup_live_idx ON background_jobs (dedup_key)
  WHERE status IN ('pending', 'running');
-- The claim: due pending jobs in run_after order.
CREATE INDEX background_jobs_claim_idx ON background_jobs (run_after) WHERE status = 'pending';
-- The reaper: running jobs by lease expiry.
CREATE INDEX background_jobs_lease_idx ON background_jobs (lease_expires_at) WHERE status = 'running';
-- Monitoring (created_at windows) and purge/failure counts (finished jobs by completion time).
CREATE INDEX background_jobs_created_idx ON background_jobs (created_at);
CREATE INDEX background_jobs_finished_idx ON background_jobs (completed_at)
  WHERE status IN ('completed', 'failed');
