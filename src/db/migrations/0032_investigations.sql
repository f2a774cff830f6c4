-- Police investigations (issue 12 points 6–8): the crime reference, the children it is about and the suspects,
-- early charging advice and the charging decision, video-recorded (ABE) interviews, and the outcome. A close
-- without charge is recorded as "no further police action at this time", with a Home Office outcome code, a
-- rationale and the agencies told (SG-01): the outcome columns are set together, once.
create table investigations (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  crime_reference text not null check (length(crime_reference) between 1 and 50),
  opened_at timestamptz not null,
  officer_user_id uuid,
  officer_agency_id uuid not null,
  offences text not null check (length(offences) between 1 and 2000),
  charging_advice_sought_at timestamptz,
  charging_advice_outcome_at timestamptz,
  charging_advice text check (length(charging_advice) between 1 and 10000),
  charging_decided_at timestamptz,
  charging_decision text check (charging_decision in ('charge', 'no_charge', 'further_investigation')),
  charging_decided_by text check (charging_decided_by in ('cps', 'police')),
  outcome_kind text check (outcome_kind in ('charged', 'no_further_police_action_at_this_time',
    'out_of_court_resolution', 'taken_into_consideration', 'transferred', 'diversion')),
  outcome_code text check (outcome_code in ('1', '1A', '2', '2A', '3', '3A', '4', '5', '6', '7', '8', '9', '10',
    '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22')),
  outcome_rationale text check (length(outcome_rationale) between 1 and 10000),
  outcome_decided_at timestamptz,
  outcome_recorded_at timestamptz,
  outcome_recorded_by_user_id uuid,
  recorded_at timestamptz not null,
  recorded_by_user_id uuid not null,
  version integer not null default 1,
  primary key (partnership_id, id),
  unique (partnership_id, crime_reference),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, officer_user_id) references users (partnership_id, id),
  foreign key (partnership_id, officer_agency_id) references agencies (partnership_id, id),
  foreign key (partnership_id, outcome_recorded_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id),
  check (charging_advice_outcome_at is null or charging_advice_sought_at is not null),
  check ((charging_decided_at is null) = (charging_decision is null)
    and (charging_decided_at is null) = (charging_decided_by is null)),
  check ((outcome_kind is null) = (outcome_decided_at is null)
    and (outcome_kind is null) = (outcome_code is null)
    and (outcome_kind is null) = (outcome_rationale is null)
    and (outcome_kind is null) = (outcome_recorded_at is null)
    and (outcome_kind is null) = (outcome_recorded_by_user_id is null))
);
create index investigations_of_case on investigations (partnership_id, case_id, opened_at);

-- The children an investigation is about, and its suspects (an adult, or a child of the case who harmed).
create table investigation_children (
  partnership_id uuid not null references partnerships,
  investigation_id uuid not null,
  child_id uuid not null,
  primary key (partnership_id, investigation_id, child_id),
  foreign key (partnership_id, investigation_id) references investigations (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id)
);
create table investigation_suspects (
  partnership_id uuid not null references partnerships,
  investigation_id uuid not null,
  person_id uuid not null,
  primary key (partnership_id, investigation_id, person_id),
  foreign key (partnership_id, investigation_id) references investigations (partnership_id, id),
  foreign key (partnership_id, person_id) references people (partnership_id, id)
);
create index investigation_children_by_person on investigation_children (partnership_id, child_id);
create index investigation_suspects_by_person on investigation_suspects (partnership_id, person_id);

-- The agencies told of the outcome.
create table investigation_outcome_agencies (
  partnership_id uuid not null references partnerships,
  investigation_id uuid not null,
  agency_id uuid not null,
  primary key (partnership_id, investigation_id, agency_id),
  foreign key (partnership_id, investigation_id) references investigations (partnership_id, id),
  foreign key (partnership_id, agency_id) references agencies (partnership_id, id)
);

-- A video-recorded (ABE) interview of one child: planned, then held (held_at) or not (not_held_reason). Before it
-- is held the child is told what it is and that it is their choice, by whom, and their willingness is recorded
-- (SG-12); whether an unsure or unwilling child was told that declining would harm the investigation is recorded
-- as it happened, never refused.
create table abe_interviews (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  investigation_id uuid not null,
  case_id uuid not null,
  child_id uuid not null,
  planned_at timestamptz not null,
  lead_name text not null check (length(lead_name) between 1 and 200),
  lead_role text not null check (length(lead_role) between 1 and 200),
  lead_agency_id uuid not null,
  lead_has_joint_training boolean not null,
  intermediary boolean not null,
  intermediary_name text check (length(intermediary_name) between 1 and 200),
  special_measures text[] not null default '{}' check (special_measures <@ array['s23_screens', 's24_live_link',
    's25_evidence_in_private', 's26_wigs_and_gowns_removed', 's27_video_evidence_in_chief',
    's28_pre_recorded_cross_examination', 's29_intermediary', 's30_communication_aids']),
  child_informed_at timestamptz,
  informed_by_name text check (length(informed_by_name) between 1 and 200),
  informed_by_role text check (length(informed_by_role) between 1 and 200),
  willingness text check (willingness in ('willing', 'unsure', 'unwilling')),
  told_declining_harms boolean,
  held_at timestamptz,
  not_held_reason text check (length(not_held_reason) between 1 and 2000),
  recorded_at timestamptz not null,
  recorded_by_user_id uuid not null,
  version integer not null default 1,
  primary key (partnership_id, id),
  foreign key (partnership_id, investigation_id) references investigations (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id),
  foreign key (partnership_id, lead_agency_id) references agencies (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id),
  check (intermediary or intermediary_name is null),
  check (held_at is null or not_held_reason is null)
);
create index abe_interviews_of_case on abe_interviews (partnership_id, case_id, planned_at);
create index abe_interviews_of_investigation on abe_interviews (partnership_id, investigation_id, planned_at);

alter table investigations enable row level security;
alter table investigation_children enable row level security;
alter table investigation_suspects enable row level security;
alter table investigation_outcome_agencies enable row level security;
alter table abe_interviews enable row level security;
create policy partnership_scope on investigations to lantern_app using (partnership_id = lantern_partnership());
create policy partnership_scope on investigation_children to lantern_app
  using (partnership_id = lantern_partnership());
create policy partnership_scope on investigation_suspects to lantern_app
  using (partnership_id = lantern_partnership());
create policy partnership_scope on investigation_outcome_agencies to lantern_app
  using (partnership_id = lantern_partnership());
create policy partnership_scope on abe_interviews to lantern_app using (partnership_id = lantern_partnership());
-- Records are corrected by later records, never deleted: the link tables take inserts only.
grant select, insert, update on investigations to lantern_app;
grant select, insert on investigation_children to lantern_app;
grant select, insert on investigation_suspects to lantern_app;
grant select, insert on investigation_outcome_agencies to lantern_app;
grant select, insert, update on abe_interviews to lantern_app;
