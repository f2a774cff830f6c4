-- The register of people who present a risk of sexual harm (issue 14, DOMAIN.md §6 and §10; safeguards SG-08 and
-- SG-09). What is known about a person beyond their offending history (people's offending_history): civil orders,
-- risk assessments kept as a history (never overwritten), and how the person is managed (MAPPA, the probation
-- single point of contact, the police lead). On a case: the multi-agency risk discussion SG-08 asks for. And every
-- decision to share information about a person or a child, or not to.

create table civil_orders (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  person_id uuid not null,
  kind text not null check (kind in ('shpo', 'sro', 'other')),
  other_kind text check (length(other_kind) between 1 and 200),
  starts_on date not null,
  expires_on date,
  prohibitions text not null check (length(prohibitions) between 1 and 10000),
  recorded_by_user_id uuid not null,
  recorded_by_agency_id uuid not null,
  recorded_at timestamptz not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, person_id) references people (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, recorded_by_agency_id) references agencies (partnership_id, id),
  constraint civil_orders_other_named check ((kind = 'other') = (other_kind is not null)),
  constraint civil_orders_expire_after_they_start check (expires_on is null or expires_on > starts_on)
);
create index civil_orders_of_person on civil_orders (partnership_id, person_id);
create index civil_orders_by_expiry on civil_orders (partnership_id, expires_on) where expires_on is not null;

create table risk_assessments (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  person_id uuid not null,
  tool text not null check (tool in ('arms', 'risk_matrix_2000', 'oasys_osp', 'local')),
  tool_name text check (length(tool_name) between 1 and 200),
  assessed_on date not null,
  assessor_agency_id uuid not null,
  level text not null check (level in ('low', 'medium', 'high', 'very_high')),
  summary text not null check (length(summary) between 1 and 10000),
  next_review_on date not null,
  recorded_by_user_id uuid not null,
  recorded_by_agency_id uuid not null,
  recorded_at timestamptz not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, person_id) references people (partnership_id, id),
  foreign key (partnership_id, assessor_agency_id) references agencies (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, recorded_by_agency_id) references agencies (partnership_id, id),
  constraint risk_assessments_local_tool_named check ((tool = 'local') = (tool_name is not null)),
  constraint risk_assessments_review_after check (next_review_on > assessed_on)
);
-- The latest assessment of each person: the register and the safeguards read it.
create index risk_assessments_latest on risk_assessments (partnership_id, person_id, assessed_on desc, recorded_at desc);

-- One row per person who is managed; changed in place under a version, each change audited.
create table risk_management (
  partnership_id uuid not null references partnerships,
  person_id uuid not null,
  mappa_category text check (mappa_category in ('1', '2', '3', '4')),
  mappa_level text check (mappa_level in ('1', '2', '3')),
  probation_contact_user_id uuid,
  police_lead_user_id uuid,
  version integer not null default 1,
  updated_by_user_id uuid not null,
  updated_by_agency_id uuid not null,
  updated_at timestamptz not null,
  primary key (partnership_id, person_id),
  foreign key (partnership_id, person_id) references people (partnership_id, id),
  foreign key (partnership_id, probation_contact_user_id) references users (partnership_id, id),
  foreign key (partnership_id, police_lead_user_id) references users (partnership_id, id),
  foreign key (partnership_id, updated_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, updated_by_agency_id) references agencies (partnership_id, id),
  -- A level is a level of MAPPA management, which only a category brings.
  constraint risk_management_level_needs_category check (mappa_level is null or mappa_category is not null)
);
create index risk_management_by_level on risk_management (partnership_id, mappa_level);
create index risk_management_probation_contact on risk_management (partnership_id, probation_contact_user_id);

