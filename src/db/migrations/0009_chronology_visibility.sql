-- The chronology stays append-only: what an entry says, when and by whom can never change. Who may read it
-- can: a practitioner on the team restricts an entry or seals it for named users (recorded on the chronology
-- and in the audit log), so the application role may update those two columns and no others.
grant update (visibility, sealed_for) on chronology_events to lantern_app;
