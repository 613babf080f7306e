-- A screening saves its engine's whole state (particles, 15–40 KB) at most
-- once every few answers (screening.CheckpointEvery) and otherwise only the
-- answers since it, a few bytes each, in answer_log; the engine takes them
-- again when it restores (screening.RestoreLog). NULL: none since the state.
ALTER TABLE screenings ADD COLUMN answer_log BLOB;
