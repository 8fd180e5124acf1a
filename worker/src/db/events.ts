/** 现场打分 in D1 (migration 0006): events, the branches taking part, judges and their scores. */
import type { EventSummary, JudgeScore } from "../../../shared/api/events.ts";

interface EventDbRow {
  id: number;
  campaign: string;
  name: string;
  period: string;
  date: string;
  trim: number | null;
  closed: number;
  closed_at: string | null;
  branches: number;
  judges: number;
}

function summaryOf(row: EventDbRow): EventSummary {
  return {
    id: row.id,
    campaign: row.campaign,
    name: row.name,
    period: row.period,
    date: row.date,
    trim: row.trim,
    closed: row.closed === 1,
    closedAt: row.closed_at,
    branches: row.branches,
    judges: row.judges,
  };
}

const summaryColumns = `e.id, e.campaign, e.name, e.period, e.date, e.trim, e.closed, e.closed_at,
  (SELECT COUNT(*) FROM event_branches eb WHERE eb.event_id = e.id) AS branches,
  (SELECT COUNT(*) FROM judges j WHERE j.event_id = e.id AND j.disabled = 0) AS judges`;

export interface NewEvent {
  campaign: string;
  name: string;
  period: string;
  date: string;
  trim: number | null;
  /** The codes taking part; null: every enabled branch of the campaign. */
  branches: string[] | null;
}

/**
 * The event and its branches in one transaction; the id of the new event. The branches are
 * attached by the new row's id (the highest: D1 runs a batch as one transaction, one writer).
 */
