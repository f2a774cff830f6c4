-- Health pathways (issue 12 point 9; SG-07). The partnership's directory of its local pathways: where a child is
-- sent for a forensic medical examination after recent abuse (a sexual assault referral centre, SARC) or for a
-- paediatric or community health assessment after non-recent abuse, each with its contact details and the ages it
-- serves. It is not case data: the partnership manager keeps it, a pathway is withdrawn rather than deleted (a
-- decision recorded against it still names it).
create table health_pathways (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  kind text not null check (kind in ('forensic_recent', 'health_non_recent')),
  phone text check (length(phone) between 1 and 100),
  email text check (length(email) between 1 and 200),
  address text check (length(address) between 1 and 1000),
  youngest_age integer not null check (youngest_age between 0 and 25),
  oldest_age integer not null check (oldest_age between 0 and 25),
  notes text check (length(notes) <= 5000),
  active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null,
  changed_at timestamptz not null,
  changed_by_user_id uuid not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, changed_by_user_id) references users (partnership_id, id),
  check (youngest_age <= oldest_age),
  -- Someone deciding for a child must be able to reach the service.
  check (phone is not null or email is not null or address is not null)
);
create index health_pathways_by_kind on health_pathways (partnership_id, kind, active, name);

-- Each child's health pathway decision on a case, and the referral, examination and outcome that follow it. A
-- decision of no pathway carries its reason; a referral is made only on one of the two pathways; each step comes
-- after the one before it.
create table health_referrals (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  child_id uuid not null,
  pathway text not null check (pathway in ('forensic_recent', 'health_non_recent', 'not_needed')),
  reason text check (length(reason) between 1 and 5000),
  last_abuse_on date,
  local_pathway_id uuid,
  decided_at timestamptz not null,
  referred_at timestamptz,
  seen_at timestamptz,
  outcome_at timestamptz,
  outcome text check (length(outcome) between 1 and 10000),
  recorded_by_user_id uuid not null,
  recorded_by_agency_id uuid not null,
  recorded_at timestamptz not null,
  version integer not null default 1,
  primary key (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id),
  foreign key (partnership_id, local_pathway_id) references health_pathways (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, recorded_by_agency_id) references agencies (partnership_id, id),
  check (pathway <> 'not_needed' or reason is not null),
  check (pathway <> 'not_needed' or (local_pathway_id is null and referred_at is null)),
  check (seen_at is null or (referred_at is not null and seen_at >= referred_at)),
  check ((outcome_at is null) = (outcome is null)),
  check (outcome_at is null or (seen_at is not null and outcome_at >= seen_at))
);
create index health_referrals_of_case on health_referrals (partnership_id, case_id, child_id, decided_at);

alter table health_pathways enable row level security;
create policy partnership_scope on health_pathways to lantern_app using (partnership_id = lantern_partnership());
grant select, insert, update on health_pathways to lantern_app;
alter table health_referrals enable row level security;
create policy partnership_scope on health_referrals to lantern_app using (partnership_id = lantern_partnership());
grant select, insert, update on health_referrals to lantern_app;
