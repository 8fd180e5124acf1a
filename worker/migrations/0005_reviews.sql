-- Verification (逐项逐条核实验收) and honest timing (docs/api.md "Reviews", "Period and as-of";
-- docs/roles.md "reviewer").

-- Campaign settings. Campaigns that exist before this migration keep the behaviour they were run
-- with: claims taken at their word, the workbook's own 亮晒比评 numbers, every month open. New
-- campaigns get `reviewed`, `judged` and a 5-day window from the API (routes/admin.ts), not from
-- these column defaults.
ALTER TABLE campaigns ADD COLUMN acceptance TEXT NOT NULL DEFAULT 'self'
  CHECK (acceptance IN ('reviewed', 'self'));
ALTER TABLE campaigns ADD COLUMN activities TEXT NOT NULL DEFAULT 'self'
  CHECK (activities IN ('judged', 'self'));
ALTER TABLE campaigns ADD COLUMN timezone TEXT NOT NULL DEFAULT 'Asia/Shanghai';
-- NULL: every month stays open (a historical campaign).
ALTER TABLE campaigns ADD COLUMN window_days INTEGER
  CHECK (window_days IS NULL OR (window_days >= 0 AND window_days <= 366));

-- The date the client said it judged its list as of: kept for the record, never used. `as_of` is
-- the server's own from now on (min(today in the campaign's timezone, the month's last day)).
ALTER TABLE submissions ADD COLUMN client_as_of TEXT;

-- The campaign office's inspectors, per campaign; the token is stored only as its SHA-256.
CREATE TABLE reviewers (
  id TEXT PRIMARY KEY,
  campaign TEXT NOT NULL REFERENCES campaigns (id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX reviewers_by_campaign ON reviewers (campaign, created_at);

-- Sessions of a role with its own token (reviewers; judges later): whose session it is. A viewer
-- session has neither. Disabling the reviewer deletes these rows, and the lookup checks the
-- reviewer is still enabled.
ALTER TABLE sessions ADD COLUMN role TEXT;
ALTER TABLE sessions ADD COLUMN subject TEXT;
CREATE INDEX sessions_by_subject ON sessions (role, subject);

-- Each claim (a done or accepted project) of a submission with what a review binds to — its key
-- and content hash — the fields a reviewer looks at, and its points as claimed and in each
-- verified state, so a review moves the score in SQL without unpacking the list.
CREATE TABLE submission_claims (
  submission_id TEXT NOT NULL REFERENCES submissions (id),
  ord INTEGER NOT NULL,
  campaign TEXT NOT NULL,
  branch TEXT NOT NULL,
  project_key TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  category TEXT CHECK (category IS NULL OR category IN ('model', 'service', 'vanguard')),
  name TEXT NOT NULL,
  target TEXT NOT NULL,
  owner TEXT NOT NULL,
  deadline TEXT NOT NULL,
  status TEXT NOT NULL,
  progress REAL,
  evidence TEXT NOT NULL,
  sheet TEXT NOT NULL,
  cell TEXT,
  points_self REAL NOT NULL,
  points_accepted REAL NOT NULL,
  points_pending REAL NOT NULL,
  points_returned REAL NOT NULL,
  PRIMARY KEY (submission_id, ord)
) WITHOUT ROWID;

-- Reviews, append-only: the latest one whose content hash is the project's current one decides.
CREATE TABLE reviews (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  campaign TEXT NOT NULL REFERENCES campaigns (id),
  branch TEXT NOT NULL REFERENCES branches (code),
  period TEXT NOT NULL,
  project_key TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('accept', 'return')),
  reason TEXT NOT NULL DEFAULT '',
  reviewer TEXT NOT NULL REFERENCES reviewers (id),
  reviewer_name TEXT NOT NULL,
  at TEXT NOT NULL,
  submission_id TEXT NOT NULL REFERENCES submissions (id)
);
-- The review in force for a claim: latest by seq among those of its key and hash.
CREATE INDEX reviews_in_force ON reviews (campaign, branch, project_key, content_hash, seq);
CREATE INDEX reviews_by_campaign ON reviews (campaign, seq);

-- A month reopened for one branch by the office, until a date (inclusive); the latest row wins.
CREATE TABLE reopenings (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  campaign TEXT NOT NULL REFERENCES campaigns (id),
  branch TEXT NOT NULL REFERENCES branches (code),
  period TEXT NOT NULL,
  until TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX reopenings_by_branch ON reopenings (branch, period, seq);

-- Append-only against UPDATE, DELETE and REPLACE, as 0001/0002 hold submissions.
CREATE TRIGGER submission_claims_no_update BEFORE UPDATE ON submission_claims
BEGIN
  SELECT RAISE(ABORT, 'submissions are append-only');
END;
CREATE TRIGGER submission_claims_no_delete BEFORE DELETE ON submission_claims
BEGIN
  SELECT RAISE(ABORT, 'submissions are append-only');
END;
CREATE TRIGGER submission_claims_no_replace BEFORE INSERT ON submission_claims
WHEN EXISTS (SELECT 1 FROM submission_claims WHERE submission_id = NEW.submission_id AND ord = NEW.ord)
BEGIN
  SELECT RAISE(ABORT, 'submissions are append-only');
END;

CREATE TRIGGER reviews_no_update BEFORE UPDATE ON reviews
BEGIN
  SELECT RAISE(ABORT, 'reviews are append-only');
END;
CREATE TRIGGER reviews_no_delete BEFORE DELETE ON reviews
BEGIN
  SELECT RAISE(ABORT, 'reviews are append-only');
END;
CREATE TRIGGER reviews_no_replace BEFORE INSERT ON reviews
WHEN EXISTS (SELECT 1 FROM reviews WHERE seq = NEW.seq OR id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'reviews are append-only');
END;

CREATE TRIGGER reopenings_no_update BEFORE UPDATE ON reopenings
BEGIN
  SELECT RAISE(ABORT, 'reopenings are append-only');
END;
CREATE TRIGGER reopenings_no_delete BEFORE DELETE ON reopenings
BEGIN
  SELECT RAISE(ABORT, 'reopenings are append-only');
END;
CREATE TRIGGER reopenings_no_replace BEFORE INSERT ON reopenings
WHEN EXISTS (SELECT 1 FROM reopenings WHERE seq = NEW.seq)
BEGIN
  SELECT RAISE(ABORT, 'reopenings are append-only');
END;
