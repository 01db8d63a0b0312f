-- A new file in a watched folder is matched by size against files that may
-- have moved to it (from another part of the folder, or another folder).
-- Without this, each pass that finds a new file read every resource.
CREATE INDEX resources_watched_size ON resources (size) WHERE watched_folder_id IS NOT NULL;
