/**
 * Reviews (docs/api.md, "Reviews"): the campaign office verifies each claim — a project its branch
 * reports done or accepted in its latest submission for a month — and accepts it or returns it
 * with a reason.
 *
 * - GET /api/v1/reviews?campaign=&period=&branch= — viewer, reviewer (its campaign), admin; a
 *   branch token for its own branch. Returned first, then pending, then accepted.
 * - POST /api/v1/reviews — reviewer; `Idempotency-Key` as for submissions. A content hash that is
 *   not the project's current one is 409 review.stale; a project that is not a claim is 422.
 *   The answer says where the branch stands once the review counts.
 */
import { Hono } from "hono";
import {
  type ReviewAnswer,
  type ReviewItem,
  type ReviewsAnswer,
  reviewRequest,
  reviewsQuery,
} from "../../../shared/api/reviews.ts";
import { projectKey } from "../../../shared/claims.ts";
import type { Star } from "../../../shared/lexicon.ts";
import type { VerifiedState } from "../../../shared/score.ts";
import { auditChanges } from "../audit.ts";
import { assertCampaignReadable, requireReader, requireReviewer } from "../auth.ts";
import { getBranch } from "../db/branches.ts";
import { type Campaign, getCampaign } from "../db/campaigns.ts";
import { findAnswer, insertAnswer } from "../db/idempotency.ts";
import { type ClaimRow, claimsOfMonth, insertReview } from "../db/reviews.ts";
import { isUniqueViolation } from "../db/util.ts";
import type { AppEnv, Principal } from "../env.ts";
import { ApiError } from "../errors.ts";
import { json, parseBody, queryOf } from "../http.ts";
import { hashedJsonBody, idempotencyKeyOf, replay } from "../idempotent.ts";
import { assertPeriodOfCampaign, periodOf, rank } from "../ranking.ts";
import { invalidateRankings, monthStandings } from "../rankings.ts";
import { twoScores } from "../verified.ts";

const stateOrder: Record<VerifiedState, number> = { returned: 0, pending: 1, accepted: 2 };

function stateOfRow(row: Pick<ClaimRow, "decision">): VerifiedState {
  return row.decision === null ? "pending" : row.decision === "accept" ? "accepted" : "returned";
}

export function reviewItemOf(row: ClaimRow): ReviewItem {
  return {
    branch: { code: row.branch, name: row.branch_name },
    project: {
      key: row.project_key,
      name: row.name,
      target: row.target,
      owner: row.owner,
      deadline: row.deadline,
      status: row.status,
      progress: row.progress,
      evidence: row.evidence,
      sheet: row.sheet,
      cell: row.cell,
    },
    contentHash: row.content_hash,
    state: stateOfRow(row),
    ...(row.decision !== null
      ? {
          review: {
            decision: row.decision,
            reason: row.reason ?? "",
            reviewer: row.reviewer ?? "",
            at: row.at ?? "",
          },
        }
      : {}),
  };
}

/** The month's claims with their states: returned first, then pending, then accepted; by branch, then list order. */
export async function reviewItems(
  db: D1Database,
  campaign: string,
  period: string,
  branch?: string,
): Promise<ReviewItem[]> {
  const rows = await claimsOfMonth(db, campaign, period, branch);
  return rows
    .map((row, index) => ({ item: reviewItemOf(row), index }))
    .sort((a, b) => stateOrder[a.item.state] - stateOrder[b.item.state] || a.index - b.index)
    .map(({ item }) => item);
}

async function campaignOf(db: D1Database, id: string, period: string): Promise<Campaign> {
  const campaign = await getCampaign(db, id);
  if (!campaign) throw new ApiError(404, "campaign_not_found", `No campaign ${id}.`);
  assertPeriodOfCampaign(periodOf(period), campaign.year);
  return campaign;
}

/** A branch token reads its own branch's claims only (and names it, or leaves `branch` out). */
function branchScope(principal: Principal, branch: string | undefined): string | undefined {
  if (principal.kind !== "branch") return branch;
  if (branch !== undefined && branch !== principal.code) {
    throw new ApiError(403, "forbidden", "A branch token can only read its own branch's reviews.");
  }
  return principal.code;
}

export const reviews = new Hono<AppEnv>();

reviews.get("/", requireReader, queryOf(reviewsQuery), async (c) => {
  const q = c.req.valid("query");
  const principal = c.get("principal");
  assertCampaignReadable(principal, q.campaign);
  await campaignOf(c.env.DB, q.campaign, q.period);
  const items = await reviewItems(c.env.DB, q.campaign, q.period, branchScope(principal, q.branch));
  return c.json({ items } satisfies ReviewsAnswer);
});

/**
 * Where the branch stands once the claims under (key, hash) take `state`: the month's standings
 * as stored, the branch's tally moved by those claims' change of state, ranked.
 */
