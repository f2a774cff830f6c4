-- Chronology entries get an opaque id like every other record: the bigint key stays inside the database (it
-- orders entries recorded in the same instant), the uuid is what pages, the API and the audit log show.
alter table chronology_events add column public_id uuid not null default gen_random_uuid();
create unique index chronology_events_public_id on chronology_events (partnership_id, public_id);

-- An integrating system retries a creating POST with the same Idempotency-Key header and gets the first
-- answer back instead of a second record. Keyed by partnership, user and key: one caller's key never
-- replays another's response. `status` is null while the first request is still running, so a concurrent
-- repeat is told to wait rather than run twice (the primary key is the lock).
create table idempotency_keys (
  partnership_id uuid not null,
  user_id uuid not null,
  key text not null,
  method text not null,
  route text not null,
  body_hash text not null,
  status integer,
  location text,
  response text,
  created_at timestamptz not null,
  primary key (partnership_id, user_id, key),
  foreign key (partnership_id, user_id) references users (partnership_id, id)
);
create index idempotency_keys_created on idempotency_keys (created_at);
alter table idempotency_keys enable row level security;
create policy partnership_scope on idempotency_keys to lantern_app using (partnership_id = lantern_partnership());
grant select, insert, update, delete on idempotency_keys to lantern_app;
