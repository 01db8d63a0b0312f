-- XMP sidecars (issue 14): the `.xmp` beside a file that holds what
-- Lightroom, digiKam or darktable know of it. For an imported file its
-- copy sits beside the file's copy (`files/xx/ID.jpg.xmp`); for a watched
-- file it is the sidecar's absolute path, with its modification time (ms)
-- when last read, so a changed sidecar is read again.
ALTER TABLE resources ADD COLUMN sidecar_path TEXT;
ALTER TABLE resources ADD COLUMN sidecar_mtime INTEGER;
