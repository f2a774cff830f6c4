-- A person's history of sexual offending or allegations of it: what makes a relative who lives with or sees
-- a child a person who presents a risk of sexual harm (DESIGN.md, the register; safeguard SG-08).

create table offending_history (
  partnership_id uuid not null,
  id uuid not null default gen_random_uuid(),
  person_id uuid not null,
  kind text not null check (kind in ('allegation', 'caution', 'conviction', 'civil_order', 'registration')),
  date date not null,
  description text not null,
  recorded_by_user_id uuid not null,
  recorded_by_agency_id uuid not null,
  recorded_at timestamptz not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, person_id) references people (partnership_id, id)
);
create index offending_history_person on offending_history (partnership_id, person_id);

alter table offending_history enable row level security;
create policy partnership_scope on offending_history to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on offending_history to lantern_app;
