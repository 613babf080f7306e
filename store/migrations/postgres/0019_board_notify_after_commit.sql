-- Answers and screenings no longer NOTIFY from inside their transaction:
-- a NOTIFY takes one lock for the whole database from its commit to the
-- end of the WAL flush, so every answer's commit waited for the one
-- before it (no group commit). The store sends the board's wake-up after
-- the commit instead, at most one per server every 50 ms (store/notify.go).
-- Hands, alerts and notes are rare and keep their triggers.
DROP TRIGGER attempts_board ON attempts;
DROP TRIGGER screenings_board ON screenings;
