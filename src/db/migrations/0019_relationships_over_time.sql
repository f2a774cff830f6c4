-- Relationships over time, one record of each child, and search that forgives a slip of one letter.

-- A relationship starts and may end; it is never deleted. Ending one keeps who ended it, when and why;
-- changing one is ending it and recording the new one. Relationships recorded before this have no start date.
alter table relationships
  add column started_on date,
  add column ended_on date,
  add column ended_reason text,
  add column ended_by_user_id uuid,
  add column ended_at timestamptz,
  add column version integer not null default 1,
  add constraint relationships_ends_after_start check (ended_on is null or started_on is null or ended_on >= started_on),
  add constraint relationships_ended_with_reason check (
    (ended_on is null) = (ended_reason is null) and (ended_on is null) = (ended_by_user_id is null)
    and (ended_on is null) = (ended_at is null)),
  add foreign key (partnership_id, ended_by_user_id) references users (partnership_id, id);
-- The same relationship may be recorded again after it ended (a parent moves back in): only one current.
alter table relationships drop constraint relationships_partnership_id_person_id_other_person_id_kind_key;
create unique index relationships_current on relationships (partnership_id, person_id, other_person_id, kind)
  where ended_on is null;
create index relationships_person on relationships (partnership_id, person_id);
grant update (ended_on, ended_reason, ended_by_user_id, ended_at, version, person_id, other_person_id)
  on relationships to lantern_app;

-- A merged record keeps its id and answers, pointing to the record it was merged into.
alter table people
  add column merged_into_id uuid,
  add column merged_at timestamptz,
  add foreign key (partnership_id, merged_into_id) references people (partnership_id, id),
  add constraint people_not_merged_into_self check (merged_into_id <> id);

-- Two records a practitioner has looked at and said are not the same person: never flagged again. Each pair
-- is kept once, the lower id first, so it answers in both orders.
create table person_not_duplicates (
  partnership_id uuid not null,
  person_id uuid not null,
  other_person_id uuid not null,
  recorded_by_user_id uuid not null,
  recorded_at timestamptz not null,
  primary key (partnership_id, person_id, other_person_id),
  foreign key (partnership_id, person_id) references people (partnership_id, id),
  foreign key (partnership_id, other_person_id) references people (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id),
  check (person_id < other_person_id)
);
create index person_not_duplicates_other on person_not_duplicates (partnership_id, other_person_id);

-- Each merge, with every row it moved (by table and id, from each module that holds people's ids), so it can
-- be checked and undone by hand.
create table person_merges (
  partnership_id uuid not null,
  id uuid not null default gen_random_uuid(),
  from_person_id uuid not null,
  into_person_id uuid not null,
  reason text not null,
  moved jsonb not null,
  merged_by_user_id uuid not null,
  merged_at timestamptz not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, from_person_id) references people (partnership_id, id),
  foreign key (partnership_id, into_person_id) references people (partnership_id, id),
  foreign key (partnership_id, merged_by_user_id) references users (partnership_id, id),
  unique (partnership_id, from_person_id)
);

alter table person_not_duplicates enable row level security;
create policy partnership_scope on person_not_duplicates to lantern_app using (partnership_id = lantern_partnership());
alter table person_merges enable row level security;
create policy partnership_scope on person_merges to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on person_not_duplicates, person_merges to lantern_app;

-- A merge moves the references the modules above hold to the surviving record.
grant update (person_id) on case_children, case_adults, offending_history to lantern_app;
grant update (child_id) on concerns, referrals, chronology_events to lantern_app;

-- Search that forgives one letter dropped, added, changed or two swapped in a word ("Chldone", "Chlidone" for
-- "Childone"). Trigrams cannot: one slip in a short word changes most of its trigrams. Each word of a name is
-- indexed with every way of deleting one of its letters; a word typed with one slip shares one of those with
-- the word meant (symmetric deletion). Words of fewer than four letters are indexed as they are. Names inside
-- are schema-qualified: index builds run with an empty search path.
create function lantern_word_variants(word text) returns text[]
  language sql immutable strict parallel safe
  as $$
    select case when length(word) < 4 then array[word]
      else array[word] || array(select left(word, i - 1) || substr(word, i + 1) from generate_series(1, length(word)) i)
    end
  $$;

create function lantern_name_words(name text) returns text[]
  language sql immutable strict parallel safe
  as $$
    select coalesce(array_agg(w), '{}') from unnest(regexp_split_to_array(lower(name), '[^[:alpha:]]+')) w where w <> ''
  $$;

create function lantern_name_variants(name text) returns text[]
  language sql immutable strict parallel safe
  as $$
    select coalesce(array_agg(distinct v), '{}') from unnest(public.lantern_name_words(name)) w, unnest(public.lantern_word_variants(w)) v
  $$;

create index people_name_variants on people using gin (lantern_name_variants(search_name));

-- The search: the trigram match as before (a whole name with a slip, names in any order), and beside it every
-- person each of whose names typed (up to three) is within one slip of one of theirs. Merged records are left
-- out: their surviving record is found instead. Scored by word similarity, as before.
create or replace function lantern_search_people(q text, max_results integer) returns table (id uuid, score real)
  language sql stable security definer set search_path = public set pg_trgm.word_similarity_threshold = 0.6
  as $$
    with found as (
      select p.id, p.search_name
      from people p
      where p.partnership_id = lantern_partnership() and q <% p.search_name and p.merged_into_id is null
      union
      select p.id, p.search_name
      from people p
      where p.partnership_id = lantern_partnership() and p.merged_into_id is null
        and lantern_name_variants(p.search_name) && lantern_word_variants((lantern_name_words(q))[1])
        and lantern_name_variants(p.search_name)
          && lantern_word_variants(coalesce((lantern_name_words(q))[2], (lantern_name_words(q))[1]))
        and lantern_name_variants(p.search_name)
          && lantern_word_variants(coalesce((lantern_name_words(q))[3], (lantern_name_words(q))[1]))
    )
    select found.id, word_similarity(q, found.search_name) from found
    order by 2 desc
    limit max_results
  $$;
