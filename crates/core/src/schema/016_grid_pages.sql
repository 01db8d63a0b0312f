-- Grid pages deep in a big library (issue 16). A page at an offset costs
-- SQLite a step over every row before it, so each built-in order gets an
-- index holding just what the grid shows, with everything the page's
-- sub-select reads (its key, the id, and companion_of for the "pairs as
-- one" condition): stepping over a row is then one index entry, never a
-- table row. store/tiles.rs reads pages in the second half from the other
-- end, so no page steps over more than half the library. At 1,000,000
-- items, benches/million.rs; what the three indexes cost a first walk is
-- in docs/BENCHMARKS.md ("Watched folder").
DROP INDEX IF EXISTS resources_date;
CREATE INDEX resources_shown_by_date ON resources (date_local, id, companion_of)
    WHERE trashed_at IS NULL;
CREATE INDEX resources_shown_by_size ON resources (size, id, companion_of)
    WHERE trashed_at IS NULL;
CREATE INDEX resources_shown_by_name ON resources (name COLLATE NOCASE, id, companion_of)
    WHERE trashed_at IS NULL;
