-- The practice engine's own record of each point (practice.MarshalPoint),
-- kept with the point's mastery row: an answer rewrites the rows of the
-- points it moved and a small state head, not every point of the subject
-- (issue 8). NULL for rows written before; their states still carry the
-- points themselves.
ALTER TABLE mastery ADD COLUMN detail BLOB;
