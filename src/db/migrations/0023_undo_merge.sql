-- Undoing a merge of two people's records (issue 10): the merge row stays, saying who undid it, when and why.
-- A record may be merged again after its merge was undone, so only merges not undone are one per record.
alter table person_merges add column undone_at timestamptz;
alter table person_merges add column undone_by_user_id uuid;
alter table person_merges add column undone_reason text;
alter table person_merges add foreign key (partnership_id, undone_by_user_id) references users (partnership_id, id);
alter table person_merges add check ((undone_at is null) = (undone_by_user_id is null));
alter table person_merges add check ((undone_at is null) = (undone_reason is null));
alter table person_merges drop constraint person_merges_partnership_id_from_person_id_key;
create unique index person_merges_current on person_merges (partnership_id, from_person_id) where undone_at is null;
create index person_merges_into on person_merges (partnership_id, into_person_id);
grant update (undone_at, undone_by_user_id, undone_reason) on person_merges to lantern_app;
