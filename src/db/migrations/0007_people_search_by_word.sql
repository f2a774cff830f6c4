-- Person search matches the words typed against the closest run of words in a person's names
-- (word_similarity), not against all their names at once (similarity). A search for "Wren Testwood" then finds
-- a Wren Testwood whatever other names she has, and the trigram index has far fewer candidates to check: at
-- 200,000 people, a full name searched with one slip checked about 24,000 rows before and about 1,000 now.
create or replace function lantern_search_people(q text, max_results integer) returns table (id uuid, score real)
  language sql stable security definer set search_path = public set pg_trgm.word_similarity_threshold = 0.6
  as $$
    select p.id, word_similarity(q, p.search_name)
    from people p
    where p.partnership_id = lantern_partnership() and q <% p.search_name
    order by word_similarity(q, p.search_name) desc
    limit max_results
  $$;
