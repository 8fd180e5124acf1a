/** Reviewers (roles.ts): per campaign, token stored only as SHA-256. */
import type { ReviewerView } from "../../../shared/api/reviews.ts";
import { nowIso } from "./util.ts";

interface ReviewerRow {
  id: string;
  campaign: string;
  name: string;
  disabled: number;
  created_at: string;
}

function viewOf(row: ReviewerRow): ReviewerView {
  return {
    id: row.id,
    name: row.name,
    campaign: row.campaign,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
  };
}

export async function insertReviewer(
  db: D1Database,
  reviewer: { id: string; campaign: string; name: string; tokenHash: string },
): Promise<ReviewerView> {
  const now = nowIso();
  await db
    .prepare(
      "INSERT INTO reviewers (id, campaign, name, token_hash, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)",
    )
    .bind(reviewer.id, reviewer.campaign, reviewer.name, reviewer.tokenHash, now, now)
    .run();
  return {
    id: reviewer.id,
    name: reviewer.name,
    campaign: reviewer.campaign,
    disabled: false,
    createdAt: now,
  };
}

export async function listReviewers(db: D1Database, campaign?: string): Promise<ReviewerView[]> {
  const statement = campaign
    ? db.prepare("SELECT * FROM reviewers WHERE campaign = ? ORDER BY created_at, id").bind(campaign)
    : db.prepare("SELECT * FROM reviewers ORDER BY campaign, created_at, id");
  const { results } = await statement.all<ReviewerRow>();
  return results.map(viewOf);
}

/** Null when there is no such reviewer. */
export async function disableReviewer(db: D1Database, id: string): Promise<ReviewerView | null> {
  const row = await db
    .prepare("UPDATE reviewers SET disabled = 1, updated_at = ? WHERE id = ? RETURNING *")
    .bind(nowIso(), id)
    .first<ReviewerRow>();
  return row ? viewOf(row) : null;
}
