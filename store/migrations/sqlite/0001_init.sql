-- zhixi schema, SQLite. Times are Unix nanoseconds (INTEGER), NULL for
-- "never"; booleans are 0/1.

CREATE TABLE streets (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE communities (
    id        INTEGER PRIMARY KEY,
    street_id INTEGER NOT NULL REFERENCES streets (id),
    name      TEXT NOT NULL,
    UNIQUE (street_id, name)
);

CREATE TABLE rooms (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id),
    name         TEXT NOT NULL,
    location     TEXT NOT NULL DEFAULT '',
    seats        INTEGER NOT NULL CHECK (seats > 0),
    UNIQUE (community_id, name)
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    community_id  INTEGER REFERENCES communities (id),
    street_id     INTEGER REFERENCES streets (id),
    password_hash TEXT NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);
CREATE INDEX users_role ON users (role, community_id);

-- Only the hash of the cookie token is stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    ip         TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE login_throttle (
    throttle_key TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    locked_until INTEGER NOT NULL DEFAULT 0
);

-- Least data: a name, a grade, a birth month ("2014-09"), consent.
CREATE TABLE students (
    id           INTEGER PRIMARY KEY,
    community_id INTEGER NOT NULL REFERENCES communities (id),
    user_id      INTEGER UNIQUE REFERENCES users (id),
    name         TEXT NOT NULL,
    grade        INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 12),
    birth_month  TEXT NOT NULL,
    consent_at   INTEGER,
    consent_by   INTEGER REFERENCES users (id),
    created_at   INTEGER NOT NULL
);
CREATE INDEX students_community ON students (community_id);

CREATE TABLE guardians (
    student_id  INTEGER NOT NULL REFERENCES students (id),
    guardian_id INTEGER NOT NULL REFERENCES users (id),
    relation    TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (student_id, guardian_id)
);
CREATE INDEX guardians_guardian ON guardians (guardian_id);

-- Append-only: the triggers below refuse every UPDATE and DELETE.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor_id   INTEGER NOT NULL DEFAULT 0,
    actor_role TEXT NOT NULL DEFAULT '',
    action     TEXT NOT NULL,
    object     TEXT NOT NULL DEFAULT '',
    object_id  INTEGER NOT NULL DEFAULT 0,
    student_id INTEGER NOT NULL DEFAULT 0,
    detail     TEXT NOT NULL DEFAULT '',
    ip         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_student ON audit_log (student_id, at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Content. Chapters and knowledge points are replaced in place; items are
-- versioned (item_versions keeps every version, items points at the
-- current one) so attempts stay attributable.
CREATE TABLE subjects (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL DEFAULT '',
    imported_at INTEGER NOT NULL
);

CREATE TABLE chapters (
    subject_id TEXT NOT NULL REFERENCES subjects (id),
    id         TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    hash       TEXT NOT NULL,
    body       TEXT NOT NULL,
    PRIMARY KEY (subject_id, id)
);

CREATE TABLE knowledge_points (
    subject_id TEXT NOT NULL REFERENCES subjects (id),
    id         TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    hash       TEXT NOT NULL,
    body       TEXT NOT NULL,
    PRIMARY KEY (subject_id, id)
);

CREATE TABLE items (
    id              TEXT PRIMARY KEY,
    subject_id      TEXT NOT NULL REFERENCES subjects (id),
    seq             INTEGER NOT NULL,
    current_version INTEGER NOT NULL,
    -- retired items were dropped from the subject; their versions stay.
    retired         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX items_subject ON items (subject_id, seq);

CREATE TABLE item_versions (
    item_id    TEXT NOT NULL REFERENCES items (id),
    version    INTEGER NOT NULL,
    hash       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (item_id, version)
);

CREATE TABLE attempts (
    id               INTEGER PRIMARY KEY,
    student_id       INTEGER NOT NULL REFERENCES students (id),
    item_id          TEXT NOT NULL,
    item_version     INTEGER NOT NULL,
    knowledge_points TEXT NOT NULL,
    response         TEXT NOT NULL DEFAULT '',
    correct          INTEGER NOT NULL,
    skipped          INTEGER NOT NULL,
    source           TEXT NOT NULL DEFAULT '',
    session_id       INTEGER NOT NULL DEFAULT 0,
    at               INTEGER NOT NULL,
    FOREIGN KEY (item_id, item_version) REFERENCES item_versions (item_id, version)
);
CREATE INDEX attempts_student ON attempts (student_id, at, id);

CREATE TABLE screenings (
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL REFERENCES students (id),
    subject     TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('active', 'finished', 'abandoned')),
    state       BLOB,
    version     INTEGER NOT NULL,
    started_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX screenings_student ON screenings (student_id, started_at);

CREATE TABLE models (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    params   BLOB NOT NULL,
    saved_at INTEGER NOT NULL
);
CREATE INDEX models_name ON models (name, saved_at);
