-- Where a person lives and has lived: current and past addresses, each from a date and, once they move out, to
-- one. An address may be confidential (a parent in a refuge): then only the users it names may read it, and the
-- one who recorded it is always among them. An address is never deleted; moving out is its end date.
create table person_addresses (
  partnership_id uuid not null,
  id uuid not null default gen_random_uuid(),
  person_id uuid not null,
  line1 text not null,
  line2 text,
  town text,
  -- Upper case, one space before the inward code ('AB1 2CD'): its first part is the area a search result shows.
  postcode text check (postcode ~ '^[A-Z0-9]{2,4} [0-9][A-Z]{2}$'),
  started_on date not null,
  ended_on date,
  confidential boolean not null default false,
  -- Who may read a confidential address (users' ids); none for one that is not confidential.
  readers uuid[] not null default '{}',
  recorded_by_user_id uuid not null,
  recorded_by_agency_id uuid not null,
  recorded_at timestamptz not null,
  ended_by_user_id uuid,
  ended_at timestamptz,
  version integer not null default 1,
  primary key (partnership_id, id),
  foreign key (partnership_id, person_id) references people (partnership_id, id),
  foreign key (partnership_id, recorded_by_user_id) references users (partnership_id, id),
  foreign key (partnership_id, recorded_by_agency_id) references agencies (partnership_id, id),
  foreign key (partnership_id, ended_by_user_id) references users (partnership_id, id),
  check (town is not null or postcode is not null),
  check (ended_on is null or ended_on >= started_on),
  check ((ended_on is null) = (ended_by_user_id is null) and (ended_on is null) = (ended_at is null)),
  check (case when confidential then recorded_by_user_id = any (readers) else readers = '{}' end)
);
create index person_addresses_person on person_addresses (partnership_id, person_id);

alter table person_addresses enable row level security;
create policy partnership_scope on person_addresses to lantern_app using (partnership_id = lantern_partnership());
grant select, insert on person_addresses to lantern_app;
-- Moving out sets the end; a merge moves the address to the record kept (and back if it is undone).
grant update (ended_on, ended_by_user_id, ended_at, version, person_id) on person_addresses to lantern_app;
