-- Person search at a real partnership's size, where thousands of children share the commonest names.
--
-- A date of birth, when given, is where the search starts: a few dozen people share one, against thousands who
-- share a name, so the names are matched only among them. Before, the best 200 name matches were found first and
-- the date applied after, so a common name with a slip could leave the person sought outside the 200.
--
-- Without a date of birth, names are first matched word by word within one slip (the symmetric-deletion index of
-- 0019), which finds a common name's bearers through two small index look-ups. The trigram match, which forgives
-- more (two slips in a word, a name cut short, a missing space) but must merge the index's lists for every
-- three letters typed, runs only when that finds fewer than the results asked for.
drop function lantern_search_people(text, integer);

create function lantern_search_people(q text, born date, max_results integer) returns table (id uuid, score real)
  language plpgsql stable security definer set search_path = public set pg_trgm.word_similarity_threshold = 0.6
  as $$
  declare
    words text[] := lantern_name_words(q);
    first_word text[] := lantern_word_variants(words[1]);
    second_word text[] := lantern_word_variants(coalesce(words[2], words[1]));
    third_word text[] := lantern_word_variants(coalesce(words[3], words[1]));
    found integer;
  begin
    if born is not null then
      return query
        select p.id, word_similarity(q, p.search_name)
        from people p
        where p.partnership_id = lantern_partnership() and p.date_of_birth = born and p.merged_into_id is null
          and (q <% p.search_name
            or (lantern_name_variants(p.search_name) && first_word and lantern_name_variants(p.search_name) && second_word
              and lantern_name_variants(p.search_name) && third_word))
        order by 2 desc
        limit max_results;
      return;
    end if;

    return query
      select p.id, word_similarity(q, p.search_name)
      from people p
      where p.partnership_id = lantern_partnership() and p.merged_into_id is null
        and lantern_name_variants(p.search_name) && first_word and lantern_name_variants(p.search_name) && second_word
        and lantern_name_variants(p.search_name) && third_word
      order by 2 desc
      limit max_results;
    get diagnostics found = row_count;
    if found >= max_results then
      return;
    end if;

    return query
      select p.id, word_similarity(q, p.search_name)
      from people p
      where p.partnership_id = lantern_partnership() and p.merged_into_id is null and q <% p.search_name
        and not (lantern_name_variants(p.search_name) && first_word and lantern_name_variants(p.search_name) && second_word
          and lantern_name_variants(p.search_name) && third_word)
      order by 2 desc
      limit max_results - found;
  end
  $$;
revoke all on function lantern_search_people(text, date, integer) from public;
grant execute on function lantern_search_people(text, date, integer) to lantern_app;
