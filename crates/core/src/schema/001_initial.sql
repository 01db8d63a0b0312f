-- Resources: one row per file the library knows.
CREATE TABLE resources (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    name                TEXT    NOT NULL,
    original_name       TEXT    NOT NULL,
    -- Display form of the path the file was imported from; the exact OS bytes
    -- are kept beside it so names that are not UTF-8 survive a round trip.
    original_path       TEXT    NOT NULL,
    original_path_bytes BLOB    NOT NULL,
    -- Relative to the library root.
    stored_path         TEXT    NOT NULL,
    content_type        TEXT    NOT NULL,
    size                INTEGER NOT NULL,
    -- Bumped whenever the file's bytes change; handlers write their results
    -- only if it still equals the revision they read (no stale writes).
    content_rev         INTEGER NOT NULL DEFAULT 1,
    md5                 TEXT,
    perceptual_hash     INTEGER,
    width               INTEGER,
    height              INTEGER,
    thumbnail           TEXT,
    description         TEXT    NOT NULL DEFAULT '',
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX resources_md5 ON resources (md5) WHERE md5 IS NOT NULL;
CREATE INDEX resources_created ON resources (created_at);

CREATE TABLE tags (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    created_at INTEGER NOT NULL
);
CREATE TABLE resource_tags (
    resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    tag_id      INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (resource_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX resource_tags_tag ON resource_tags (tag_id);

CREATE TABLE groups (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE TABLE resource_groups (
    group_id    INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, resource_id)
) WITHOUT ROWID;
CREATE INDEX resource_groups_resource ON resource_groups (resource_id);

CREATE TABLE notes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    title      TEXT    NOT NULL,
    text       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE note_resources (
    note_id     INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    PRIMARY KEY (note_id, resource_id)
) WITHOUT ROWID;
CREATE INDEX note_resources_resource ON note_resources (resource_id);
CREATE TABLE note_groups (
    note_id  INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    PRIMARY KEY (note_id, group_id)
) WITHOUT ROWID;
CREATE INDEX note_groups_group ON note_groups (group_id);

-- The transactional outbox: written in the same transaction as the change
-- each event describes. Never deleted by the bus; it is the history.
CREATE TABLE events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind           TEXT    NOT NULL,
    -- 'resource:17', 'note:3': the ordering key for handlers.
    entity         TEXT    NOT NULL,
    correlation_id TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    payload        TEXT    NOT NULL,
    -- 0 until the bus has made this event's jobs.
    dispatched     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_undispatched ON events (id) WHERE dispatched = 0;
CREATE INDEX events_correlation ON events (correlation_id);
CREATE INDEX events_entity ON events (entity, id);

-- One job per (event, handler) that wants it. A finished job is deleted and
-- counted in handler_totals; a failed one waits in 'pending' with its error
-- until run_after, or rests in 'dead' until the user retries it.
CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        INTEGER NOT NULL REFERENCES events (id),
    handler         TEXT    NOT NULL,
    entity          TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    run_after       INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    last_error      TEXT,
    first_failed_at INTEGER,
    last_failed_at  INTEGER,
    UNIQUE (event_id, handler)
);
-- Claims walk pending jobs in id order and skip those not yet due.
CREATE INDEX jobs_ready ON jobs (handler, state, id);
CREATE INDEX jobs_entity ON jobs (entity, handler, id);

CREATE TABLE handler_totals (
    handler TEXT    PRIMARY KEY,
    done    INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
