-- What each person's action was called, by correlation id, kept for the
-- history of an item (audit.rs) after the undo history (`actions`) has
-- forgotten the action: undo keeps only the last 1000 and a new action
-- drops the undone ones. Undo and redo are written here too ("Undid …").
CREATE TABLE action_log (
    correlation_id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    at INTEGER NOT NULL
);
INSERT OR IGNORE INTO action_log (correlation_id, label, at)
    SELECT correlation_id, label, at FROM actions;
