-- 现场打分 — judged competitions (docs/api.md "Events and judges", docs/rubric.md "Activities").

-- An event of a campaign: a competition held on `date` for a month, quarter or year (`period`).
-- `trim`: scores dropped at each end; NULL is the default rule (1 from 5 judges, else 0). Closing
-- freezes and publishes it; reopening undoes that (both in the audit log). Only closed events count
-- in a branch's score.
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  campaign TEXT NOT NULL REFERENCES campaigns (id),
  name TEXT NOT NULL,
  period TEXT NOT NULL,
  date TEXT NOT NULL,
  trim INTEGER CHECK (trim IS NULL OR trim >= 0),
  closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
  closed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX events_by_campaign ON events (campaign, closed, date);

-- The branches taking part in an event, fixed when it is created.
CREATE TABLE event_branches (
  event_id INTEGER NOT NULL REFERENCES events (id),
  branch TEXT NOT NULL REFERENCES branches (code),
  PRIMARY KEY (event_id, branch)
) WITHOUT ROWID;

-- A judge scores one event only; the token is stored only as its SHA-256 hex.
CREATE TABLE judges (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id INTEGER NOT NULL REFERENCES events (id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at TEXT NOT NULL
);
CREATE INDEX judges_by_event ON judges (event_id, id);

-- Every score a judge sent, append-only: the judge's latest for a branch (highest seq) counts.
CREATE TABLE event_scores (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id INTEGER NOT NULL REFERENCES events (id),
  judge_id INTEGER NOT NULL REFERENCES judges (id),
  branch TEXT NOT NULL REFERENCES branches (code),
  score REAL NOT NULL CHECK (score >= 0 AND score <= 100),
  note TEXT,
  at TEXT NOT NULL
);
CREATE INDEX event_scores_latest ON event_scores (event_id, branch, judge_id, seq);

-- Append-only against UPDATE, DELETE and INSERT OR REPLACE, as submissions are (0002).
CREATE TRIGGER event_scores_no_update BEFORE UPDATE ON event_scores
BEGIN
  SELECT RAISE(ABORT, 'event scores are append-only');
END;
CREATE TRIGGER event_scores_no_delete BEFORE DELETE ON event_scores
BEGIN
  SELECT RAISE(ABORT, 'event scores are append-only');
END;
CREATE TRIGGER event_scores_no_replace BEFORE INSERT ON event_scores
WHEN EXISTS (SELECT 1 FROM event_scores WHERE seq = NEW.seq)
BEGIN
  SELECT RAISE(ABORT, 'event scores are append-only');
END;
