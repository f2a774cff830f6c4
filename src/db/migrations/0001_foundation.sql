-- Foundation: partnerships, agencies, users, sessions, API tokens and the hash-chained audit log.
-- Every table carries partnership_id and every key leads with it. The application connects through the
-- unprivileged role lantern_app, to which row-level security applies; the owner (migrations, sign-in
-- look-ups, the audit writer) is not bound by it.

do $$ begin
  create role lantern_app nologin;
exception when duplicate_object then null;
end $$;
grant lantern_app to current_user;
grant usage on schema public to lantern_app;

create function lantern_partnership() returns uuid
  language sql stable
  as $$ select nullif(current_setting('lantern.partnership_id', true), '')::uuid $$;

create table partnerships (
  partnership_id uuid primary key default gen_random_uuid(),
  name text not null unique,
  code text not null unique check (code ~ '^[A-Z]{2,4}$'),
  created_at timestamptz not null default now()
);

create table agencies (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  name text not null,
  kind text not null check (kind in ('childrens_social_care', 'police', 'health', 'education', 'probation', 'partnership')),
  created_at timestamptz not null default now(),
  version integer not null default 1,
  primary key (partnership_id, id),
  unique (partnership_id, name)
);

create table users (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  agency_id uuid not null,
  email text not null check (email = lower(email)),
  display_name text not null,
  password_hash text not null,
  roles text[] not null check (cardinality(roles) > 0),
  csa_clinical_experience boolean not null default false,
  totp_secret text,
  totp_enrolled_at timestamptz,
  -- The 30-second step of the last code accepted, so a code cannot be used twice.
  totp_last_step bigint,
  -- Only the demo partnership's users sign in without a second factor.
  mfa_exempt boolean not null default false,
  failed_sign_ins integer not null default 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz not null default now(),
  version integer not null default 1,
  primary key (partnership_id, id),
  foreign key (partnership_id, agency_id) references agencies (partnership_id, id)
);
-- Email is how a person signs in, so it is unique across partnerships.
create unique index users_email on users (email);

create table sessions (
  partnership_id uuid not null,
  id_hash text not null primary key,
  user_id uuid not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  mfa_verified_at timestamptz,
  ended_at timestamptz,
  ended_reason text,
  foreign key (partnership_id, user_id) references users (partnership_id, id)
);
create index sessions_user on sessions (partnership_id, user_id);

create table api_tokens (
  partnership_id uuid not null,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  token_hash text not null unique,
  label text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  primary key (partnership_id, id),
  foreign key (partnership_id, user_id) references users (partnership_id, id)
);

-- The audit log: one hash chain per partnership. Events outside any partnership (a sign-in attempt for an
-- unknown email) go on the chain of the nil partnership.
create table audit_log (
  partnership_id uuid not null,
  seq bigint not null,
  at timestamptz not null,
  user_id uuid,
  agency_id uuid,
  action text not null,
  outcome text not null,
  object_type text,
  object_id text,
  case_id uuid,
  ip text,
  detail jsonb,
  hash text not null,
  primary key (partnership_id, seq)
);
create index audit_log_case on audit_log (partnership_id, case_id, seq) where case_id is not null;
create index audit_log_user on audit_log (partnership_id, user_id, seq);

create table audit_chain (
  partnership_id uuid primary key,
  last_seq bigint not null,
  last_hash text not null
);

-- The text each row's hash covers: every column but the hash, in a fixed format.
create function lantern_audit_text(a audit_log) returns text
  language sql immutable
  as $$
    select concat_ws('|', a.partnership_id, a.seq,
      to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      coalesce(a.user_id::text, ''), coalesce(a.agency_id::text, ''), a.action, a.outcome,
      coalesce(a.object_type, ''), coalesce(a.object_id, ''), coalesce(a.case_id::text, ''),
      coalesce(a.ip, ''), coalesce(a.detail::text, ''))
  $$;

