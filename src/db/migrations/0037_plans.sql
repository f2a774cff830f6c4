-- Plans for each child (issue 13): child protection, child in need, support and harmful-sexual-behaviour plans,
-- drafted, agreed (in force: their actions become tasks for their owners) and reviewed; a review that does not
-- continue the plan ends it. A support plan carries the impact on the child of the investigation ending.

create table plans (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  child_id uuid not null,
  kind text not null check (kind in ('child_protection', 'child_in_need', 'support', 'harmful_sexual_behaviour')),
  status text not null default 'draft' check (status in ('draft', 'agreed', 'ended')),
  summary text not null check (length(summary) between 1 and 10000),
  investigation_impact text check (length(investigation_impact) between 1 and 10000),
  starts_on date not null,
  review_on date not null,
  version integer not null default 1,
  made_by_user_id uuid not null,
  made_by_agency_id uuid not null,
  made_at timestamptz not null,
  agreed_by_user_id uuid,
  agreed_at timestamptz,
  ended_by_user_id uuid,
  ended_at timestamptz,
  primary key (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id),
  foreign key (partnership_id, made_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, made_by_agency_id) references agencies (partnership_id, id),
  foreign key (partnership_id, agreed_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, ended_by_user_id) references users (partnership_id, id),
  check (review_on >= starts_on),
  check ((status = 'draft') = (agreed_at is null) and (agreed_at is null) = (agreed_by_user_id is null)),
  check ((status = 'ended') = (ended_at is not null) and (ended_at is null) = (ended_by_user_id is null))
);
create index plans_of_case on plans (partnership_id, case_id, starts_on);
create index plans_of_child on plans (partnership_id, child_id);

create table plan_actions (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  plan_id uuid not null,
  position integer not null check (position between 1 and 50),
  title text not null check (length(title) between 1 and 500),
  owner_user_id uuid,
  owner_agency_id uuid,
  due_on date not null,
  primary key (partnership_id, id),
  unique (partnership_id, plan_id, position),
  foreign key (partnership_id, plan_id) references plans (partnership_id, id),
  foreign key (partnership_id, owner_user_id) references users (partnership_id, id),
  foreign key (partnership_id, owner_agency_id) references agencies (partnership_id, id),
  -- One owner: a practitioner or an agency, never both, never none.
  check ((owner_user_id is null) <> (owner_agency_id is null))
);

create table plan_reviews (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  plan_id uuid not null,
  reviewed_on date not null,
  outcome text not null check (length(outcome) between 1 and 10000),
  continues boolean not null,
  next_review_on date,
  reviewed_by_user_id uuid not null,
  reviewed_at timestamptz not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, plan_id) references plans (partnership_id, id),
  foreign key (partnership_id, reviewed_by_user_id) references users (partnership_id, id),
  check (continues = (next_review_on is not null)),
  check (next_review_on is null or next_review_on > reviewed_on)
);
create index plan_reviews_of_plan on plan_reviews (partnership_id, plan_id, reviewed_on);

alter table plans enable row level security;
alter table plan_actions enable row level security;
alter table plan_reviews enable row level security;
create policy partnership_scope on plans to lantern_app using (partnership_id = lantern_partnership());
create policy partnership_scope on plan_actions to lantern_app using (partnership_id = lantern_partnership());
create policy partnership_scope on plan_reviews to lantern_app using (partnership_id = lantern_partnership());
-- A plan's words are final once drafted; agreeing, a review and ending move only these columns (and a merge the child).
grant select, insert on plans to lantern_app;
grant update (status, review_on, version, agreed_by_user_id, agreed_at, ended_by_user_id, ended_at, child_id)
  on plans to lantern_app;
grant select, insert on plan_actions to lantern_app;
grant select, insert on plan_reviews to lantern_app;
