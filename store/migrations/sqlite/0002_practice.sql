-- Adaptive practice: one engine state per student and subject, guarded by
-- a version like screenings.
CREATE TABLE practice_states (
    student_id INTEGER NOT NULL REFERENCES students (id),
    subject    TEXT NOT NULL,
    state      BLOB NOT NULL,
    version    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (student_id, subject)
);

-- Leases let one of several servers run a periodic job (the nightly model
-- fit) while the others skip it.
CREATE TABLE job_leases (
    name   TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  INTEGER NOT NULL
);
