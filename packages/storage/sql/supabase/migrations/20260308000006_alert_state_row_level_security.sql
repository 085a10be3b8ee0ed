-- alert_state (core migration 0002) is the coordinators' bookkeeping: no one but the service role
-- reads it. On Supabase a public table without row-level security is readable through the Data
-- API, so RLS is on with no policy at all (the service role bypasses RLS).
ALTER TABLE alert_state ENABLE ROW LEVEL SECURITY;
