-- The practice engine's seen items (the last answer to each written item,
-- for its no-repeat rule), one row per item, kept apart from the state as
-- its points are (0020): in the state they made it grow by an item id with
-- every new item, and every answer rewrote them all.
CREATE TABLE practice_seen (
    student_id INTEGER NOT NULL REFERENCES students (id),
    subject    TEXT NOT NULL,
    item_id    TEXT NOT NULL,
    n          INTEGER NOT NULL,
    at         INTEGER NOT NULL,
    PRIMARY KEY (student_id, subject, item_id)
);
