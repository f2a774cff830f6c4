-- Who ended a membership of a case team, beside when: membership ends by a later record, never by deletion,
-- and the case lead and auditors need to see who took someone off a case.

alter table case_team add column removed_by_user_id uuid;
alter table case_team add foreign key (partnership_id, removed_by_user_id) references users (partnership_id, id);
alter table case_team add check ((removed_at is null) = (removed_by_user_id is null));
