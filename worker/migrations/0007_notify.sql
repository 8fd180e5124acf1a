-- 督办 (docs/operations.md "Reminders"): one notification channel per branch and one for each
-- campaign's office, and a record of every day's message so a second run sends nothing new.

-- `scope` 'branch' (ref = branch code) or 'campaign' (ref = campaign id, the office's channel).
-- url and secret are secrets: answered only as "…" and their last 4 characters.
CREATE TABLE notify_channels (
  scope TEXT NOT NULL CHECK (scope IN ('branch', 'campaign')),
  ref TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('wecom', 'dingtalk', 'feishu', 'webhook')),
  url TEXT NOT NULL,
  secret TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (scope, ref)
) WITHOUT ROWID;

-- One row per target and day: `sent`, or `failed` with the error and how often it was tried
-- (a later run the same day retries it). `hash` is the SHA-256 of the body that was sent.
CREATE TABLE notifications (
  scope TEXT NOT NULL CHECK (scope IN ('branch', 'campaign')),
  ref TEXT NOT NULL,
  day TEXT NOT NULL,
  campaign TEXT NOT NULL,
  hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sent', 'failed')),
  error TEXT,
  attempts INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (scope, ref, day)
) WITHOUT ROWID;
CREATE INDEX notifications_by_day ON notifications (day);