export async function insertEvent(db: D1Database, event: NewEvent, now: string): Promise<number> {
  const branchFilter = event.branches
    ? "b.code IN (SELECT value FROM json_each(?2))"
    : "b.disabled = 0 AND ?2 IS NULL";
  const [inserted] = await db.batch<{ id: number }>([
    db
      .prepare(
        `INSERT INTO events (campaign, name, period, date, trim, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .bind(event.campaign, event.name, event.period, event.date, event.trim, now, now),
    db
      .prepare(
        `INSERT INTO event_branches (event_id, branch)
        SELECT (SELECT MAX(id) FROM events), b.code FROM branches b WHERE b.campaign = ?1 AND ${branchFilter}`,
      )
      .bind(event.campaign, event.branches ? JSON.stringify(event.branches) : null),
  ]);
  return inserted?.results[0]?.id as number;
}

/** The campaign's branch codes among `codes` (to name the ones that are not). */
export async function knownBranches(db: D1Database, campaign: string, codes: string[]): Promise<Set<string>> {
  const { results } = await db
    .prepare("SELECT code FROM branches WHERE campaign = ? AND code IN (SELECT value FROM json_each(?))")
    .bind(campaign, JSON.stringify(codes))
    .all<{ code: string }>();
  return new Set(results.map((r) => r.code));
}

export async function countEnabledBranches(db: D1Database, campaign: string): Promise<number> {
  const row = await db
    .prepare("SELECT COUNT(*) AS n FROM branches WHERE campaign = ? AND disabled = 0")
    .bind(campaign)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** A campaign's events (or every event; or those a branch takes part in), latest date first. */
export async function listEvents(
  db: D1Database,
  campaign?: string,
  branch?: string,
): Promise<EventSummary[]> {
  const { results } = await db
    .prepare(
      `SELECT ${summaryColumns} FROM events e
      WHERE (?1 IS NULL OR e.campaign = ?1)
        AND (?2 IS NULL OR EXISTS (SELECT 1 FROM event_branches eb WHERE eb.event_id = e.id AND eb.branch = ?2))
      ORDER BY e.date DESC, e.id DESC`,
    )
    .bind(campaign ?? null, branch ?? null)
    .all<EventDbRow>();
  return results.map(summaryOf);
}

export async function getEvent(db: D1Database, id: number): Promise<EventSummary | null> {
  const row = await db
    .prepare(`SELECT ${summaryColumns} FROM events e WHERE e.id = ?`)
    .bind(id)
    .first<EventDbRow>();
  return row ? summaryOf(row) : null;
}

/** Closes or reopens; null when there is no such event. */
export async function setEventClosed(
  db: D1Database,
  id: number,
  closed: boolean,
  now: string,
): Promise<{ closed: boolean; closedAt: string | null } | null> {
  const row = await db
    .prepare(
      `UPDATE events SET closed = ?2, closed_at = CASE WHEN ?2 = 1 THEN ?3 ELSE NULL END, updated_at = ?3
      WHERE id = ?1 RETURNING closed, closed_at`,
    )
    .bind(id, closed ? 1 : 0, now)
    .first<{ closed: number; closed_at: string | null }>();
  return row ? { closed: row.closed === 1, closedAt: row.closed_at } : null;
}

export interface JudgeRow {
  id: number;
  eventId: number;
  name: string;
  tokenHash: string;
  disabled: boolean;
}

export async function insertJudge(
  db: D1Database,
  eventId: number,
  name: string,
  tokenHash: string,
  now: string,
): Promise<number> {
  const row = await db
    .prepare("INSERT INTO judges (event_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id")
    .bind(eventId, name, tokenHash, now)
    .first<{ id: number }>();
  return row?.id as number;
}

const judgeColumns = "id, event_id AS eventId, name, token_hash AS tokenHash, disabled";

function judgeOf(row: (Omit<JudgeRow, "disabled"> & { disabled: number }) | null): JudgeRow | null {
  return row ? { ...row, disabled: row.disabled === 1 } : null;
}

export async function findJudgeByTokenHash(db: D1Database, hash: string): Promise<JudgeRow | null> {
  return judgeOf(
    await db
      .prepare(`SELECT ${judgeColumns} FROM judges WHERE token_hash = ?`)
      .bind(hash)
      .first<Omit<JudgeRow, "disabled"> & { disabled: number }>(),
  );
}

export async function getJudge(db: D1Database, id: number): Promise<JudgeRow | null> {
  return judgeOf(
    await db
      .prepare(`SELECT ${judgeColumns} FROM judges WHERE id = ?`)
      .bind(id)
      .first<Omit<JudgeRow, "disabled"> & { disabled: number }>(),
  );
}

export async function setJudgeDisabled(db: D1Database, id: number): Promise<JudgeRow | null> {
  await db.prepare("UPDATE judges SET disabled = 1 WHERE id = ?").bind(id).run();
  return getJudge(db, id);
}

/** The branches taking part, by code. */
export async function eventBranches(
  db: D1Database,
  eventId: number,
): Promise<{ code: string; name: string }[]> {
  const { results } = await db
    .prepare(
      `SELECT b.code, b.name FROM event_branches eb JOIN branches b ON b.code = eb.branch
      WHERE eb.event_id = ? ORDER BY b.code`,
    )
    .bind(eventId)
    .all<{ code: string; name: string }>();
  return results;
}

export async function branchInEvent(db: D1Database, eventId: number, branch: string): Promise<boolean> {
  const row = await db
    .prepare("SELECT 1 AS ok FROM event_branches WHERE event_id = ? AND branch = ?")
    .bind(eventId, branch)
    .first<{ ok: number }>();
  return row !== null;
}

/**
 * Appends a judge's score, only while the event is open and the branch takes part (checked in the
 * same statement, so a close that lands between the caller's checks and this insert still wins).
 * False when nothing was stored.
 */
export async function appendScore(
  db: D1Database,
  s: { eventId: number; judgeId: number; branch: string; score: number; note: string | null; at: string },
): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO event_scores (event_id, judge_id, branch, score, note, at)
      SELECT ?1, ?2, ?3, ?4, ?5, ?6
      WHERE EXISTS (SELECT 1 FROM events WHERE id = ?1 AND closed = 0)
        AND EXISTS (SELECT 1 FROM event_branches WHERE event_id = ?1 AND branch = ?3)`,
    )
    .bind(s.eventId, s.judgeId, s.branch, s.score, s.note, s.at)
    .run();
  return (result.meta.changes ?? 0) > 0;
}

export interface LatestScore extends JudgeScore {
  judge: number;
}

const latestScoresSql = `SELECT event_id, judge_id, branch, score, note, at FROM (
    SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.event_id, s.branch, s.judge_id ORDER BY s.seq DESC) AS rn
    FROM event_scores s WHERE %WHERE%
  ) WHERE rn = 1`;

interface ScoreDbRow {
  event_id: number;
  judge_id: number;
  branch: string;
  score: number;
  note: string | null;
  at: string;
}

/** Each judge's latest score for each branch of the event (only the event's branches). */
export async function latestScores(db: D1Database, eventId: number): Promise<LatestScore[]> {
  const { results } = await db
    .prepare(latestScoresSql.replace("%WHERE%", "s.event_id = ?"))
    .bind(eventId)
    .all<ScoreDbRow>();
  return results.map((r) => ({
    judge: r.judge_id,
    branch: r.branch,
    score: r.score,
    note: r.note,
    at: r.at,
  }));
}

/** The judges of an event (enabled ones), in the order they were issued. */
export async function eventJudges(db: D1Database, eventId: number): Promise<{ id: number; name: string }[]> {
  const { results } = await db
    .prepare("SELECT id, name FROM judges WHERE event_id = ? AND disabled = 0 ORDER BY id")
    .bind(eventId)
    .all<{ id: number; name: string }>();
  return results;
}

/**
 * Every latest judge score in the campaign's closed events, in one statement: what the judged
 * activities part of every branch's score is computed from (rankings, the branch page).
 */
export function closedEventScores(db: D1Database, campaign: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT e.id AS eventId, e.date, e.trim, s.branch, s.score FROM events e
      JOIN (${latestScoresSql.replace(
        "%WHERE%",
        "s.event_id IN (SELECT id FROM events WHERE campaign = ?1 AND closed = 1)",
      )}) s ON s.event_id = e.id
      WHERE e.campaign = ?1 AND e.closed = 1`,
    )
    .bind(campaign);
}
