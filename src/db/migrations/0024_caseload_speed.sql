-- Issue 10's speed targets at the bench's scale (52,000 families, one case in 25 open): the home page of a team
-- manager over 2,000 open cases, and the case lists behind it. Indexes only: no new table, policy or grant.

-- "Is the actor on this case's team?" is asked of every case a list shows or counts. Probed by case from the
-- index alone (with the user and agency it names), never by reading every team row of the actor's agency.
create index case_team_current on case_team (partnership_id, case_id) include (user_id, agency_id)
  where removed_at is null;

-- Open cases, newest first, with their lead: a team manager's list walks it and stops at the first page, and
-- counts their team from the index alone. Most of a partnership's cases are closed; this holds the open ones.
create index cases_open on cases (partnership_id, opened_at desc, id desc) include (lead_user_id)
  where status = 'open';

-- What is due on each child a case list shows: their referrals still awaiting a decision.
create index referrals_child_awaiting on referrals (partnership_id, child_id, decision_due_at)
  where decision is null;
