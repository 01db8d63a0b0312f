-- The grid pages through the whole library sorted by name or size.
CREATE INDEX resources_name ON resources (name COLLATE NOCASE, id);
CREATE INDEX resources_size ON resources (size, id);
