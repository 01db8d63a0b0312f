-- Watched folders: files indexed where they are, not copied.
CREATE TABLE watched_folders (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    path               TEXT    NOT NULL UNIQUE,
    -- JSON arrays of glob patterns; an empty include list takes everything.
    include            TEXT    NOT NULL DEFAULT '[]',
    exclude            TEXT    NOT NULL DEFAULT '[]',
    -- 0 while the folder itself is gone (an unplugged drive).
    online             INTEGER NOT NULL DEFAULT 1,
    added_at           INTEGER NOT NULL,
    last_reconciled_at INTEGER
);
-- For a watched file, stored_path is its absolute path and mtime its
-- modification time (ms) when last seen; availability says whether it is
-- there ('present'), gone ('missing'), or on a folder that is offline.
ALTER TABLE resources ADD COLUMN watched_folder_id INTEGER REFERENCES watched_folders (id) ON DELETE CASCADE;
ALTER TABLE resources ADD COLUMN mtime INTEGER;
ALTER TABLE resources ADD COLUMN availability TEXT NOT NULL DEFAULT 'present';
-- One resource per watched path.
CREATE UNIQUE INDEX resources_watched ON resources (stored_path) WHERE watched_folder_id IS NOT NULL;
CREATE INDEX resources_by_folder ON resources (watched_folder_id) WHERE watched_folder_id IS NOT NULL;
