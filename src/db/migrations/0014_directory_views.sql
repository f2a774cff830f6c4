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

-- And the agencies, by id: what an audit row or a case team names when it names an agency rather than a user.
create view agency_directory with (security_invoker = true) as
select partnership_id, id as agency_id, name as agency_name, kind as agency_kind from agencies;

grant select on agency_directory to lantern_app;

-- The people module's view of who a person is, at the identifying minimum anyone working with children may
-- see (name, date of birth): what a case, a concern or a list joins to show the child it is about.
create view person_directory with (security_invoker = true) as
select partnership_id, id as person_id, given_name, family_name, date_of_birth, recorded_by_agency_id from people;

grant select on person_directory to lantern_app;
