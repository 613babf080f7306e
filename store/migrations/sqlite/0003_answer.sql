-- The answer path (issue 8) and the free-screening entitlement (issue 10).

-- A client-generated id per answer: a retried request finds the answer it
-- already made instead of recording a second one. result keeps what the
-- engine said (practice's step) to return it again.
ALTER TABLE attempts ADD COLUMN answer_id TEXT NOT NULL DEFAULT '';
ALTER TABLE attempts ADD COLUMN result BLOB;
CREATE UNIQUE INDEX attempts_answer ON attempts (student_id, answer_id) WHERE answer_id <> '';

-- One free screening per student and entitlement (the subject, or one key
-- for all subjects): a session that is not abandoned holds it. Sessions
-- that simultaneous starts created before this index are abandoned,
-- keeping a finished one, else the oldest.
ALTER TABLE screenings ADD COLUMN entitlement TEXT;
UPDATE screenings SET status = 'abandoned'
WHERE status <> 'abandoned' AND EXISTS (
    SELECT 1 FROM screenings o
    WHERE o.student_id = screenings.student_id AND o.subject = screenings.subject AND o.status <> 'abandoned'
      AND o.id <> screenings.id
      AND ((o.status = 'finished' AND screenings.status = 'active') OR (o.status = screenings.status AND o.id < screenings.id)));
UPDATE screenings SET entitlement = subject;
CREATE UNIQUE INDEX screenings_entitlement ON screenings (student_id, entitlement) WHERE status <> 'abandoned';

-- Per-point practice standing, one row per student, subject and point,
-- written with every answer: what the room board and reports read.
CREATE TABLE mastery (
    student_id INTEGER NOT NULL REFERENCES students (id),
    subject    TEXT NOT NULL,
    point      TEXT NOT NULL,
    p_known    REAL NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('learning', 'mastered')),
    answers    INTEGER NOT NULL DEFAULT 0,
    correct    INTEGER NOT NULL DEFAULT 0,
    review_due INTEGER,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (student_id, subject, point)
);

-- What the practice engine asks a supervisor to look at: code names the
-- event (its Chinese lives in the message catalogue), the other columns
-- are its arguments.
CREATE TABLE attention_events (
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES students (id),
    subject      TEXT NOT NULL,
    code         TEXT NOT NULL,
    point        TEXT NOT NULL,
    prerequisite TEXT NOT NULL DEFAULT '',
    wrong        INTEGER NOT NULL DEFAULT 0,
    recent       INTEGER NOT NULL DEFAULT 0,
    attempt_id   INTEGER NOT NULL DEFAULT 0,
    at           INTEGER NOT NULL
);
CREATE INDEX attention_events_at ON attention_events (at);
CREATE INDEX attention_events_student ON attention_events (student_id, at);
