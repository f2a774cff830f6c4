-- Tasks: what someone must do on a case, by when. A safeguard's `due` finding opens one (its key names the
-- safeguard, the child and the record, so the same finding never opens two), moves its due time when the finding's
-- does, and closes it by itself when the finding clears (done_by_user_id is then null): doing the step the rule
-- asks for is what closes it. Actions agreed at a meeting open tasks with their own keys (issue 12, strategy
-- discussions), closed by hand.
--
-- The sweep raises those past due: it claims them with `for update skip locked` and stamps overdue_at, so copies
-- of the service sweeping at once never tell anyone twice; escalate_at is when, unless done, the owner's managers
-- are told too (the partnership's grace in working days, computed when it went overdue).
create table tasks (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  child_id uuid,
  safeguard text check (safeguard ~ '^SG-[A-Z0-9]+$'),
  key text not null check (length(key) between 1 and 200),
  title text not null check (length(title) between 1 and 500),
  owner_user_id uuid,
  owner_agency_id uuid,
  due_at timestamptz not null,
  status text not null check (status in ('open', 'done')),
  created_at timestamptz not null,
  done_at timestamptz,
  done_by_user_id uuid,
  overdue_at timestamptz,
  escalate_at timestamptz,
  escalated_at timestamptz,
  version integer not null default 1,
  primary key (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id),
  foreign key (partnership_id, owner_user_id) references users (partnership_id, id),
  foreign key (partnership_id, owner_agency_id) references agencies (partnership_id, id),
  foreign key (partnership_id, done_by_user_id) references users (partnership_id, id),
  check (owner_user_id is not null or owner_agency_id is not null),
  check ((status = 'done') = (done_at is not null))
);
-- One open task per case and key: the pipeline's upsert relies on it.
create unique index tasks_open_key on tasks (partnership_id, case_id, key) where status = 'open';
-- A case's tasks; my tasks; my agency's (team's) tasks, soonest first.
create index tasks_of_case on tasks (partnership_id, case_id, status, due_at);
create index tasks_of_owner on tasks (partnership_id, owner_user_id, due_at) where status = 'open';
create index tasks_of_agency on tasks (partnership_id, owner_agency_id, due_at) where status = 'open';
-- The sweep's two queues, across partnerships.
create index tasks_to_raise on tasks (due_at) where status = 'open' and overdue_at is null;
create index tasks_to_escalate on tasks (escalate_at) where status = 'open' and escalated_at is null;

alter table tasks enable row level security;
create policy partnership_scope on tasks to lantern_app using (partnership_id = lantern_partnership());
grant select, insert, update on tasks to lantern_app;

-- The sweep tells owners and their managers.
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check check (kind in ('referral.decided', 'case.breakGlass',
  'case.addedToTeam', 'case.madeLead', 'case.concernRecorded', 'task.overdue', 'task.escalated'));
