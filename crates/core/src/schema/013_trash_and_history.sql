-- The Trash: a trashed resource keeps its row, file, thumbnails, tags,
-- groups, notes and facts; only `trashed_at` (UTC ms) says it is in the
-- Trash. Listings, searches and duplicates leave such rows out; Restore
-- clears the column, Empty Trash deletes the rows for good.
ALTER TABLE resources ADD COLUMN trashed_at INTEGER;
CREATE INDEX resources_trashed ON resources (trashed_at) WHERE trashed_at IS NOT NULL;

-- The undo history: one row per action a person took (a rename, a rating
-- of a selection, a merge), written in the transaction of the action with
-- the exact changes it made, so it can be reversed and done again
-- (history.rs). The action's events carry its correlation id.
-- `state` is 'done' (undo takes the newest) or 'undone' (redo takes the
-- oldest); a new action drops every undone one, as in any editor.
CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    correlation_id TEXT NOT NULL,
    label TEXT NOT NULL,
    at INTEGER NOT NULL,
    changes TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('done', 'undone'))
);
CREATE INDEX actions_state ON actions (state, id);
