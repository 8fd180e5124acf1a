/** Submissions: appended with their details in one batch; read as "latest per branch". */
import type { Finding, FindingParams } from "../../../shared/findings.ts";
import type { Project } from "../../../shared/rules.ts";
import type { Score } from "../../../shared/score.ts";
import { pack, unpack } from "../pack.ts";

export interface NewSubmission {
  id: string;
  campaign: string;
  branch: string;
  period: string;
  /** The server's as-of; `clientAsOf` is the body's, kept for the record. */
  asOf: string;
  clientAsOf: string;
  receivedAt: string;
  idempotencyKey: string;
  bodyHash: string;
  score: Score;
  projectCount: number;
  findings: Finding[];
  counts: { error: number; warning: number; info: number };
  codes: Record<string, number>;
  projects: Project[];
  rubricHash: string;
  workbook: { name: string; sha256: string };
  client: { app: string; version: string };
}

/** The inserts of a submission; the caller batches them with its idempotency row. */
export async function insertSubmission(db: D1Database, s: NewSubmission): Promise<D1PreparedStatement[]> {
  const c = s.score.byCategory;
  const [findings, projects] = await Promise.all([pack(s.findings), pack(s.projects)]);
  const detail = db.prepare("INSERT INTO submission_details (submission_id, part, data) VALUES (?, ?, ?)");
  return [
    db
      .prepare(
        `INSERT INTO submissions (id, campaign, branch, period, as_of, received_at, idempotency_key, body_hash,
          total, max, model, service, vanguard, activities, landmark, stars, clarity_rate, completion_rate, overdue,
          project_count, findings_error, findings_warning, findings_info, finding_codes, rubric_hash,
          workbook_name, workbook_sha256, client_app, client_version, client_as_of)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        s.id,
        s.campaign,
        s.branch,
        s.period,
        s.asOf,
        s.receivedAt,
        s.idempotencyKey,
        s.bodyHash,
        s.score.total,
        s.score.max,
        c.model,
        c.service,
        c.vanguard,
        c.activities,
        c.landmark,
        s.score.stars,
        s.score.clarityRate,
        s.score.completionRate,
        s.score.overdue,
        s.projectCount,
        s.counts.error,
        s.counts.warning,
        s.counts.info,
        JSON.stringify(s.codes),
        s.rubricHash,
        s.workbook.name,
        s.workbook.sha256,
        s.client.app,
        s.client.version,
        s.clientAsOf,
      ),
    detail.bind(s.id, "findings", findings),
    detail.bind(s.id, "projects", projects),
  ];
}

/** The score columns of a stored submission. */
export interface ScoreRow {
  id: string;
  branch: string;
  period: string;
  received_at: string;
  total: number;
  max: number;
  model: number;
  service: number;
  vanguard: number;
  activities: number;
  landmark: number;
  stars: number;
  clarity_rate: number;
  completion_rate: number;
  overdue: number;
}

const scoreColumns =
  "id, branch, period, received_at, total, max, model, service, vanguard, activities, landmark, stars, clarity_rate, completion_rate, overdue";

/**
 * How a submission's claims stand today, per star: the claims' points in their verified states
 * minus their points as claimed (d_*), and how many are in each state. A review is in force while
 * its project's content hash in this submission is the review's; the latest in force decides
 * (docs/api.md, "Reviews"). Submissions stored before claims were recorded have none: zeros.
 */
export interface TallyColumns {
  d_model: number;
  d_service: number;
  d_vanguard: number;
  pending: number;
  accepted: number;
  returned: number;
}

/**
 * The CTEs that tally the claims of the submissions in the CTE `latest` (which has `id`), joined
 * to it as `tallied`: one grouped pass over their claims, each claim's in-force review found
 * through the reviews_in_force index.
 */
function tallied(campaignParam: string): string {
  return `decided AS (
      SELECT c.submission_id, c.category, c.points_self, c.points_accepted, c.points_pending, c.points_returned,
        (SELECT v.decision FROM reviews v
          WHERE v.campaign = ${campaignParam} AND v.branch = c.branch AND v.project_key = c.project_key
            AND v.content_hash = c.content_hash
          ORDER BY v.seq DESC LIMIT 1) AS decision
      FROM submission_claims c WHERE c.submission_id IN (SELECT id FROM latest)
    ),
    states AS (
      SELECT submission_id, category, decision,
        CASE decision WHEN 'accept' THEN points_accepted WHEN 'return' THEN points_returned
          ELSE points_pending END - points_self AS delta
      FROM decided
    ),
    tally AS (
      SELECT submission_id,
        SUM(CASE WHEN category = 'model' THEN delta ELSE 0 END) AS d_model,
        SUM(CASE WHEN category = 'service' THEN delta ELSE 0 END) AS d_service,
        SUM(CASE WHEN category = 'vanguard' THEN delta ELSE 0 END) AS d_vanguard,
        SUM(decision IS NULL) AS pending,
        SUM(decision = 'accept') AS accepted,
        SUM(decision = 'return') AS returned
      FROM states GROUP BY submission_id
    ),
    tallied AS (
      SELECT l.*, COALESCE(t.d_model, 0) AS d_model, COALESCE(t.d_service, 0) AS d_service,
        COALESCE(t.d_vanguard, 0) AS d_vanguard, COALESCE(t.pending, 0) AS pending,
        COALESCE(t.accepted, 0) AS accepted, COALESCE(t.returned, 0) AS returned
      FROM latest l LEFT JOIN tally t ON t.submission_id = l.id
    )`;
}

export interface StandingRow extends ScoreRow, TallyColumns {
  name: string;
  /** 1: in the current range; 0: in the previous one. */
  cur: number;
}

/**
 * Each enabled branch's latest submission in [from, split) (cur = 0) and in [split, to]
 * (cur = 1), with its claims tallied, in one indexed scan. "Latest" within a range: the highest
 * period, then the last received — so a year ranks each branch by its most recent month even if
 * an older month was corrected afterwards.
 */
export function latestPerBranch(
  db: D1Database,
  campaign: string,
  from: string,
  split: string,
  to: string,
): D1PreparedStatement {
  return db
    .prepare(
      `WITH ranked AS (
        SELECT ${scoreColumns}, (period >= ?3) AS cur,
          ROW_NUMBER() OVER (PARTITION BY branch, period >= ?3 ORDER BY period DESC, seq DESC) AS rn
        FROM submissions
        WHERE campaign = ?1 AND period >= ?2 AND period <= ?4
      ),
      latest AS (
        SELECT r.*, b.name FROM ranked r JOIN branches b ON b.code = r.branch AND b.disabled = 0
        WHERE r.rn = 1
      ),
      ${tallied("?1")}
      SELECT * FROM tallied`,
    )
    .bind(campaign, from, split, to);
}

/** One submission's claims tallied (its drill-down: the latest of a month, or overall). */
export async function tallyOfSubmission(db: D1Database, campaign: string, id: string): Promise<TallyColumns> {
  const row = await db
    .prepare(
      `WITH latest AS (SELECT ?2 AS id),
      ${tallied("?1")}
      SELECT d_model, d_service, d_vanguard, pending, accepted, returned FROM tallied`,
    )
    .bind(campaign, id)
    .first<TallyColumns>();
  return row ?? { d_model: 0, d_service: 0, d_vanguard: 0, pending: 0, accepted: 0, returned: 0 };
}

export function enabledBranches(db: D1Database, campaign: string): D1PreparedStatement {
  return db
    .prepare("SELECT code, name FROM branches WHERE campaign = ? AND disabled = 0 ORDER BY code")
    .bind(campaign);
}

/**
 * What a cached ranking depends on: any new submission or review, campaign edit, branch change, or
 * judged event created, closed or reopened (a closed event's scores cannot change).
 */
export async function rankingVersion(db: D1Database, campaign: string): Promise<string> {
  const row = await db
    .prepare(
      `SELECT (SELECT MAX(seq) FROM submissions) AS seq,
        (SELECT MAX(seq) FROM reviews) AS reviews,
        (SELECT updated_at FROM campaigns WHERE id = ?1) AS campaign,
        (SELECT MAX(updated_at) || '/' || COUNT(*) FROM branches WHERE campaign = ?1) AS branches,
        (SELECT MAX(updated_at) || '/' || COUNT(*) FROM events WHERE campaign = ?1) AS events`,
    )
    .bind(campaign)
    .first<{
      seq: number | null;
      reviews: number | null;
      campaign: string | null;
      branches: string | null;
      events: string | null;
    }>();
  return `${row?.seq ?? 0}|${row?.reviews ?? 0}|${row?.campaign ?? ""}|${row?.branches ?? ""}|${row?.events ?? ""}`;
}

/** The branch's latest submission of each month in [from, to], its claims tallied. */
export async function monthlyLatest(
  db: D1Database,
  branch: string,
  campaign: string,
  from: string,
  to: string,
): Promise<(ScoreRow & TallyColumns)[]> {
  const { results } = await db
    .prepare(
      `WITH latest AS (
        SELECT ${scoreColumns} FROM (
          SELECT ${scoreColumns}, ROW_NUMBER() OVER (PARTITION BY period ORDER BY seq DESC) AS rn
          FROM submissions WHERE branch = ?1 AND campaign = ?2 AND period >= ?3 AND period <= ?4
        ) WHERE rn = 1
      ),
      ${tallied("?2")}
      SELECT * FROM tallied ORDER BY period`,
    )
    .bind(branch, campaign, from, to)
    .all<ScoreRow & TallyColumns>();
  return results;
}

export interface DetailRow extends ScoreRow {
  as_of: string;
  project_count: number;
  findings_error: number;
  findings_warning: number;
  findings_info: number;
  finding_codes: string;
  workbook_name: string;
  workbook_sha256: string;
  client_app: string;
  client_version: string;
}

/** A finding as D1 holds it: those stored before findings were data carry a message, no params. */
export type StoredFinding = Omit<Finding, "params"> & { params?: FindingParams; message?: string };

/**
 * The branch's latest submission (in one month, or overall: highest period, then last received),
 * with its findings and projects.
 */
export async function latestDetail(
  db: D1Database,
  branch: string,
  campaign: string,
  period?: string,
): Promise<{ row: DetailRow; findings: StoredFinding[]; projects: Project[] } | null> {
  const where = period ? "AND period = ?3" : "";
  const row = await db
    .prepare(
      `SELECT * FROM submissions WHERE branch = ?1 AND campaign = ?2 ${where}
      ORDER BY period DESC, seq DESC LIMIT 1`,
    )
    .bind(...(period ? [branch, campaign, period] : [branch, campaign]))
    .first<DetailRow>();
  if (!row) return null;
  const { results } = await db
    .prepare("SELECT part, data FROM submission_details WHERE submission_id = ?")
    .bind(row.id)
    .all<{ part: "findings" | "projects"; data: string }>();
  const parts = new Map(results.map((r) => [r.part, r.data]));
  const [findings, projects] = await Promise.all([
    unpack<StoredFinding[]>(parts.get("findings") ?? ""),
    unpack<Project[]>(parts.get("projects") ?? ""),
  ]);
  return { row, findings, projects };
}
