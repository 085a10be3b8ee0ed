-- The private bucket for schedule documents: JSON only, at most 10 MB per object.
INSERT INTO storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
VALUES ('schedule-data', 'schedule-data', false, 10485760, ARRAY['application/json'])
ON CONFLICT (id) DO UPDATE
SET public = false,
    file_size_limit = excluded.file_size_limit,
    allowed_mime_types = excluded.allowed_mime_types;

-- Objects are named {company uuid}/{YYYY-MM-DD}/schedule.json.
CREATE OR REPLACE FUNCTION public.portal_can_read_blob(object_name text)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT CASE
    WHEN split_part(object_name, '/', 1) ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
      THEN public.portal_is_company_admin(split_part(object_name, '/', 1)::uuid)
    ELSE false
  END;
$$;
REVOKE ALL ON FUNCTION public.portal_can_read_blob(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.portal_can_read_blob(text) TO authenticated;

-- A blob is the unfiltered document (privacy toggles not applied), so only office-level readers
-- may fetch it directly; technicians get their view from GET /get-schedule. Writes are the
-- service role's alone (no insert/update/delete policies).
DROP POLICY IF EXISTS "schedule-data office read" ON storage.objects;
CREATE POLICY "schedule-data office read" ON storage.objects
  FOR SELECT TO authenticated
  USING (bucket_id = 'schedule-data' AND public.portal_can_read_blob(name));
