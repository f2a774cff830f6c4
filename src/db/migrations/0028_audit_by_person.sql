-- The auditor's view of one person (issue 11): every row whose object is the person or one of their records,
-- that names them as the child, or whose search found them, newest first. Each of these lets that filter's
-- branches use an index (combined by a bitmap OR) instead of walking the partnership's log backwards.
create index audit_log_object on audit_log (partnership_id, object_id, seq) where object_id is not null;
create index audit_log_child on audit_log (partnership_id, (detail ->> 'childId'), seq)
  where detail ->> 'childId' is not null;
create index audit_log_search_results on audit_log using gin ((detail -> 'resultIds'));
