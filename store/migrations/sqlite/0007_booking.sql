-- Bookings, attendance, supervisor presence and 公益名额.

-- A seat in a slot (one opening period). Waiting bookings are promoted in
-- id order when a seat frees. One live booking per child and slot.
CREATE TABLE bookings (
    id           INTEGER PRIMARY KEY,
    room_id      INTEGER NOT NULL REFERENCES rooms (id),
    student_id   INTEGER NOT NULL REFERENCES students (id),
    kind         TEXT NOT NULL CHECK (kind IN ('screening', 'study')),
    slot_start   INTEGER NOT NULL,
    slot_end     INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('booked', 'waiting', 'cancelled', 'no_show', 'attended')),
    free_place   INTEGER NOT NULL DEFAULT 0, -- booked on a 公益名额
    created_by   INTEGER NOT NULL REFERENCES users (id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    promoted_at  INTEGER,
    CHECK (slot_start < slot_end)
);
CREATE INDEX bookings_slot ON bookings (room_id, slot_start, status);
CREATE INDEX bookings_student ON bookings (student_id, slot_start);
CREATE UNIQUE INDEX bookings_live ON bookings (student_id, slot_start) WHERE status IN ('booked', 'waiting');

-- Attendance: what the supervisors' board and the ledger read.
CREATE TABLE attendance (
    id                    INTEGER PRIMARY KEY,
    room_id               INTEGER NOT NULL REFERENCES rooms (id),
    student_id            INTEGER NOT NULL REFERENCES students (id),
    booking_id            INTEGER REFERENCES bookings (id),
    walk_in               INTEGER NOT NULL DEFAULT 0,
    checked_in_at         INTEGER NOT NULL,
    checked_out_at        INTEGER,
    minutes               INTEGER,
    flagged_auto_checkout INTEGER NOT NULL DEFAULT 0,
    checked_in_by         INTEGER NOT NULL REFERENCES users (id),
    checked_out_by        INTEGER REFERENCES users (id)
);
CREATE UNIQUE INDEX attendance_open ON attendance (student_id) WHERE checked_out_at IS NULL;
CREATE INDEX attendance_room ON attendance (room_id, checked_in_at);

-- Supervisors' presence in a room (督学到岗), for the ledger's hours.
CREATE TABLE supervisor_presence (
    id         INTEGER PRIMARY KEY,
    room_id    INTEGER NOT NULL REFERENCES rooms (id),
    user_id    INTEGER NOT NULL REFERENCES users (id),
    started_at INTEGER NOT NULL,
    ended_at   INTEGER,
    flagged    INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX supervisor_presence_open ON supervisor_presence (user_id) WHERE ended_at IS NULL;
CREATE INDEX supervisor_presence_room ON supervisor_presence (room_id, started_at);

-- 公益名额: places a year per community (a missing row means the default),
-- and the applications. Never an image of a certificate: its type and the
-- year it is valid for only.
CREATE TABLE quota_places (
    community_id INTEGER NOT NULL REFERENCES communities (id),
    year         INTEGER NOT NULL,
    places       INTEGER NOT NULL CHECK (places >= 0),
    PRIMARY KEY (community_id, year)
);

CREATE TABLE quota_applications (
    id               INTEGER PRIMARY KEY,
    community_id     INTEGER NOT NULL REFERENCES communities (id),
    student_id       INTEGER NOT NULL REFERENCES students (id),
    year             INTEGER NOT NULL,
    category         TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('applied', 'verified', 'approved', 'waiting', 'rejected', 'released')),
    note             TEXT NOT NULL DEFAULT '',
    applied_by       INTEGER NOT NULL REFERENCES users (id),
    applied_at       INTEGER NOT NULL,
    certificate_type TEXT NOT NULL DEFAULT '',
    certificate_year INTEGER NOT NULL DEFAULT 0,
    verified_by      INTEGER REFERENCES users (id),
    verified_at      INTEGER,
    decided_by       INTEGER REFERENCES users (id),
    decided_at       INTEGER,
    reason           TEXT NOT NULL DEFAULT '',
    queued_at        INTEGER
);
CREATE UNIQUE INDEX quota_live ON quota_applications (student_id, year) WHERE status NOT IN ('rejected', 'released');
CREATE INDEX quota_community ON quota_applications (community_id, year, status);
