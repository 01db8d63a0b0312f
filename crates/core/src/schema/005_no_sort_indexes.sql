-- The name and size indexes from 004 made recording files much slower (a
-- first walk of 100,000 files: 0.9 s -> 1.9 s, benches/watch_walk.rs; the
-- name index alone 0.75 s), and every import and walk pays that. Without
-- them a page of the grid sorted by name or size sorts ids only
-- (store/tiles.rs): 7 ms for the first page of 100,000 resources, about
-- 90 ms for the last. The default sort (newest) is the rowid and needs none.
DROP INDEX IF EXISTS resources_name;
DROP INDEX IF EXISTS resources_size;
