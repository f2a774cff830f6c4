-- The directory's one read-only view of who people are: the columns an Actor is made of, and a user's
-- display name and agency for any page that shows who did what. Other modules join this view, never the
-- users, agencies or partnerships tables, which the directory owns. security_invoker makes row-level
-- security apply as the caller, so the view shows no more than its tables would.
create view user_directory with (security_invoker = true) as
select
  u.partnership_id,
  u.id as user_id,
  p.name as partnership_name,
  u.agency_id,
  a.name as agency_name,
  a.kind as agency_kind,
  u.email,
  u.display_name,
  u.roles,
  u.csa_clinical_experience,
  u.disabled_at,
  u.totp_enrolled_at
from users u
join agencies a on a.partnership_id = u.partnership_id and a.id = u.agency_id
join partnerships p on p.partnership_id = u.partnership_id;

grant select on user_directory to lantern_app;
