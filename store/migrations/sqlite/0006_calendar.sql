-- Opening hours and the centre's calendar. A room without a settings row
-- uses the defaults in code (calendar.DefaultSettings); custom_hours = 0
-- means the default weekly template, else the room_hours rows.
CREATE TABLE room_settings (
    room_id         INTEGER PRIMARY KEY REFERENCES rooms (id),
    walkin_seats    INTEGER NOT NULL CHECK (walkin_seats >= 0),
    cancel_minutes  INTEGER NOT NULL CHECK (cancel_minutes >= 0),
    latest_minute   INTEGER NOT NULL CHECK (latest_minute BETWEEN 0 AND 1440),
    holiday_weekday INTEGER NOT NULL CHECK (holiday_weekday BETWEEN -1 AND 6),
    makeup_weekday  INTEGER NOT NULL CHECK (makeup_weekday BETWEEN -1 AND 6),
    open_study      INTEGER NOT NULL DEFAULT 0,
    custom_hours    INTEGER NOT NULL DEFAULT 0,
    updated_by      INTEGER REFERENCES users (id),
    updated_at      INTEGER NOT NULL
);

-- The weekly template: minutes after local (Beijing) midnight.
CREATE TABLE room_hours (
    room_id   INTEGER NOT NULL REFERENCES rooms (id),
    weekday   INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    start_min INTEGER NOT NULL,
    end_min   INTEGER NOT NULL,
    CHECK (start_min >= 0 AND start_min < end_min AND end_min <= 1440),
    PRIMARY KEY (room_id, weekday, start_min)
);

-- Years of statutory holidays and make-up working days entered or
-- imported by staff; a year here replaces the file shipped for it.
CREATE TABLE holiday_years (
    year       INTEGER PRIMARY KEY,
    notice     TEXT NOT NULL,
    entered_by INTEGER REFERENCES users (id),
    entered_at INTEGER NOT NULL
);

CREATE TABLE holidays (
    day  TEXT PRIMARY KEY, -- 2026-10-01, Beijing date
    year INTEGER NOT NULL REFERENCES holiday_years (year),
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name TEXT NOT NULL
);
CREATE INDEX holidays_year ON holidays (year);

-- One-off closures of a room, with the reason shown to families.
CREATE TABLE closures (
    id           INTEGER PRIMARY KEY,
    room_id      INTEGER NOT NULL REFERENCES rooms (id),
    starts_at    INTEGER NOT NULL,
    ends_at      INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    cancelled_at INTEGER,
    CHECK (starts_at < ends_at)
);
CREATE INDEX closures_room ON closures (room_id, starts_at);

-- The party-mass service centre's other uses of the space. Uses of one
-- room never overlap: the store checks inside the inserting transaction.
CREATE TABLE space_uses (
    id              INTEGER PRIMARY KEY,
    room_id         INTEGER NOT NULL REFERENCES rooms (id),
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    organiser       TEXT NOT NULL,
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL,
    expected_people INTEGER NOT NULL CHECK (expected_people >= 0),
    created_by      INTEGER NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    cancelled_at    INTEGER,
    CHECK (starts_at < ends_at)
);
CREATE INDEX space_uses_room ON space_uses (room_id, starts_at);
