-- A watched folder's count of missing files (the Folders view, at every
-- listing of the folders) read every file of the folder's table rows to
-- find the few missing ones: 0.29 s at 1,000,000 files. Missing files are
-- few, so this index is small, and a file recorded present costs it nothing.
CREATE INDEX resources_missing ON resources (watched_folder_id)
    WHERE availability = 'missing';
