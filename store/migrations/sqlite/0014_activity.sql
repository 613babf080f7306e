-- Minors' theme activities (未成年人主题活动) and the public-welfare
-- materials ledger (公益物料).
CREATE TABLE activities (
    id           INTEGER PRIMARY KEY,
    room_id      INTEGER NOT NULL REFERENCES rooms (id),
    title        TEXT NOT NULL,
    starts_at    INTEGER NOT NULL,
    ends_at      INTEGER NOT NULL,
    min_age      INTEGER NOT NULL,
    max_age      INTEGER NOT NULL,
    capacity     INTEGER NOT NULL CHECK (capacity > 0),
    summary      TEXT NOT NULL DEFAULT '',
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    CHECK (starts_at < ends_at),
    CHECK (min_age >= 0 AND min_age <= max_age)
);
CREATE INDEX activities_room ON activities (room_id, starts_at);

CREATE TABLE activity_registrations (
    id            INTEGER PRIMARY KEY,
    activity_id   INTEGER NOT NULL REFERENCES activities (id),
    student_id    INTEGER NOT NULL REFERENCES students (id),
    status        TEXT NOT NULL CHECK (status IN ('registered', 'waiting', 'cancelled')),
    attended      INTEGER NOT NULL DEFAULT 0,
    registered_by INTEGER NOT NULL REFERENCES users (id),
    registered_at INTEGER NOT NULL,
    UNIQUE (activity_id, student_id)
);

-- Stock on hand never goes negative: the CHECK refuses the update.
CREATE TABLE materials (
    id      INTEGER PRIMARY KEY,
    room_id INTEGER NOT NULL REFERENCES rooms (id),
    name    TEXT NOT NULL,
    unit    TEXT NOT NULL,
    stock   INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
    UNIQUE (room_id, name)
);

-- Every movement, attributed to a person and a time; delta > 0 received,
-- < 0 given out (to an activity or as a count).
CREATE TABLE material_moves (
    id          INTEGER PRIMARY KEY,
    material_id INTEGER NOT NULL REFERENCES materials (id),
    delta       INTEGER NOT NULL CHECK (delta <> 0),
    activity_id INTEGER REFERENCES activities (id),
    note        TEXT NOT NULL DEFAULT '',
    moved_by    INTEGER NOT NULL REFERENCES users (id),
    moved_at    INTEGER NOT NULL
);
CREATE INDEX material_moves_material ON material_moves (material_id, moved_at);
