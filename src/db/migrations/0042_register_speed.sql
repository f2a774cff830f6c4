-- The register (issue 14) reads the open SG-08 and SG-09 tasks about the people on one page: the person is the
-- last part of the task's key (`SG-0n:<childId>:<personId>`), so the index holds that part, for open tasks only.
create index tasks_about_person on tasks (partnership_id, (split_part(key, ':', 3)))
  where status = 'open' and safeguard in ('SG-08', 'SG-09');
