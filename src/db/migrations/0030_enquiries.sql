-- Section 47 enquiries, child and family assessments and child protection conferences: one row per child, each
-- on a case. Dates are calendar days (what a practitioner knows of when an enquiry started or a conference sat);
-- the Working Together timescales the safeguards apply count days too. Nothing is deleted: an enquiry or an
-- assessment is completed once, with its version moving on so two people cannot complete it at once.

create table section47_enquiries (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  child_id uuid not null,
  started_on date not null,
  category text not null check (category in ('NEG', 'PHY', 'SAB', 'EMO', 'MUL')),
  completed_on date,
  outcome text check (outcome in ('significant_harm_conference', 'significant_harm_no_conference',
    'not_substantiated_support', 'not_substantiated_early_help', 'not_substantiated_universal')),
  recorded_by_user_id uuid not null,
  recorded_by_agency_id uuid not null,
  recorded_at timestamptz not null,
  completed_by_user_id uuid,
  completed_at timestamptz,
  version integer not null default 1,
  primary key (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, recorded_by_agency_id) references agencies (partnership_id, id),
  foreign key (partnership_id, completed_by_user_id) references users (partnership_id, id),
  check ((completed_on is null) = (outcome is null)),
  check ((completed_on is null) = (completed_at is null)),
  check (completed_on is null or completed_on >= started_on)
);
create index section47_enquiries_of_case on section47_enquiries (partnership_id, case_id, started_on);

create table assessments (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  child_id uuid not null,
  started_on date not null,
  completed_on date,
  summary text check (length(summary) between 1 and 10000),
  recorded_by_user_id uuid not null,
  recorded_by_agency_id uuid not null,
  recorded_at timestamptz not null,
  completed_by_user_id uuid,
  completed_at timestamptz,
  version integer not null default 1,
  primary key (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, recorded_by_agency_id) references agencies (partnership_id, id),
  foreign key (partnership_id, completed_by_user_id) references users (partnership_id, id),
  check ((completed_on is null) = (summary is null)),
  check ((completed_on is null) = (completed_at is null)),
  check (completed_on is null or completed_on >= started_on)
);
create index assessments_of_case on assessments (partnership_id, case_id, started_on);

create table conferences (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  child_id uuid not null,
  kind text not null check (kind in ('initial', 'review')),
  held_on date not null,
  plan_made boolean not null,
  category text check (category in ('NEG', 'PHY', 'SAB', 'EMO', 'MUL')),
  recorded_by_user_id uuid not null,
  recorded_by_agency_id uuid not null,
  recorded_at timestamptz not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, recorded_by_agency_id) references agencies (partnership_id, id),
  -- The chair records one category for each plan, and none when no plan is made.
  check (plan_made = (category is not null))
);
create index conferences_of_case on conferences (partnership_id, case_id, held_on);

alter table section47_enquiries enable row level security;
create policy partnership_scope on section47_enquiries to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on section47_enquiries to lantern_app;
grant update (completed_on, outcome, completed_by_user_id, completed_at, version, child_id) on section47_enquiries to lantern_app;

alter table assessments enable row level security;
create policy partnership_scope on assessments to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on assessments to lantern_app;
grant update (completed_on, summary, completed_by_user_id, completed_at, version, child_id) on assessments to lantern_app;

alter table conferences enable row level security;
create policy partnership_scope on conferences to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on conferences to lantern_app;
grant update (child_id) on conferences to lantern_app;
