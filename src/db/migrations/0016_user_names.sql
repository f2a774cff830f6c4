-- Who did what, by name, for the pages that only need a name. user_directory (0014) joins users, agencies and
-- partnerships for the columns an Actor is made of; a chronology page joined it in six queries, and planning
-- and scanning three tables (each under its row-level security policy) for a display name cost the first page
-- about 15 ms. This view reads users alone. security_invoker, as for the other directory views.
create view user_names with (security_invoker = true) as
select partnership_id, id as user_id, agency_id, display_name, roles, disabled_at from users;

grant select on user_names to lantern_app;
