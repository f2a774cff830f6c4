-- Each setting counts its changes, so a page or a system that read the policy can be told someone changed it
-- since (409 conflict) instead of overwriting their change. The policy's version is the sum over its settings:
-- every change adds one.
alter table partnership_policy add column version integer not null default 1 check (version > 0);
