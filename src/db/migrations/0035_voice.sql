-- The child's voice (SG-11) and the non-abusing parent's or carer's views (SG-14). A child's views are in their own
-- words, or a reason stands in for them; either way how the child communicates is recorded, and who supported them
-- (an interpreter or registered intermediary) when one did. A parent's views are always in their words.

create table child_views (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  child_id uuid not null,
  stage text not null check (stage in ('enquiry', 'investigation', 'conference', 'plan', 'outcome', 'other')),
  given_on date not null,
  words text check (length(words) between 1 and 20000),
  reason_not_recorded text check (reason_not_recorded in ('too_young', 'declined', 'not_seen_alone', 'other')),
  communication_method text not null check (
    communication_method in (
      'spoken_english', 'other_language', 'interpreter', 'intermediary', 'sign_language', 'communication_aid',
      'play_or_drawing'
    )
  ),
  language text check (length(language) between 1 and 100),
  supported_by text check (length(supported_by) between 1 and 200),
  recorded_by_user_id uuid not null,
  recorded_by_agency_id uuid not null,
  recorded_at timestamptz not null,
  primary key (partnership_id, id),
  constraint child_views_words_or_reason check (words is not null or reason_not_recorded is not null),
  constraint child_views_supported check (
    supported_by is not null or (communication_method <> 'interpreter' and communication_method <> 'intermediary')
  ),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, recorded_by_agency_id) references agencies (partnership_id, id)
);
create index child_views_of_case on child_views (partnership_id, case_id, given_on);
create index child_views_of_child on child_views (partnership_id, child_id);

create table parent_views (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  person_id uuid not null,
  given_on date not null,
  words text not null check (length(words) between 1 and 20000),
  recorded_by_user_id uuid not null,
  recorded_by_agency_id uuid not null,
  recorded_at timestamptz not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, person_id) references people (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, recorded_by_agency_id) references agencies (partnership_id, id)
);
create index parent_views_of_case on parent_views (partnership_id, case_id, given_on);
create index parent_views_of_person on parent_views (partnership_id, person_id);

alter table child_views enable row level security;
create policy partnership_scope on child_views to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on child_views to lantern_app;
grant update (child_id) on child_views to lantern_app;

alter table parent_views enable row level security;
create policy partnership_scope on parent_views to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on parent_views to lantern_app;
grant update (person_id) on parent_views to lantern_app;
