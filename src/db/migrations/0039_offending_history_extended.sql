-- What is known about a person who may present a risk of sexual harm (issue 14): each history item says which
-- agency the information came from (not only who typed it in), and a registration says how long its notification
-- requirements last and, where known, when they end.

alter table offending_history add column source_agency_id uuid;
update offending_history set source_agency_id = recorded_by_agency_id;
alter table offending_history alter column source_agency_id set not null;
alter table offending_history add foreign key (partnership_id, source_agency_id) references agencies (partnership_id, id);

alter table offending_history add column ends_on date;
alter table offending_history add constraint offending_history_ends_after_it_starts check (ends_on is null or ends_on >= date);

alter table offending_history add column registration_period text
  check (registration_period in ('indefinite', 'ten_years', 'seven_years', 'five_years', 'two_years', 'other'));
-- A registration says its period; nothing else has one. Those recorded before this said none we could read.
update offending_history set registration_period = 'other' where kind = 'registration';
alter table offending_history add constraint offending_history_period_of_registration
  check ((kind = 'registration') = (registration_period is not null));
