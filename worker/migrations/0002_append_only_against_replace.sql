-- Append-only that holds against INSERT OR REPLACE, REPLACE INTO and `ON CONFLICT REPLACE`
-- (docs/security.md). SQLite's REPLACE resolves a conflict by deleting the old row without firing
-- DELETE triggers (recursive_triggers is off), so the no-delete triggers of 0001 never saw it.
-- A BEFORE INSERT trigger that refuses any row colliding with a stored one closes that door; an
-- upsert (`ON CONFLICT DO UPDATE`) already meets the no-update triggers. A plain INSERT of a new
-- row is untouched; a plain INSERT of a duplicate now fails here instead of on its UNIQUE index.

CREATE TRIGGER submissions_no_replace BEFORE INSERT ON submissions
WHEN EXISTS (
  SELECT 1 FROM submissions
  WHERE id = NEW.id OR seq = NEW.seq OR (branch = NEW.branch AND idempotency_key = NEW.idempotency_key)
)
BEGIN
  SELECT RAISE(ABORT, 'submissions are append-only');
END;

CREATE TRIGGER submission_details_no_replace BEFORE INSERT ON submission_details
WHEN EXISTS (SELECT 1 FROM submission_details WHERE submission_id = NEW.submission_id AND part = NEW.part)
BEGIN
  SELECT RAISE(ABORT, 'submissions are append-only');
END;
