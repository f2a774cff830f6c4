-- Strategy discussions (issue 12, point 4): the agencies decide together whether to enquire (section 47),
-- investigate, interview, assess the child's health or protect them now, and agree actions with owners and due
-- dates. A discussion is recorded as a draft or completed; a completed one is final (completed_at), and SG-06
-- refuses the completion of one about sexual abuse without health expertise.
create table strategy_discussions (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  held_at timestamptz not null,
  -- CIN census categories of abuse suspected: at least one.
  categories text[] not null check (cardinality(categories) >= 1 and categories <@ array['NEG', 'PHY', 'SAB', 'EMO', 'MUL']),
  information_shared text not null check (length(information_shared) between 1 and 20000),
  section47 boolean not null,
  police_investigation boolean not null,
  abe_interview boolean not null,
  health_assessment boolean not null,
  immediate_protection boolean not null,
  rationale text not null check (length(rationale) between 1 and 20000),
  -- A consultation with a health professional with CSA clinical experience, when none attended: all or nothing.
  health_consultant_name text check (length(health_consultant_name) between 1 and 200),
  health_consultant_role text check (length(health_consultant_role) between 1 and 200),
  health_consulted_at timestamptz,
  health_advice text check (length(health_advice) between 1 and 20000),
  recorded_at timestamptz not null,
  recorded_by_user_id uuid not null,
  recorded_by_agency_id uuid not null,
  completed_at timestamptz,
  completed_by_user_id uuid,
  version integer not null default 1,
  primary key (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, recorded_by_agency_id) references agencies (partnership_id, id),
  foreign key (partnership_id, completed_by_user_id) references users (partnership_id, id),
  check (
    (health_consultant_name is null and health_consultant_role is null and health_consulted_at is null and health_advice is null)
    or (health_consultant_name is not null and health_consultant_role is not null and health_consulted_at is not null and health_advice is not null)
  ),
  check ((completed_at is null) = (completed_by_user_id is null))
);
create index strategy_discussions_of_case on strategy_discussions (partnership_id, case_id, held_at);

-- The children a discussion was about: each a child of the case when it was recorded.
create table strategy_discussion_children (
  partnership_id uuid not null references partnerships,
  discussion_id uuid not null,
  child_id uuid not null,
  primary key (partnership_id, discussion_id, child_id),
  foreign key (partnership_id, discussion_id) references strategy_discussions (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id)
);

create table strategy_attendees (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  discussion_id uuid not null,
  position integer not null,
  name text not null check (length(name) between 1 and 200),
  agency_kind text not null check (agency_kind in ('childrens_social_care', 'police', 'health', 'education', 'probation', 'partnership')),
  role text not null check (length(role) between 1 and 200),
  csa_clinical_experience boolean not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, discussion_id) references strategy_discussions (partnership_id, id)
);
create index strategy_attendees_of_discussion on strategy_attendees (partnership_id, discussion_id, position);

create table strategy_actions (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  discussion_id uuid not null,
  position integer not null,
  title text not null check (length(title) between 1 and 500),
  child_id uuid,
  owner_user_id uuid,
  owner_agency_id uuid,
  due_on date not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, discussion_id) references strategy_discussions (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id),
  foreign key (partnership_id, owner_user_id) references users (partnership_id, id),
  foreign key (partnership_id, owner_agency_id) references agencies (partnership_id, id),
  -- One owner: a practitioner or an agency, never both, never none.
  check ((owner_user_id is null) <> (owner_agency_id is null))
);
create index strategy_actions_of_discussion on strategy_actions (partnership_id, discussion_id, position);

alter table strategy_discussions enable row level security;
alter table strategy_discussion_children enable row level security;
alter table strategy_attendees enable row level security;
alter table strategy_actions enable row level security;
create policy partnership_scope on strategy_discussions to lantern_app using (partnership_id = lantern_partnership());
create policy partnership_scope on strategy_discussion_children to lantern_app using (partnership_id = lantern_partnership());
create policy partnership_scope on strategy_attendees to lantern_app using (partnership_id = lantern_partnership());
create policy partnership_scope on strategy_actions to lantern_app using (partnership_id = lantern_partnership());
-- Records are final once written; only a draft's completion (completed_at, version) changes a discussion.
grant select, insert, update on strategy_discussions to lantern_app;
grant select, insert on strategy_discussion_children to lantern_app;
grant select, insert on strategy_attendees to lantern_app;
grant select, insert on strategy_actions to lantern_app;
