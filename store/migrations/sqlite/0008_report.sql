-- The 解读 report: the key that signs share links (one row per name, so
-- every server sharing the database signs and checks with the same key),
-- and the 解读 sessions a supervisor held with a family.
CREATE TABLE report_keys (
    name       TEXT PRIMARY KEY,
    secret     BLOB NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE interpretations (
    id            INTEGER PRIMARY KEY,
    student_id    INTEGER NOT NULL REFERENCES students (id),
    screening_id  INTEGER REFERENCES screenings (id),
    supervisor_id INTEGER NOT NULL REFERENCES users (id),
    held_on       TEXT NOT NULL,
    mode          TEXT NOT NULL CHECK (mode IN ('in_person', 'phone')),
    attendee      TEXT NOT NULL,
    notes         TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
);
CREATE INDEX interpretations_student ON interpretations (student_id, held_on);
CREATE INDEX interpretations_held ON interpretations (held_on);
