-- Media handlers: the detail preview beside the grid thumbnail, the mirrored
-- perceptual hash (flipped copies), and a note when a file can get no
-- thumbnail for a reason the user can fix (ffmpeg missing).
ALTER TABLE resources ADD COLUMN preview TEXT;
ALTER TABLE resources ADD COLUMN perceptual_hash_mirror INTEGER;
ALTER TABLE resources ADD COLUMN media_note TEXT;
CREATE INDEX resources_perceptual ON resources (id) WHERE perceptual_hash IS NOT NULL;
