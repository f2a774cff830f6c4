-- Person search at a real partnership's size, where thousands of children share the commonest names.
--
-- A date of birth, when given, is where the search starts: a few dozen people share one, against thousands who
-- share a name, so the names are matched only among them. Before, the best 200 name matches were found first and
-- the date applied after, so a common name with a slip could leave the person sought outside the 200.
--
-- Without a date of birth, names are first matched word by word within one slip (the symmetric-deletion index of
-- 0019), which finds a common name's bearers through a few index look-ups. The trigram match, which forgives more
-- (two slips in a word, a name cut short, a missing space) but must merge the index's lists for every three
-- letters typed and check each of thousands of candidates (0.1 to 0.5 s at a million people), runs only when that
-- finds no one.
drop function lantern_search_people(text, integer);

-- The one-slip variants of a name's words, as 0019 made them, but in PL/pgSQL: the SQL version called two further
-- SQL functions for each name, which PostgreSQL plans afresh on every call (about 140 microseconds a name, against
-- 30 here). The index on it is kept, not rebuilt: the result is the same array for every name (checked against
-- 0019's version on 100,000 synthetic names), and it is what every insert into people and every search by date of
-- birth computes.
create or replace function lantern_name_variants(name text) returns text[]
  language plpgsql immutable strict parallel safe
  as $$
  declare
    word text;
    variants text[] := '{}';
  begin
    foreach word in array regexp_split_to_array(lower(name), '[^[:alpha:]]+') loop
      continue when word = '';
      variants := variants || word;
      if length(word) >= 4 then
        for i in 1..length(word) loop
          variants := variants || (left(word, i - 1) || substr(word, i + 1));
        end loop;
      end if;
    end loop;
    return array(select distinct v from unnest(variants) v order by v);
  end
  $$;

create function lantern_search_people(q text, born date, max_results integer) returns table (id uuid, score real)
  language plpgsql stable security definer set search_path = public set pg_trgm.word_similarity_threshold = 0.6
  as $$
  declare
    words text[] := lantern_name_words(q);
    first_word text[] := lantern_word_variants(words[1]);
    second_word text[] := lantern_word_variants(coalesce(words[2], words[1]));
    third_word text[] := lantern_word_variants(coalesce(words[3], words[1]));
  begin
    if born is not null then
      return query
        select p.id, word_similarity(q, p.search_name)
        from people p
        where p.partnership_id = lantern_partnership() and p.date_of_birth = born and p.merged_into_id is null
          and (q <% p.search_name
            or (select v && first_word and v && second_word and v && third_word
                from (select lantern_name_variants(p.search_name) v) name_variants))
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
    if found then
      return;
    end if;

    return query
      select p.id, word_similarity(q, p.search_name)
      from people p
      where p.partnership_id = lantern_partnership() and p.merged_into_id is null and q <% p.search_name
      order by 2 desc
      limit max_results;
  end
  $$;
revoke all on function lantern_search_people(text, date, integer) from public;
grant execute on function lantern_search_people(text, date, integer) to lantern_app;
