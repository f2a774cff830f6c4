-- A partnership's own durations and limits (how long the front door has to decide on a referral, how long
-- emergency access lasts, and later each safeguard's deadlines). A partnership with no row for a setting has
-- the default in src/modules/policy/defaults.ts; a row overrides it, with who changed it and when.
create table partnership_policy (
  partnership_id uuid not null references partnerships,
  name text not null check (name ~ '^[a-zA-Z]+$'),
  value integer not null check (value > 0),
  changed_at timestamptz not null,
  changed_by_user_id uuid,
  primary key (partnership_id, name),
  foreign key (partnership_id, changed_by_user_id) references users (partnership_id, id)
);

alter table partnership_policy enable row level security;
create policy partnership_scope on partnership_policy to lantern_app using (partnership_id = lantern_partnership());
grant select, insert, update on partnership_policy to lantern_app;
