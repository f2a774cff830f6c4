-- Concerns any practitioner records about a child (a disclosure is never required), and referrals to
-- children's social care with the front door's decision, due within one working day.

create table concerns (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  child_id uuid not null,
  case_id uuid,
  description text not null,
  child_words text,
  indicators text[] not null default '{}',
  disclosure text not null check (disclosure in ('none', 'partial', 'full', 'retracted')),
  recorded_by_user_id uuid not null,
  recorded_by_agency_id uuid not null,
  recorded_at timestamptz not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id)
);
create index concerns_child on concerns (partnership_id, child_id, recorded_at desc);

create table referrals (
  partnership_id uuid not null,
  id uuid not null default gen_random_uuid(),
  concern_id uuid not null,
  child_id uuid not null,
  received_at timestamptz not null,
  decision_due_at timestamptz not null,
  decision text check (decision in ('strategy_discussion', 'child_and_family_assessment', 'early_help', 'advice_and_information')),
  rationale text,
  decided_at timestamptz,
  decided_by_user_id uuid,
  version integer not null default 1,
  primary key (partnership_id, id),
  foreign key (partnership_id, concern_id) references concerns (partnership_id, id),
  check ((decision is null) = (decided_at is null))
);
create index referrals_awaiting on referrals (partnership_id, decision_due_at) where decision is null;

alter table concerns enable row level security;
create policy partnership_scope on concerns to lantern_app using (partnership_id = lantern_partnership());
alter table referrals enable row level security;
create policy partnership_scope on referrals to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on concerns to lantern_app;
grant select, insert, update on referrals to lantern_app;
