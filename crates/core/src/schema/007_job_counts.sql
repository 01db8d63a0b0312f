-- The status snapshot counts outstanding jobs several times a second. Counts
-- by (handler, state) come from jobs_ready alone (an index-only scan); the
-- jobs waiting to be retried are told apart through this small index instead
-- of reading every row (300,000 jobs: 210 ms -> 20 ms).
CREATE INDEX jobs_failing ON jobs (handler) WHERE state = 'pending' AND last_error IS NOT NULL;
