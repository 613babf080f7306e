-- Data rights: a guardian asks for a child's data to be erased, staff
-- confirm. At most one open request per child.
CREATE TABLE deletion_requests (
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES students (id),
    requested_by INTEGER NOT NULL,
    requested_at INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('requested', 'done')),
    confirmed_by INTEGER,
    confirmed_at INTEGER
);
CREATE UNIQUE INDEX deletion_requests_open ON deletion_requests (student_id) WHERE status = 'requested';

-- An erased student stays as a pseudonymous shell (community, grade,
-- screenings) so the community's counts keep it.
ALTER TABLE students ADD COLUMN erased_at INTEGER;
