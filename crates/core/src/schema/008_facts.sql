-- Facts handlers find about a resource (date taken, camera, duration, ...),
-- declared by the handlers themselves (see facts/mod.rs): one row a fact,
-- the typed value as tagged JSON, and for ordered kinds the number it sorts
-- by. A handler's facts are replaced as a set each time it writes them, and
-- dropped when the file's bytes change (a new content revision).
CREATE TABLE resource_facts (
    resource_id INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    source TEXT NOT NULL,
    value TEXT NOT NULL,
    sort_key ANY,
    PRIMARY KEY (resource_id, key)
) WITHOUT ROWID;

-- The grid sorted by a fact walks this index (key, then value) instead of
-- sorting every resource.
CREATE INDEX resource_facts_sorted ON resource_facts (key, sort_key);
