-- Juxing schema (SPEC §5.3). Timestamps are ISO-8601 UTC strings (they sort as text).

-- A campaign: one year of 聚星点亮 with its rubric (fully defaulted JSON) and ranking method.
CREATE TABLE campaigns (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  year INTEGER NOT NULL,
  -- NULL switches the project-count check off.
  expected_projects INTEGER,
  ranking TEXT NOT NULL DEFAULT 'dense' CHECK (ranking IN ('dense', 'competition')),
  rubric TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- A branch belongs to one campaign; its sync token is stored only as SHA-256 hex.
CREATE TABLE branches (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  campaign TEXT NOT NULL REFERENCES campaigns (id),
  token_hash TEXT NOT NULL UNIQUE,
  token_issued_at TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX branches_by_campaign ON branches (campaign, code);

-- Every submission, append-only: the server's own score, never the client's. `seq` orders them
-- (latest = highest); `id` is the public submission id. The bulky JSON lives in
-- submission_details so the rankings scan touches only these narrow rows.
CREATE TABLE submissions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  campaign TEXT NOT NULL REFERENCES campaigns (id),
  branch TEXT NOT NULL REFERENCES branches (code),
  period TEXT NOT NULL,
  as_of TEXT NOT NULL,
  received_at TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  total REAL NOT NULL,
  max REAL NOT NULL,
  model REAL NOT NULL,
  service REAL NOT NULL,
  vanguard REAL NOT NULL,
  activities REAL NOT NULL,
  landmark REAL NOT NULL,
  stars INTEGER NOT NULL,
  clarity_rate REAL NOT NULL,
  completion_rate REAL NOT NULL,
  overdue INTEGER NOT NULL,
  project_count INTEGER NOT NULL,
  findings_error INTEGER NOT NULL,
  findings_warning INTEGER NOT NULL,
  findings_info INTEGER NOT NULL,
  -- {"owner.missing": 2, ...}
  finding_codes TEXT NOT NULL,
  rubric_hash TEXT NOT NULL,
  workbook_name TEXT NOT NULL,
  workbook_sha256 TEXT NOT NULL,
  client_app TEXT NOT NULL,
  client_version TEXT NOT NULL,
  UNIQUE (branch, idempotency_key)
);
-- Rankings: latest per branch within (campaign, period range).
CREATE INDEX submissions_for_rankings ON submissions (campaign, period, branch, seq);
-- A branch's history and latest submission.
CREATE INDEX submissions_by_branch ON submissions (branch, campaign, period, seq);

-- The drill-down of one submission: all findings, and the normalized projects, each a JSON
-- document gzipped and base64-encoded in its own row (a 1 MB body can yield several MB of JSON,
-- and D1 caps a row at 2 MB; compressed, each part stays under it).
CREATE TABLE submission_details (
  submission_id TEXT NOT NULL REFERENCES submissions (id),
  part TEXT NOT NULL CHECK (part IN ('findings', 'projects')),
  encoding TEXT NOT NULL DEFAULT 'gzip+base64',
  data TEXT NOT NULL,
  PRIMARY KEY (submission_id, part)
) WITHOUT ROWID;

CREATE TRIGGER submissions_no_update BEFORE UPDATE ON submissions
BEGIN
  SELECT RAISE(ABORT, 'submissions are append-only');
END;
CREATE TRIGGER submissions_no_delete BEFORE DELETE ON submissions
BEGIN
  SELECT RAISE(ABORT, 'submissions are append-only');
END;
CREATE TRIGGER submission_details_no_update BEFORE UPDATE ON submission_details
BEGIN
  SELECT RAISE(ABORT, 'submissions are append-only');
END;
CREATE TRIGGER submission_details_no_delete BEFORE DELETE ON submission_details
BEGIN
  SELECT RAISE(ABORT, 'submissions are append-only');
END;

-- One row per (branch, Idempotency-Key): the first answer, replayed byte for byte.
CREATE TABLE idempotency (
  branch TEXT NOT NULL,
  key TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  submission_id TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (branch, key)
) WITHOUT ROWID;

-- Viewer sessions from POST /login: only the SHA-256 of the cookie's id is stored.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
