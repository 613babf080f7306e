-- Adaptive practice: one engine state per student and subject, guarded by
-- a version like screenings.
CREATE TABLE practice_states (
    student_id BIGINT NOT NULL REFERENCES students (id),
    subject    TEXT NOT NULL,
    state      BYTEA NOT NULL,
    version    BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (student_id, subject)
);

-- Leases let one of several servers run a periodic job (the nightly model
-- fit) while the others skip it.
CREATE TABLE job_leases (
    name   TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    until  BIGINT NOT NULL
);
