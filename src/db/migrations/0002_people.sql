-- People (children and adults), the relationships between them, and each version of a person's record.

create extension if not exists pg_trgm;

create table people (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  given_name text not null,
  family_name text not null,
  other_names text[] not null default '{}',
  date_of_birth date,
  date_of_birth_estimated boolean not null default false,
  sex text not null check (sex in ('female', 'male', 'unknown')),
  ethnicity text check (ethnicity ~ '^[A-Z]{4}$'),
  first_language text,
  interpreter_needed boolean not null default false,
  communication_needs text,
  disabilities text[] not null default '{}',
  nhs_number text check (nhs_number ~ '^[0-9]{10}$'),
  unique_pupil_number text check (unique_pupil_number ~ '^[A-Z][0-9]{11}[0-9A-Z]$'),
  -- Lower-cased names and other names, kept by the service, for typo-tolerant search.
  search_name text not null,
  recorded_by_agency_id uuid not null,
  recorded_by_user_id uuid not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  version integer not null default 1,
  primary key (partnership_id, id),
  foreign key (partnership_id, recorded_by_agency_id) references agencies (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id)
);
create index people_search_name on people using gin (search_name gin_trgm_ops);
create index people_date_of_birth on people (partnership_id, date_of_birth);
create index people_nhs_number on people (partnership_id, nhs_number) where nhs_number is not null;

-- Every version of a person's record, so a correction never loses what was there and a conflicting edit
-- can be told exactly what changed.
create table person_versions (
  partnership_id uuid not null,
  person_id uuid not null,
  version integer not null,
  snapshot jsonb not null,
  changed_by_user_id uuid not null,
  changed_at timestamptz not null,
  primary key (partnership_id, person_id, version),
  foreign key (partnership_id, person_id) references people (partnership_id, id)
);

-- kind: what the other person is to this person ('parent' = the other person is this person's parent).
create table relationships (
  partnership_id uuid not null,
  id uuid not null default gen_random_uuid(),
  person_id uuid not null,
  other_person_id uuid not null,
  kind text not null check (kind in ('parent', 'step_parent', 'parent_partner', 'sibling', 'half_sibling', 'step_sibling',
    'grandparent', 'other_relative', 'household_member', 'carer')),
  lives_with boolean not null,
  has_contact boolean not null,
  recorded_by_user_id uuid not null,
  created_at timestamptz not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, person_id) references people (partnership_id, id),
  foreign key (partnership_id, other_person_id) references people (partnership_id, id),
  check (person_id <> other_person_id),
  unique (partnership_id, person_id, other_person_id, kind)
);
create index relationships_other on relationships (partnership_id, other_person_id);

alter table people enable row level security;
create policy partnership_scope on people to lantern_app using (partnership_id = lantern_partnership());
alter table person_versions enable row level security;
create policy partnership_scope on person_versions to lantern_app using (partnership_id = lantern_partnership());
alter table relationships enable row level security;
create policy partnership_scope on relationships to lantern_app using (partnership_id = lantern_partnership());

grant select, insert, update on people to lantern_app;
grant select, insert on person_versions, relationships to lantern_app;
