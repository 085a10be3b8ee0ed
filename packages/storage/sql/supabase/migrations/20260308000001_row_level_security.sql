-- Row-level security for clients holding the anon key or a user's access token. The apps
-- connect as the table owner / service role, which RLS does not restrict.
-- Needs the core schema first (every app applies it at start through migrate()).

-- Whether the signed-in user (auth.uid(), the MaidCentral UserId) may read a company:
-- superadmins all, group admins their groups' companies, everyone else the companies they are
-- listed under. Inactive users and companies without the portal enabled read nothing.
CREATE OR REPLACE FUNCTION public.portal_can_read_company(target uuid)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT EXISTS (
    SELECT 1
    FROM user_profiles p
    JOIN companies tc ON tc.id = target AND tc.portal_enabled
    WHERE p.id = auth.uid()
      AND p.is_active
      AND (
        p.role = 'superadmin'
        OR EXISTS (
          SELECT 1 FROM user_company_memberships m
          WHERE m.user_id = p.id AND m.company_id = target
        )
        OR EXISTS (
          SELECT 1 FROM user_company_memberships m
          JOIN companies mc ON mc.id = m.company_id
          WHERE m.user_id = p.id AND m.role = 'group_admin'
            AND mc.group_id IS NOT NULL AND mc.group_id = tc.group_id
        )
      )
  );
$$;

-- Office-level readers (superadmin, group admin, admin) of a company; technicians are not.
CREATE OR REPLACE FUNCTION public.portal_is_company_admin(target uuid)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
  SELECT public.portal_can_read_company(target) AND EXISTS (
    SELECT 1 FROM user_profiles p
    WHERE p.id = auth.uid()
      AND (
        p.role = 'superadmin'
        OR EXISTS (
          SELECT 1 FROM user_company_memberships m
          JOIN companies mc ON mc.id = m.company_id
          JOIN companies tc ON tc.id = target
          WHERE m.user_id = p.id
            AND (
              (m.company_id = target AND m.role IN ('admin', 'group_admin'))
              OR (m.role = 'group_admin' AND mc.group_id = tc.group_id)
            )
        )
      )
  );
$$;

REVOKE ALL ON FUNCTION public.portal_can_read_company(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION public.portal_is_company_admin(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.portal_can_read_company(uuid) TO authenticated;
GRANT EXECUTE ON FUNCTION public.portal_is_company_admin(uuid) TO authenticated;

ALTER TABLE service_company_groups ENABLE ROW LEVEL SECURITY;
ALTER TABLE companies ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE user_company_memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE schedule_data ENABLE ROW LEVEL SECURITY;
-- No policies: only the service role reads the queue, run history and migration record.
ALTER TABLE background_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE schema_migrations ENABLE ROW LEVEL SECURITY;

DROP POLICY IF EXISTS schedule_data_read ON schedule_data;
CREATE POLICY schedule_data_read ON schedule_data
  FOR SELECT TO authenticated
  USING (public.portal_can_read_company(company_id));

DROP POLICY IF EXISTS companies_read ON companies;
CREATE POLICY companies_read ON companies
  FOR SELECT TO authenticated
  USING (public.portal_can_read_company(id));

DROP POLICY IF EXISTS service_company_groups_read ON service_company_groups;
CREATE POLICY service_company_groups_read ON service_company_groups
  FOR SELECT TO authenticated
  USING (EXISTS (
    SELECT 1 FROM companies c
    WHERE c.group_id = service_company_groups.id AND public.portal_can_read_company(c.id)
  ));

DROP POLICY IF EXISTS user_profiles_read_own ON user_profiles;
CREATE POLICY user_profiles_read_own ON user_profiles
  FOR SELECT TO authenticated
  USING (id = auth.uid());

DROP POLICY IF EXISTS user_company_memberships_read_own ON user_company_memberships;
CREATE POLICY user_company_memberships_read_own ON user_company_memberships
  FOR SELECT TO authenticated
  USING (user_id = auth.uid());
