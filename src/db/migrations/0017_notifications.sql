-- In-app notifications: what someone should know about their work (the front door decided their referral, a
-- stranger read their case by break-glass, they joined a case team, a concern came in on their case). Written by
-- notify() inside the transaction of the change that caused them, so a refused change tells nobody. The text is
-- short and never names a child (the reader may have lost access since); the link is a path in Lantern, opened
-- through need to know as always.
--
-- The same rows are the email outbox: when email is configured, a sender in the service claims rows not yet
-- emailed (emailed_at is null, email_next_at due) with `for update skip locked`, pushing email_next_at on as a
-- lease, so two copies of the service never both send one; a failure leaves the row for a later attempt.
create table notifications (
  partnership_id uuid not null references partnerships,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  kind text not null check (kind in ('referral.decided', 'case.breakGlass', 'case.addedToTeam', 'case.madeLead', 'case.concernRecorded')),
  text text not null check (length(text) between 1 and 500),
  -- A path in Lantern: never another site, whether as //host or as /\host, which browsers read alike.
  link text not null check (link ~ '^/([^/\\]|$)' and length(link) <= 500),
  created_at timestamptz not null,
  read_at timestamptz,
  emailed_at timestamptz,
  email_attempts integer not null default 0,
  email_next_at timestamptz not null,
  primary key (partnership_id, id),
  foreign key (partnership_id, user_id) references users (partnership_id, id)
);
-- The header's unread count on every page, and the list, newest first.
create index notifications_unread on notifications (partnership_id, user_id) where read_at is null;
create index notifications_of_user on notifications (partnership_id, user_id, created_at desc, id);
-- The email sender's queue, across partnerships.
create index notifications_to_email on notifications (email_next_at) where emailed_at is null;

alter table notifications enable row level security;
create policy partnership_scope on notifications to lantern_app using (partnership_id = lantern_partnership());
grant select, insert, update on notifications to lantern_app;
