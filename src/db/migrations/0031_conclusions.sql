-- Conclusion discussions (SG-02): when a section 47 enquiry is completed or a police investigation closes, the
-- agencies meet to consider risk, protection and support for each child. The children and the attendees are
-- rows of their own, so each child is a real person of the partnership and each attendee's agency kind is checked.

create table conclusion_discussions (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  case_id uuid not null,
  held_on date not null,
  risk_considered text not null check (length(risk_considered) between 1 and 10000),
  protection text not null check (length(protection) between 1 and 10000),
  support text not null check (length(support) between 1 and 10000),
  recorded_by_user_id uuid not null,
  recorded_by_agency_id uuid not null,
  recorded_at timestamptz not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, case_id) references cases (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, recorded_by_agency_id) references agencies (partnership_id, id)
);
create index conclusion_discussions_of_case on conclusion_discussions (partnership_id, case_id, held_on);

create table conclusion_discussion_children (
  partnership_id uuid not null references partnerships,
  discussion_id uuid not null,
  child_id uuid not null,
  primary key (partnership_id, discussion_id, child_id),
  foreign key (partnership_id, discussion_id) references conclusion_discussions (partnership_id, id),
  foreign key (partnership_id, child_id) references people (partnership_id, id)
);
create index conclusion_discussion_children_of_child on conclusion_discussion_children (partnership_id, child_id);

create table conclusion_attendees (
  partnership_id uuid not null references partnerships,
  discussion_id uuid not null,
  position integer not null check (position between 1 and 50),
  name text not null check (length(name) between 1 and 200),
  agency_kind text not null check (agency_kind in ('childrens_social_care', 'police', 'health', 'education', 'probation', 'partnership')),
  role text not null check (length(role) between 1 and 200),
  primary key (partnership_id, discussion_id, position),
  foreign key (partnership_id, discussion_id) references conclusion_discussions (partnership_id, id)
);

alter table conclusion_discussions enable row level security;
create policy partnership_scope on conclusion_discussions to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on conclusion_discussions to lantern_app;

alter table conclusion_discussion_children enable row level security;
create policy partnership_scope on conclusion_discussion_children to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on conclusion_discussion_children to lantern_app;
grant update (child_id) on conclusion_discussion_children to lantern_app;

alter table conclusion_attendees enable row level security;
create policy partnership_scope on conclusion_attendees to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on conclusion_attendees to lantern_app;
