-- The sweep at open (durable.rs) asks whether a copy in files/ is owned by
-- a resource; `mahres verify` and the import's pending lists ask it too.
CREATE INDEX resources_stored ON resources (stored_path) WHERE watched_folder_id IS NULL;
