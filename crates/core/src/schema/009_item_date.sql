-- An item's date, one definition (docs/ARCHITECTURE.md, "Dates"): when the
-- photo or video was taken if its metadata says so, else the file's own
-- modification time, else when it was added. Held as local wall-clock
-- milliseconds (the moment plus the UTC offset it was recorded in), so that
-- a photo taken at 23:30 in Tokyo belongs to that day in Tokyo, and the
-- grid's date sort, the `date:` filter and the timeline's days agree.

-- Written by the handler that declares the item-date fact (see facts/mod.rs):
-- the moment in UTC, and its offset in minutes when the file gave one (NULL:
-- a "floating" wall-clock time, stored as if it were UTC).
ALTER TABLE resources ADD COLUMN taken_at INTEGER;
ALTER TABLE resources ADD COLUMN taken_offset INTEGER;
-- The machine's UTC offset (minutes) when the resource was recorded: the
-- offset its file time and import time are read in.
ALTER TABLE resources ADD COLUMN local_offset INTEGER NOT NULL DEFAULT 0;
-- `mtime` (003) now holds the file's own modification time for copied files
-- too, not only for watched ones.
ALTER TABLE resources ADD COLUMN date_local INTEGER GENERATED ALWAYS AS (
    coalesce(
        taken_at + coalesce(taken_offset, 0) * 60000,
        mtime + local_offset * 60000,
        created_at + local_offset * 60000
    )
) VIRTUAL;
CREATE INDEX resources_date ON resources (date_local, id);

-- Handlers that must also run over what a library held before they
-- existed (a new metadata reader after an upgrade): the ones that have.
CREATE TABLE handler_backfills (
    handler TEXT PRIMARY KEY,
    queued_at INTEGER NOT NULL,
    resources INTEGER NOT NULL
) WITHOUT ROWID;

-- A library's own settings (not the window's): one row each, JSON values.
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