async function standingAfter(
  db: D1Database,
  campaign: Campaign,
  period: string,
  branch: string,
  changed: ClaimRow[],
  state: VerifiedState,
): Promise<ReviewAnswer["branch"]> {
  const standings = await monthStandings(db, campaign, period);
  const mine = standings.find((s) => s.branch === branch);
  if (!mine)
    throw new ApiError(404, "submission_not_found", `Branch ${branch} has not submitted for ${period}.`);
  const tally = { ...mine };
  const deltaKey = { model: "d_model", service: "d_service", vanguard: "d_vanguard" } as const;
  const points = (row: ClaimRow, s: VerifiedState) =>
    s === "accepted" ? row.points_accepted : s === "returned" ? row.points_returned : row.points_pending;
  for (const row of changed) {
    const before = stateOfRow(row);
    if (row.category) tally[deltaKey[row.category as Star]] += points(row, state) - points(row, before);
    tally[before] -= 1;
    tally[state] += 1;
  }
  // The judged activities part does not move with a review: the one already computed for the row.
  const judged = campaign.activities === "judged" ? mine.score.byCategory.activities : undefined;
  const moved = { ...tally, ...twoScores(tally, campaign, judged) };
  const all = standings.map((s) => (s.branch === branch ? moved : s));
  const ranked = rank(
    all,
    (s) => s.score.total,
    (s) => s.branch,
    campaign.ranking,
  );
  return {
    code: branch,
    score: moved.score.total,
    selfScore: moved.selfScore.total,
    rank: ranked.find((r) => r.item.branch === branch)?.rank ?? null,
    review: moved.review,
  };
}

type Reviewer = Extract<Principal, { kind: "reviewer" }>;

/**
 * Records one review (the API and the /review page): the body checked against the branch's
 * latest submission for the month, the review and its answer stored in one batch under the
 * reviewer's idempotency key. The stored or replayed answer, as the API sends it.
 */
export async function recordReview(
  db: D1Database,
  principal: Reviewer,
  raw: unknown,
  bodyHash: string,
  idempotencyKey: string,
): Promise<Response> {
  const scope = `reviewer:${principal.id}`;
  const prior = await findAnswer(db, scope, idempotencyKey);
  if (prior) return replay(prior, bodyHash);

  const body = parseBody(reviewRequest, raw);
  if (body.campaign !== principal.campaign) {
    throw new ApiError(
      403,
      "campaign_mismatch",
      `This reviewer reviews campaign ${principal.campaign}, not ${body.campaign}.`,
    );
  }
  const campaign = await campaignOf(db, body.campaign, body.period);
  const branch = await getBranch(db, body.branch);
  if (!branch || branch.campaign !== campaign.id) {
    throw new ApiError(404, "branch_not_found", `No branch ${body.branch} in campaign ${campaign.id}.`);
  }
  const claims = await claimsOfMonth(db, campaign.id, body.period, branch.code);
  const key = projectKey(body.project.trim());
  const same = claims.filter((row) => row.project_key === key);
  const first = same[0];
  if (!first) {
    throw new ApiError(
      422,
      "review.not-a-claim",
      `"${body.project}" is not a claim of branch ${branch.code} for ${body.period}: only projects its latest submission reports done or accepted are reviewed.`,
      { issues: [{ path: "project", message: "expected a project reported done or accepted" }] },
    );
  }
  if (first.content_hash !== body.contentHash) {
    throw new ApiError(
      409,
      "review.stale",
      `The project "${first.name}" has changed since it was shown (a new submission); review it as it stands now.`,
    );
  }
  const state: VerifiedState = body.decision === "accept" ? "accepted" : "returned";
  const at = new Date().toISOString();
  const reason = body.reason ?? "";
  const id = crypto.randomUUID();
  const standing = await standingAfter(db, campaign, body.period, branch.code, same, state);
  const answer = JSON.stringify({
    review: {
      id,
      project: first.name,
      contentHash: first.content_hash,
      decision: body.decision,
      reason,
      reviewer: principal.name,
      at,
    },
    branch: standing,
  } satisfies ReviewAnswer);
  try {
    await db.batch([
      insertAnswer(db, {
        branch: scope,
        key: idempotencyKey,
        bodyHash,
        status: 201,
        response: answer,
        submissionId: first.submission_id,
        createdAt: at,
      }),
      insertReview(db, {
        id,
        campaign: campaign.id,
        branch: branch.code,
        period: body.period,
        projectKey: first.project_key,
        contentHash: first.content_hash,
        decision: body.decision,
        reason,
        reviewer: { id: principal.id, name: principal.name },
        at,
        submissionId: first.submission_id,
      }),
    ]);
  } catch (err) {
    if (isUniqueViolation(err)) {
      const winner = await findAnswer(db, scope, idempotencyKey);
      if (winner) return replay(winner, bodyHash);
    }
    throw err;
  }
  invalidateRankings();
  return json(answer, 201);
}

reviews.post("/", requireReviewer, auditChanges, async (c) => {
  const principal = c.get("principal");
  if (principal.kind !== "reviewer")
    throw new ApiError(403, "forbidden", "Only a reviewer can record reviews.");
  const idempotencyKey = idempotencyKeyOf(c);
  const { raw, bodyHash } = await hashedJsonBody(c);
  return recordReview(c.env.DB, principal, raw, bodyHash, idempotencyKey);
});
