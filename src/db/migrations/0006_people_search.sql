-- Name search through the trigram index. Row-level security applies its partnership filter before any
-- operator not marked leakproof, such as pg_trgm's %, so under the application role the index could not be
-- used and every search read every person. This function filters by the caller's partnership itself (runs as
-- the owner, so the index serves the %), and returns ids the caller then reads under row-level security.
create function lantern_search_people(q text, max_results integer) returns table (id uuid, score real)
  language sql stable security definer set search_path = public
  as $$
    select p.id, similarity(p.search_name, q)
    from people p
    where p.partnership_id = lantern_partnership() and p.search_name % q
    order by similarity(p.search_name, q) desc
    limit max_results
  $$;
revoke all on function lantern_search_people(text, integer) from public;
grant execute on function lantern_search_people(text, integer) to lantern_app;
