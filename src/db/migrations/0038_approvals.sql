-- Manager approvals (issue 13, SG-03): a practitioner asks, a team manager (never the one who asked) approves or
-- returns it with a reason. First used for "no support plan is needed for the child". One row per request: a
-- returned request stays as it was decided, and asking again is a new row.

create table approvals (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  child_id uuid,
  -- An array, not `in (…)`, so the database keeps it as a list while it has one value (schema-matches-types reads it).
  kind text not null check (kind = any (array['no_support_plan'])),
  reason text not null check (length(reason) between 1 and 10000),
  asked_by_user_id uuid not null,
  asked_by_agency_id uuid not null,
  asked_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'approved', 'returned')),
  decided_by_user_id uuid,
  decided_at timestamptz,
  decision_reason text check (length(decision_reason) between 1 and 10000),
  version integer not null default 1,
  primary key (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id),
  foreign key (partnership_id, asked_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, asked_by_agency_id) references agencies (partnership_id, id),
  foreign key (partnership_id, decided_by_user_id) references users (partnership_id, id),
  -- Decided means who, when and why; pending means none of them. Nobody decides what they asked for.
  constraint approvals_decided check (
    (status = 'pending') = (decided_by_user_id is null and decided_at is null and decision_reason is null)
  ),
  constraint approvals_not_by_asker check (decided_by_user_id is distinct from asked_by_user_id)
);
create index approvals_of_case on approvals (partnership_id, case_id, asked_at);
create index approvals_by_status on approvals (partnership_id, status, asked_at);
-- One request of a kind for a child (or for the whole case) waits at a time.
create unique index approvals_one_pending on approvals
  (partnership_id, case_id, kind, coalesce(child_id, '00000000-0000-0000-0000-000000000000'::uuid))
  where status = 'pending';

alter table approvals enable row level security;
create policy partnership_scope on approvals to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on approvals to lantern_app;
grant update (status, decided_by_user_id, decided_at, decision_reason, version, child_id) on approvals to lantern_app;

-- Asking tells the case's team managers; deciding tells the one who asked.
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check check (kind in ('referral.decided', 'case.breakGlass',
  'case.addedToTeam', 'case.madeLead', 'case.concernRecorded', 'task.overdue', 'task.escalated', 'approval.asked',
  'approval.decided'));
