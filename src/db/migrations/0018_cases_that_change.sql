-- Cases that change as families do: children and adults join and leave a case after it opens, each with a
-- reason, and leaving ends by a later record (removed_at, removed_reason, removed_by_user_id), never by deletion,
-- so one person may leave and join again. A child of a case has a role: the child the case is about, a child who
-- harmed another child (with their own status, and later their own plan), or a brother or sister. A closed case
-- may be reopened, and may name the earlier episodes about the same child; a case opened by the front door's
-- decision on a referral remembers that referral.

alter table case_children add column id uuid not null default gen_random_uuid();
alter table case_children add column role text not null default 'subject'
  check (role in ('subject', 'harmed_another_child', 'sibling'));
alter table case_children add column added_by_user_id uuid;
alter table case_children add column added_reason text;
alter table case_children add column removed_at timestamptz;
alter table case_children add column removed_reason text;
alter table case_children add column removed_by_user_id uuid;
alter table case_children add foreign key (partnership_id, added_by_user_id) references users (partnership_id, id);
alter table case_children add foreign key (partnership_id, removed_by_user_id) references users (partnership_id, id);
alter table case_children add check ((removed_at is null) = (removed_by_user_id is null));
alter table case_children add check ((removed_at is null) = (removed_reason is null));
alter table case_children drop constraint case_children_pkey;
alter table case_children add primary key (partnership_id, id);
-- A person is a current child of a case once; a removed membership stays beside a later one.
create unique index case_children_current on case_children (partnership_id, case_id, person_id) where removed_at is null;
create index case_children_case on case_children (partnership_id, case_id);

alter table case_adults add column id uuid not null default gen_random_uuid();
alter table case_adults add column added_by_user_id uuid;
alter table case_adults add column added_reason text;
alter table case_adults add column removed_at timestamptz;
alter table case_adults add column removed_reason text;
alter table case_adults add column removed_by_user_id uuid;
alter table case_adults add foreign key (partnership_id, added_by_user_id) references users (partnership_id, id);
alter table case_adults add foreign key (partnership_id, removed_by_user_id) references users (partnership_id, id);
alter table case_adults add check ((removed_at is null) = (removed_by_user_id is null));
alter table case_adults add check ((removed_at is null) = (removed_reason is null));
alter table case_adults drop constraint case_adults_pkey;
alter table case_adults add primary key (partnership_id, id);
create unique index case_adults_current on case_adults (partnership_id, case_id, person_id, role) where removed_at is null;
create index case_adults_case on case_adults (partnership_id, case_id);
grant update on case_adults to lantern_app;

-- The referral whose decision opened the case; a referral opens at most one.
alter table cases add column referral_id uuid;
alter table cases add foreign key (partnership_id, referral_id) references referrals (partnership_id, id);
create unique index cases_referral on cases (partnership_id, referral_id) where referral_id is not null;

-- A case names the earlier episodes about the same child; the link reads both ways.
create table case_episode_links (
  partnership_id uuid not null,
  case_id uuid not null,
  earlier_case_id uuid not null,
  linked_at timestamptz not null,
  linked_by_user_id uuid not null,
  primary key (partnership_id, case_id, earlier_case_id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, earlier_case_id) references cases (partnership_id, id),
  foreign key (partnership_id, linked_by_user_id) references users (partnership_id, id),
  check (case_id <> earlier_case_id)
);
create index case_episode_links_earlier on case_episode_links (partnership_id, earlier_case_id);

alter table case_episode_links enable row level security;
create policy partnership_scope on case_episode_links to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on case_episode_links to lantern_app;

-- A concern is put on the case its referral opened (or on the child's open case it was added to).
grant update (case_id) on concerns to lantern_app;
