-- RAW+JPEG pairs (issue 12): a camera's raw file and the JPEG or HEIC it
-- wrote beside it for the same shot are one item. The raw is the JPEG's
-- companion: `companion_of` names the item it belongs to, and the grid,
-- searches, the timeline and duplicates leave companions out while the
-- library's `raw_jpeg_pairs` setting is on. `pair_key` is the folder and
-- stem the pair shares ("/photos/2024/img_0420"), set only for raw files
-- and the JPEG/HEIC they pair with.
ALTER TABLE resources ADD COLUMN companion_of INTEGER REFERENCES resources(id) ON DELETE SET NULL;
ALTER TABLE resources ADD COLUMN pair_key TEXT;
CREATE INDEX resources_pair_key ON resources(pair_key) WHERE pair_key IS NOT NULL;
CREATE INDEX resources_companion_of ON resources(companion_of) WHERE companion_of IS NOT NULL;
