-- Nothing Lantern records happened before 1900 (issue 8, item 9): the schemas refuse earlier dates, and the
-- database refuses them too, so no route or script can store a moment the application could not read back.
-- NOT VALID: a row already there is left for a person to correct, rather than failing the migration.
alter table chronology_events add constraint chronology_events_occurred_from_1900 check (occurred_at >= '1900-01-01T00:00:00Z') not valid;
alter table people add constraint people_born_from_1900 check (date_of_birth >= '1900-01-01') not valid;
alter table offending_history add constraint offending_history_from_1900 check (date >= '1900-01-01') not valid;
