-- Telling the family (SG-04) and letters (issue 13): every update given to a child, parent or carer (who told
-- whom, when, how, about what, and what they said back), and the letters made from an outcome, in the family's
-- and the child's version, in the language each is written in. Sending a letter records the update that says so.

create table letters (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  child_id uuid,
  investigation_id uuid,
  audience text not null check (audience in ('family', 'child')),
  language text not null check (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
  text text not null check (length(text) between 1 and 20000),
  reading_level numeric(4, 1),
  status text not null default 'draft' check (status in ('draft', 'sent')),
  version integer not null default 1,
  made_by_user_id uuid not null,
  made_by_agency_id uuid not null,
  made_at timestamptz not null,
  sent_at timestamptz,
  sent_update_id uuid,
  primary key (partnership_id, id),
  check ((status = 'sent') = (sent_at is not null)),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id),
  foreign key (partnership_id, investigation_id) references investigations (partnership_id, id),
  foreign key (partnership_id, made_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, made_by_agency_id) references agencies (partnership_id, id)
);
create index letters_of_case on letters (partnership_id, case_id, made_at);

create table family_updates (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  child_id uuid,
  at timestamptz not null,
  method text not null check (method in ('visit', 'call', 'letter', 'meeting')),
  response text check (length(response) between 1 and 10000),
  told_by_user_id uuid not null,
  told_by_agency_id uuid not null,
  letter_id uuid,
  recorded_at timestamptz not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id),
  foreign key (partnership_id, letter_id) references letters (partnership_id, id),
  foreign key (partnership_id, told_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, told_by_agency_id) references agencies (partnership_id, id)
);
create index family_updates_of_case on family_updates (partnership_id, case_id, at);

alter table letters
  add foreign key (partnership_id, sent_update_id) references family_updates (partnership_id, id);

create table family_update_people (
  partnership_id uuid not null references partnerships,
  update_id uuid not null,
  person_id uuid not null,
  primary key (partnership_id, update_id, person_id),
  foreign key (partnership_id, update_id) references family_updates (partnership_id, id),
  foreign key (partnership_id, person_id) references people (partnership_id, id)
);
create index family_update_people_of_person on family_update_people (partnership_id, person_id);

create table family_update_topics (
  partnership_id uuid not null references partnerships,
  update_id uuid not null,
  topic text not null check (topic in ('progress', 'outcome', 'reasons', 'right_to_review', 'compensation', 'support')),
  primary key (partnership_id, update_id, topic),
  foreign key (partnership_id, update_id) references family_updates (partnership_id, id)
);

alter table letters enable row level security;
create policy partnership_scope on letters to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on letters to lantern_app;
grant update (text, reading_level, status, version, sent_at, sent_update_id, child_id) on letters to lantern_app;

alter table family_updates enable row level security;
create policy partnership_scope on family_updates to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on family_updates to lantern_app;
grant update (child_id) on family_updates to lantern_app;

alter table family_update_people enable row level security;
create policy partnership_scope on family_update_people to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on family_update_people to lantern_app;
grant update (person_id) on family_update_people to lantern_app;

alter table family_update_topics enable row level security;
create policy partnership_scope on family_update_topics to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on family_update_topics to lantern_app;
