-- Smart albums: a saved search (the query text with its filters, and the
-- sort) under a name. An album holds no members: what it shows and counts
-- is whatever the search finds now, so it follows new, rated and trashed
-- items by itself.
CREATE TABLE albums (
    -- AUTOINCREMENT: a deleted album's id is never handed to a new one,
    -- so undoing the deletion can bring it back under that id.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    query TEXT NOT NULL,
    sort TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
