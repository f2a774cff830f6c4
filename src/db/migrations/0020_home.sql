-- Home (issue 10): each practitioner's caseload, what changed since they last looked, recently viewed records,
-- referrals they raised, and the partnership's lists. Indexes only: no new table, so no new policy or grant.

-- "When did I last read this case?" and "what have I opened lately?" are answered from the audit log, which
-- already records every case and person read. One probe per case on the home page, newest first.
create index audit_log_user_case on audit_log (partnership_id, user_id, case_id, seq) where case_id is not null;

-- The newest entry on a case by anyone: the home page asks it of every case it lists.
create index chronology_case_recorded on chronology_events (partnership_id, case_id, recorded_at desc);

-- A team manager's cases are those led by their agency's practitioners.
create index cases_lead on cases (partnership_id, lead_user_id, opened_at desc);

-- Referrals a practitioner raised, newest first.
create index concerns_recorded_by on concerns (partnership_id, recorded_by_user_id, recorded_at desc);
