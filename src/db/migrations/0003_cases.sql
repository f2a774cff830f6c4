-- Cases: one safeguarding episode about one or more children, the adults around them, the team of users and
-- agencies working on it, and the multi-agency chronology. Break-glass grants are time-boxed reads by
-- someone outside the team.

create table case_reference_counters (
  partnership_id uuid not null references partnerships,
  year integer not null,
  last_number integer not null,
  primary key (partnership_id, year)
);

create table cases (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  reference text not null,
  title text not null,
  status text not null default 'open' check (status in ('open', 'closed')),
  lead_user_id uuid not null,
  opened_at timestamptz not null,
  opened_by_user_id uuid not null,
  closed_at timestamptz,
  closed_reason text,
  version integer not null default 1,
  primary key (partnership_id, id),
  unique (partnership_id, reference),
  foreign key (partnership_id, lead_user_id) references users (partnership_id, id)
);

-- Each child keeps their own status in the case.
create table case_children (
  partnership_id uuid not null,
  case_id uuid not null,
  person_id uuid not null,
  status text not null default 'open' check (status in ('open', 'closed')),
  added_at timestamptz not null,
  primary key (partnership_id, case_id, person_id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, person_id) references people (partnership_id, id)
);
create index case_children_person on case_children (partnership_id, person_id);

create table case_adults (
  partnership_id uuid not null,
  case_id uuid not null,
  person_id uuid not null,
  role text not null check (role in ('parent', 'carer', 'non_abusing_parent', 'alleged_perpetrator', 'sibling', 'other')),
  added_at timestamptz not null,
  primary key (partnership_id, case_id, person_id, role),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, person_id) references people (partnership_id, id)
);
create index case_adults_person on case_adults (partnership_id, person_id);

-- A member is a user or a whole agency; membership ends by a later record, never by deletion.
create table case_team (
  partnership_id uuid not null,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  user_id uuid,
  agency_id uuid,
  added_at timestamptz not null,
  added_by_user_id uuid not null,
  removed_at timestamptz,
  primary key (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, user_id) references users (partnership_id, id),
  foreign key (partnership_id, agency_id) references agencies (partnership_id, id),
  check (num_nonnulls(user_id, agency_id) = 1)
);
create index case_team_case on case_team (partnership_id, case_id);
create index case_team_user on case_team (partnership_id, user_id) where user_id is not null;
create index case_team_agency on case_team (partnership_id, agency_id) where agency_id is not null;

create table chronology_events (
  partnership_id uuid not null,
  id bigint generated always as identity,
  case_id uuid not null,
  child_id uuid,
  occurred_at timestamptz not null,
  recorded_at timestamptz not null,
  agency_id uuid not null,
  user_id uuid not null,
  kind text not null,
  summary text not null,
  -- normal: the case team; restricted: the case team only, never break-glass; sealed: named users only.
  visibility text not null default 'normal' check (visibility in ('normal', 'restricted', 'sealed')),
  sealed_for uuid[] not null default '{}',
  primary key (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id)
);
create index chronology_case on chronology_events (partnership_id, case_id, occurred_at desc, id desc);

create table break_glass (
  partnership_id uuid not null,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  user_id uuid not null,
  reason text not null,
  granted_at timestamptz not null,
  expires_at timestamptz not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, user_id) references users (partnership_id, id)
);
create index break_glass_case_user on break_glass (partnership_id, case_id, user_id, expires_at);

alter table case_reference_counters enable row level security;
create policy partnership_scope on case_reference_counters to lantern_app using (partnership_id = lantern_partnership());
alter table cases enable row level security;
create policy partnership_scope on cases to lantern_app using (partnership_id = lantern_partnership());
alter table case_children enable row level security;
create policy partnership_scope on case_children to lantern_app using (partnership_id = lantern_partnership());
alter table case_adults enable row level security;
create policy partnership_scope on case_adults to lantern_app using (partnership_id = lantern_partnership());
alter table case_team enable row level security;
create policy partnership_scope on case_team to lantern_app using (partnership_id = lantern_partnership());
alter table chronology_events enable row level security;
create policy partnership_scope on chronology_events to lantern_app using (partnership_id = lantern_partnership());
alter table break_glass enable row level security;
create policy partnership_scope on break_glass to lantern_app using (partnership_id = lantern_partnership());

grant select, insert, update on case_reference_counters, cases, case_children, case_team to lantern_app;
grant select, insert on case_adults, chronology_events, break_glass to lantern_app;
