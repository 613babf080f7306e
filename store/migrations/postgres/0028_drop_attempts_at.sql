-- Every query that reads attempts by time names its students too (the
-- board's, retention's), and attempts_student (student_id, at, id) serves
-- them; attempts_at only cost each answer an index insert.
DROP INDEX attempts_at;
