-- The admin item page counts an item's responses (a wrong key shows as a
-- popular response judged wrong): by item, not by student.
CREATE INDEX attempts_item ON attempts (item_id);