-- Appends entries (a JSON array) to their partnerships' chains. Each chain head is locked for the rest of
-- the calling transaction, so rows of one partnership get consecutive numbers in commit order; the head is
-- read once and written once per partnership per call. Callers in the application role may only write to
-- the partnership they are acting in.
create function lantern_audit_append(entries jsonb) returns void
  language plpgsql security definer set search_path = public
  as $$
  <<append>>
  declare
    e jsonb;
    acting uuid := lantern_partnership();
    pid uuid;
    chain uuid;
    last_seq bigint;
    last_hash text;
    row audit_log;
  begin
    for e in
      select value from jsonb_array_elements(entries) with ordinality
      order by coalesce(value->>'partnershipId', ''), ordinality
    loop
      pid := coalesce((e->>'partnershipId')::uuid, '00000000-0000-0000-0000-000000000000');
      if acting is not null and pid <> acting then
        raise exception 'audit entry for another partnership' using errcode = '42501';
      end if;
      if chain is distinct from pid then
        if chain is not null then
          update audit_chain h set last_seq = append.last_seq, last_hash = append.last_hash where h.partnership_id = chain;
        end if;
        select h.last_seq, h.last_hash into last_seq, last_hash from audit_chain h where h.partnership_id = pid for update;
        if not found then
          insert into audit_chain values (pid, 0, repeat('0', 64)) on conflict do nothing;
          select h.last_seq, h.last_hash into last_seq, last_hash from audit_chain h where h.partnership_id = pid for update;
        end if;
        chain := pid;
      end if;
      last_seq := last_seq + 1;
      row := (pid, last_seq, coalesce((e->>'at')::timestamptz, clock_timestamp()),
        (e->>'userId')::uuid, (e->>'agencyId')::uuid, e->>'action', coalesce(e->>'outcome', 'ok'),
        e->>'objectType', e->>'objectId', (e->>'caseId')::uuid, e->>'ip', e->'detail', '');
      row.hash := encode(sha256(convert_to(last_hash || '|' || lantern_audit_text(row), 'UTF8')), 'hex');
      last_hash := row.hash;
      insert into audit_log select row.*;
    end loop;
    if chain is not null then
      update audit_chain h set last_seq = append.last_seq, last_hash = append.last_hash where h.partnership_id = chain;
    end if;
  end
  $$;

create function lantern_refuse_audit_change() returns trigger
  language plpgsql
  as $$ begin raise exception 'the audit log cannot be changed' using errcode = '42501'; end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function lantern_refuse_audit_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function lantern_refuse_audit_change();
create trigger audit_chain_no_delete before delete on audit_chain
  for each row execute function lantern_refuse_audit_change();

-- Row-level security: the application role sees one partnership at a time.
alter table partnerships enable row level security;
create policy partnership_scope on partnerships to lantern_app using (partnership_id = lantern_partnership());
alter table agencies enable row level security;
create policy partnership_scope on agencies to lantern_app using (partnership_id = lantern_partnership());
alter table users enable row level security;
create policy partnership_scope on users to lantern_app using (partnership_id = lantern_partnership());
alter table sessions enable row level security;
create policy partnership_scope on sessions to lantern_app using (partnership_id = lantern_partnership());
alter table api_tokens enable row level security;
create policy partnership_scope on api_tokens to lantern_app using (partnership_id = lantern_partnership());
alter table audit_log enable row level security;
create policy partnership_scope on audit_log to lantern_app using (partnership_id = lantern_partnership());
alter table audit_chain enable row level security;

-- Nothing is deleted by the application; the audit log is written only through lantern_audit_append.
grant select on partnerships to lantern_app;
grant select, insert, update on agencies, users, sessions, api_tokens to lantern_app;
grant select on audit_log to lantern_app;
revoke all on function lantern_audit_append(jsonb) from public;
grant execute on function lantern_audit_append(jsonb) to lantern_app;

-- Keys the service itself uses (the CSRF token HMAC key), made once per database so every copy of the
-- service behind a load balancer shares them. Not partnership data: no grants to the application role.
create table service_keys (
  name text primary key,
  value text not null
);
insert into service_keys values ('csrf', encode(sha256(convert_to(
  gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text || clock_timestamp()::text, 'UTF8')), 'hex'));