-- The multi-agency discussion SG-08 asks for, on a case, about one person, with whether a civil order was
-- considered and why or why not.
create table risk_discussions (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  person_id uuid not null,
  held_at timestamptz not null,
  summary text not null check (length(summary) between 1 and 20000),
  civil_order_considered boolean not null,
  civil_order_reason text not null check (length(civil_order_reason) between 1 and 10000),
  recorded_by_user_id uuid not null,
  recorded_by_agency_id uuid not null,
  recorded_at timestamptz not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, person_id) references people (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, recorded_by_agency_id) references agencies (partnership_id, id)
);
create index risk_discussions_of_case on risk_discussions (partnership_id, case_id, held_at);
create index risk_discussions_of_person on risk_discussions (partnership_id, person_id);

-- Who took part, in the order given: a multi-agency discussion has people from at least two kinds of agency.
create table risk_discussion_attendees (
  partnership_id uuid not null references partnerships,
  discussion_id uuid not null,
  position integer not null check (position between 1 and 50),
  name text not null check (length(name) between 1 and 200),
  agency_kind text not null check (agency_kind in ('childrens_social_care', 'police', 'health', 'education', 'probation', 'partnership')),
  role text not null check (length(role) between 1 and 200),
  primary key (partnership_id, discussion_id, position),
  foreign key (partnership_id, discussion_id) references risk_discussions (partnership_id, id)
);

-- Every decision to share information about a person or a child, or not to (DOMAIN.md §10, golden rule 7).
create table information_sharing (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  person_id uuid,
  child_id uuid,
  case_id uuid,
  discussion_id uuid,
  shared boolean not null,
  what text not null check (length(what) between 1 and 10000),
  with_agency_ids uuid[] not null check (cardinality(with_agency_ids) between 1 and 50),
  lawful_basis text check (lawful_basis in ('public_task', 'legal_obligation', 'safeguarding', 'law_enforcement',
    'consent')),
  reason text not null check (length(reason) between 1 and 10000),
  decided_at timestamptz not null,
  recorded_by_user_id uuid not null,
  recorded_by_agency_id uuid not null,
  recorded_at timestamptz not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, person_id) references people (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, discussion_id) references risk_discussions (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, recorded_by_agency_id) references agencies (partnership_id, id),
  constraint information_sharing_about_someone check (person_id is not null or child_id is not null),
  -- Sharing needs a lawful basis; a decision not to share says why in its reason.
  constraint information_sharing_shared_lawfully check (not shared or lawful_basis is not null)
);
create index information_sharing_of_person on information_sharing (partnership_id, person_id, decided_at);
create index information_sharing_of_child on information_sharing (partnership_id, child_id, decided_at);
create index information_sharing_of_case on information_sharing (partnership_id, case_id, decided_at);

alter table civil_orders enable row level security;
create policy partnership_scope on civil_orders to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on civil_orders to lantern_app;
grant update (person_id) on civil_orders to lantern_app;
alter table risk_assessments enable row level security;
create policy partnership_scope on risk_assessments to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on risk_assessments to lantern_app;
grant update (person_id) on risk_assessments to lantern_app;
alter table risk_management enable row level security;
create policy partnership_scope on risk_management to lantern_app using (partnership_id = lantern_partnership());
grant select, insert, update on risk_management to lantern_app;
grant delete on risk_management to lantern_app;
alter table risk_discussions enable row level security;
create policy partnership_scope on risk_discussions to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on risk_discussions to lantern_app;
grant update (person_id) on risk_discussions to lantern_app;
alter table risk_discussion_attendees enable row level security;
create policy partnership_scope on risk_discussion_attendees to lantern_app
  using (partnership_id = lantern_partnership());
grant select, insert on risk_discussion_attendees to lantern_app;
alter table information_sharing enable row level security;
create policy partnership_scope on information_sharing to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on information_sharing to lantern_app;
grant update (person_id, child_id) on information_sharing to lantern_app;

-- The probation contact of a person on the register is told when a child is linked to them (SG-08).
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check check (kind in ('referral.decided', 'case.breakGlass',
  'case.addedToTeam', 'case.madeLead', 'case.concernRecorded', 'task.overdue', 'task.escalated', 'approval.asked',
  'approval.decided', 'register.childLinked'));
