-- The supervisors' live room board: raised hands, alerts and notes are
-- rows, so any server can draw the board from the database alone.
CREATE TABLE hands (
    id          INTEGER PRIMARY KEY,
    room_id     INTEGER NOT NULL REFERENCES rooms (id),
    student_id  INTEGER NOT NULL REFERENCES students (id),
    raised_at   INTEGER NOT NULL,
    answered_at INTEGER,
    answered_by INTEGER REFERENCES users (id)
);
-- One raised hand per student at a time: a second tap changes nothing.
CREATE UNIQUE INDEX hands_open ON hands (student_id) WHERE answered_at IS NULL;
CREATE INDEX hands_room ON hands (room_id, raised_at);

-- An alert is raised once per cause: ref names the cause (the first wrong
-- answer of a run, the finished screening, ...), so two servers deriving
-- the same alert insert one row.
CREATE TABLE board_alerts (
    id         INTEGER PRIMARY KEY,
    room_id    INTEGER NOT NULL REFERENCES rooms (id),
    student_id INTEGER NOT NULL REFERENCES students (id),
    kind       TEXT NOT NULL,
    ref        TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    acked_at   INTEGER,
    acked_by   INTEGER REFERENCES users (id),
    UNIQUE (student_id, kind, ref)
);
CREATE INDEX board_alerts_room ON board_alerts (room_id, created_at);

CREATE TABLE board_notes (
    id         INTEGER PRIMARY KEY,
    room_id    INTEGER NOT NULL REFERENCES rooms (id),
    student_id INTEGER NOT NULL REFERENCES students (id),
    author_id  INTEGER NOT NULL REFERENCES users (id),
    body       TEXT NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX board_notes_student ON board_notes (student_id, at);
-- The board finds who is active from recent answers.
CREATE INDEX attempts_at ON attempts (at);
