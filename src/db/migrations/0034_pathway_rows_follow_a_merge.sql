-- A merge of two people's records moves the pathway rows that name the merged one to the record kept (and an
-- undone merge moves exactly those back): the strategy discussions' children and actions, the investigations'
-- children and suspects. Only the person column may change.
grant update (child_id) on strategy_discussion_children to lantern_app;
grant update (child_id) on strategy_actions to lantern_app;
grant update (child_id) on investigation_children to lantern_app;
grant update (person_id) on investigation_suspects to lantern_app;
