-- Accounts: separation of duties, invitations, and the partnership manager's view of new accounts.

-- Whoever runs the system must not also reach children's records or audit them: an account holding
-- administrator holds no practitioner or auditor role. The check is in the database so that no route,
-- command or script can slip past it. An existing account breaking the rule stops the migration, naming it.
do $$
declare
  clash text;
begin
  select string_agg(email, ', ') into clash from users
  where 'administrator' = any(roles)
    and roles && array['front_door', 'social_worker', 'team_manager', 'police_investigator', 'police_supervisor',
                       'health_practitioner', 'designated_safeguarding_lead', 'probation_officer', 'auditor'];
  if clash is not null then
    raise exception 'These accounts hold administrator together with practitioner or auditor roles: %. Give the person two accounts, then migrate again.', clash;
  end if;
end $$;
alter table users add constraint users_administrator_apart check (not (
  'administrator' = any(roles)
  and roles && array['front_door', 'social_worker', 'team_manager', 'police_investigator', 'police_supervisor',
                     'health_practitioner', 'designated_safeguarding_lead', 'probation_officer', 'auditor']
));

-- A new account has no password until its holder sets one through their invitation.
alter table users alter column password_hash drop not null;

-- Single-use, expiring invitations; only the hash of the token is kept, so the database cannot activate anyone.
create table invitations (
  partnership_id uuid not null,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  token_hash text not null unique,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  -- A newer invitation for the same account, or the account disabled, withdraws this one.
  withdrawn_at timestamptz,
  primary key (partnership_id, id),
  foreign key (partnership_id, user_id) references users (partnership_id, id)
);
create index invitations_user on invitations (partnership_id, user_id);

-- Every account created, and every account given more roles, for the partnership manager to see.
create table account_changes (
  partnership_id uuid not null,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  kind text not null check (kind in ('created', 'roles_added')),
  roles text[] not null,
  -- Who did it; null when an operator did it at the server (lantern user add).
  by_user_id uuid,
  at timestamptz not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, user_id) references users (partnership_id, id),
  foreign key (partnership_id, by_user_id) references users (partnership_id, id)
);
create index account_changes_at on account_changes (partnership_id, at);

alter table invitations enable row level security;
create policy partnership_scope on invitations to lantern_app using (partnership_id = lantern_partnership());
alter table account_changes enable row level security;
create policy partnership_scope on account_changes to lantern_app using (partnership_id = lantern_partnership());
grant select, insert, update on invitations to lantern_app;
-- The record of account changes is only ever added to.
grant select, insert on account_changes to lantern_app;
