/**
 * Claims and reviews (docs/api.md, "Reviews"). A submission's claims are stored beside it
 * (submission_claims) with what a review binds to; reviews are appended, never changed. The
 * review in force for a claim is the latest one with its key and content hash.
 */
import type { Claim } from "../../../shared/claims.ts";
import type { VerifiedState } from "../../../shared/score.ts";

/** The inserts of a submission's claims; batched with the submission itself. */
export function insertClaims(
  db: D1Database,
  s: { id: string; campaign: string; branch: string },
  claims: Claim[],
  cellOf: (claim: Claim) => string | null,
): D1PreparedStatement[] {
  const insert = db.prepare(
    `INSERT INTO submission_claims (submission_id, ord, campaign, branch, project_key, content_hash, category,
      name, target, owner, deadline, status, progress, evidence, sheet, cell,
      points_self, points_accepted, points_pending, points_returned)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return claims.map((claim) =>
    insert.bind(
      s.id,
      claim.index,
      s.campaign,
      s.branch,
      claim.key,
      claim.contentHash,
      claim.project.category,
      claim.project.name,
      claim.project.target,
      claim.project.owner,
      claim.project.deadlineText,
      claim.project.status,
      claim.project.progress,
      claim.project.evidence,
      claim.project.sheet,
      cellOf(claim),
      claim.points.self,
      claim.points.accepted,
      claim.points.pending,
      claim.points.returned,
    ),
  );
}

export interface InForce {
  decision: "accept" | "return";
  reason: string;
  reviewer: string;
  at: string;
}

export function stateOf(review: InForce | undefined): VerifiedState {
  if (!review) return "pending";
  return review.decision === "accept" ? "accepted" : "returned";
}

/** The branch's reviews in force, by `key|contentHash` (the latest of each pair). */
export async function reviewsInForce(
  db: D1Database,
  campaign: string,
  branch: string,
): Promise<Map<string, InForce>> {
  const { results } = await db
    .prepare(
      `SELECT project_key, content_hash, decision, reason, reviewer_name AS reviewer, at FROM reviews
      WHERE campaign = ? AND branch = ? ORDER BY seq`,
    )
    .bind(campaign, branch)
    .all<InForce & { project_key: string; content_hash: string }>();
  const byClaim = new Map<string, InForce>();
  for (const r of results) {
    byClaim.set(`${r.project_key}|${r.content_hash}`, {
      decision: r.decision,
      reason: r.reason,
      reviewer: r.reviewer,
      at: r.at,
    });
  }
  return byClaim;
}

export interface ClaimRow {
  submission_id: string;
  ord: number;
  branch: string;
  branch_name: string;
  project_key: string;
  content_hash: string;
  category: string | null;
  name: string;
  target: string;
  owner: string;
  deadline: string;
  status: string;
  progress: number | null;
  evidence: string;
  sheet: string;
  cell: string | null;
  points_self: number;
  points_accepted: number;
  points_pending: number;
  points_returned: number;
  decision: "accept" | "return" | null;
  reason: string | null;
  reviewer: string | null;
  at: string | null;
}

/**
 * The claims of each enabled branch's latest submission for the month (or one branch's), each with
 * its review in force, if any.
 */
export async function claimsOfMonth(
  db: D1Database,
  campaign: string,
  period: string,
  branch?: string,
): Promise<ClaimRow[]> {
  const { results } = await db
    .prepare(
      `WITH latest AS (
        SELECT id, branch FROM (
          SELECT id, branch, ROW_NUMBER() OVER (PARTITION BY branch ORDER BY seq DESC) AS rn
          FROM submissions WHERE campaign = ?1 AND period = ?2 AND (?3 IS NULL OR branch = ?3)
        ) WHERE rn = 1
      )
      SELECT c.submission_id, c.ord, c.branch, b.name AS branch_name, c.project_key, c.content_hash,
        c.category, c.name, c.target, c.owner, c.deadline, c.status, c.progress, c.evidence, c.sheet, c.cell,
        c.points_self, c.points_accepted, c.points_pending, c.points_returned, v.decision, v.reason, v.reviewer_name AS reviewer, v.at
      FROM latest l
      JOIN branches b ON b.code = l.branch AND b.disabled = 0
      JOIN submission_claims c ON c.submission_id = l.id
      LEFT JOIN reviews v ON v.seq = (
        SELECT MAX(r.seq) FROM reviews r
        WHERE r.campaign = ?1 AND r.branch = c.branch AND r.project_key = c.project_key
          AND r.content_hash = c.content_hash
      )
      ORDER BY c.branch, c.ord`,
    )
    .bind(campaign, period, branch ?? null)
    .all<ClaimRow>();
  return results;
}

export interface NewReview {
  id: string;
  campaign: string;
  branch: string;
  period: string;
  projectKey: string;
  contentHash: string;
  decision: "accept" | "return";
  reason: string;
  reviewer: { id: string; name: string };
  at: string;
  submissionId: string;
}

export function insertReview(db: D1Database, r: NewReview): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO reviews (id, campaign, branch, period, project_key, content_hash, decision, reason, reviewer,
        reviewer_name, at, submission_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      r.id,
      r.campaign,
      r.branch,
      r.period,
      r.projectKey,
      r.contentHash,
      r.decision,
      r.reason,
      r.reviewer.id,
      r.reviewer.name,
      r.at,
      r.submissionId,
    );
}
