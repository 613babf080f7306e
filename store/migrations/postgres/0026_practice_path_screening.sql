-- The finished screening whose learning path practice follows: a newer
-- finished screening of the subject re-marks the path (learn.startPractice).
ALTER TABLE practice_states ADD COLUMN path_screening BIGINT NOT NULL DEFAULT 0;
