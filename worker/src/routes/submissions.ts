/**
 * POST /api/v1/submissions (docs/api.md): a branch's normalized rows, re-scored here with the
 * campaign's rubric and stored append-only. `Idempotency-Key` makes retries safe: the first answer
 * is stored in the same batch as the submission and replayed byte for byte; another body under
 * the same key is 409.
 */
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { evaluate } from "../../../shared/analyze.ts";
import type { SubmissionAnswer } from "../../../shared/api/schemas.ts";
import { claimsOf } from "../../../shared/claims.ts";
import { scoreReport } from "../../../shared/score.ts";
import { evaluationInput, type Submission, submissionSchema } from "../../../shared/submission.ts";
import { requireBranch } from "../auth.ts";
import { sha256Hex } from "../crypto.ts";
import { getCampaign } from "../db/campaigns.ts";
import { findAnswer, insertAnswer } from "../db/idempotency.ts";
import { insertClaims, reviewsInForce, stateOf } from "../db/reviews.ts";
import { insertSubmission } from "../db/submissions.ts";
import { isUniqueViolation } from "../db/util.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { json, jsonBody } from "../http.ts";
import { hashedJsonBody, idempotencyKeyOf, replay } from "../idempotent.ts";
import { judgedPoints } from "../judged.ts";
import { rank } from "../ranking.ts";
import { invalidateRankings, monthStandings } from "../rankings.ts";
import { assertPeriodOpen } from "../timing.ts";
import { activitiesOverride } from "../verified.ts";

/** The cell of a project's name as the branch sent it: where the pane selects a returned claim. */
function cellOfProject(body: Submission, index: number): string | null {
  const cells = body.projects[index]?.cells;
  return cells?.name?.cell ?? null;
}

/** The Idempotency-Key and body hash `replayFirst` found no answer for. */
type Idempotency = { Variables: { idempotency: { key: string; bodyHash: string } } };

/**
 * A retry gets the first answer before anything else looks at its body: validation rules may have
 * changed since, and the outbox must still learn that its submission is stored.
 */
const replayFirst = createMiddleware<AppEnv & Idempotency>(async (c, next) => {
  const principal = c.get("principal");
  if (principal.kind !== "branch") {
    throw new ApiError(403, "forbidden", "Only a branch's sync token can submit.");
  }
  const key = idempotencyKeyOf(c);
  const { bodyHash } = await hashedJsonBody(c);
  const prior = await findAnswer(c.env.DB, principal.code, key);
  if (prior) return replay(prior, bodyHash);
  c.set("idempotency", { key, bodyHash });
  await next();
});

// Chained: the route's type (its validated body, its answer) is part of AppType.
export const submissions = new Hono<AppEnv>().post(
  "/",
  requireBranch,
  replayFirst,
  jsonBody(submissionSchema),
  async (c) => {
    const principal = c.get("principal");
    if (principal.kind !== "branch")
      throw new ApiError(403, "forbidden", "Only a branch's sync token can submit.");
    const { key, bodyHash } = c.get("idempotency");
    const db = c.env.DB;
    const body = c.req.valid("json");
    if (body.branch !== principal.code) {
      throw new ApiError(
        403,
        "branch_mismatch",
        `This token belongs to branch ${principal.code}, not ${body.branch}.`,
      );
    }
    if (body.campaign !== principal.campaign) {
      throw new ApiError(
        403,
        "campaign_mismatch",
        `Branch ${principal.code} takes part in campaign ${principal.campaign}, not ${body.campaign}.`,
      );
    }
    const campaign = await getCampaign(db, body.campaign);
    if (!campaign) throw new ApiError(404, "campaign_not_found", `No campaign ${body.campaign}.`);
    if (Number(body.period.slice(0, 4)) !== campaign.year) {
      throw new ApiError(422, "validation_failed", "The period is outside the campaign's year.", {
        issues: [{ path: "period", message: `expected a month of ${campaign.year}` }],
      });
    }
    const now = new Date();
    // The server's own as-of (docs/api.md, "Period and as-of"); the body's is kept for the record.
    const asOf = await assertPeriodOpen(db, campaign, principal.code, body.period, now);

    const input = evaluationInput(body);
    const scoring = { expected: campaign.expectedProjects };
    const evaluation = evaluate(input, {
      asOf,
      rubric: campaign.rubric,
      expectedProjects: campaign.expectedProjects,
      campaignYear: campaign.year,
      scoring,
    });
    const counts = { error: 0, warning: 0, info: 0 };
    const codes: Record<string, number> = {};
    for (const finding of evaluation.findings) {
      counts[finding.severity] += 1;
      codes[finding.code] = (codes[finding.code] ?? 0) + 1;
    }

    // Claims keep the reviews in force for them: an unchanged project stays accepted or returned.
    const [claims, inForce] = await Promise.all([
      claimsOf(evaluation.projects, campaign.rubric, campaign.expectedProjects),
      reviewsInForce(db, campaign.id, principal.code),
    ]);
    const claimState = (c: (typeof claims)[number]) => stateOf(inForce.get(`${c.key}|${c.contentHash}`));
    const states = new Map(claims.map((c) => [c.key, claimState(c)]));
    // Counted per claim, as the rankings tally them: two rows may share a name (project.duplicate).
    const review = { pending: 0, accepted: 0, returned: 0 };
    for (const claim of claims) review[claimState(claim)] += 1;
    // The audited score: claims by their verified state, activities from closed judged events.
    const score = scoreReport(
      evaluation.projects,
      input.activities,
      input.landmark,
      { year: campaign.year, asOf },
      campaign.rubric,
      {
        ...scoring,
        ...(campaign.acceptance === "reviewed" ? { verified: (key) => states.get(key) ?? "pending" } : {}),
        activities: activitiesOverride(
          campaign,
          campaign.activities === "judged"
            ? (await judgedPoints(db, campaign))(principal.code, body.period)
            : undefined,
        ),
      },
    );

    // The branch's rank for the month once this submission counts: the others' latest, plus this.
    const standings = (await monthStandings(db, campaign, body.period))
      .filter((row) => row.branch !== principal.code)
      .map((row) => ({ branch: row.branch, total: row.score.total }));
    standings.push({ branch: principal.code, total: score.total });
    const ranked = rank(
      standings,
      (s) => s.total,
      (s) => s.branch,
      campaign.ranking,
    );
    const mine = ranked.find((r) => r.item.branch === principal.code);

    const id = crypto.randomUUID();
    const receivedAt = now.toISOString();
    const answer = JSON.stringify({
      submissionId: id,
      campaign: campaign.id,
      branch: principal.code,
      period: body.period,
      asOf,
      receivedAt,
      score,
      selfScore: evaluation.score,
      review,
      findings: { ...counts, codes },
      rank: mine?.rank ?? null,
      tied: mine?.tied ?? false,
      ranked: ranked.length,
      method: campaign.ranking,
    } satisfies SubmissionAnswer);
    const statements = [
      insertAnswer(db, {
        branch: principal.code,
        key,
        bodyHash,
        status: 201,
        response: answer,
        submissionId: id,
        createdAt: receivedAt,
      }),
      ...(await insertSubmission(db, {
        id,
        campaign: campaign.id,
        branch: principal.code,
        period: body.period,
        asOf,
        clientAsOf: body.asOf,
        receivedAt,
        idempotencyKey: key,
        bodyHash,
        score: evaluation.score,
        projectCount: evaluation.projects.length,
        findings: evaluation.findings,
        counts,
        codes,
        projects: evaluation.projects,
        rubricHash: await sha256Hex(JSON.stringify(campaign.rubric)),
        workbook: body.workbook,
        client: body.client,
      })),
      ...insertClaims(db, { id, campaign: campaign.id, branch: principal.code }, claims, (claim) =>
        cellOfProject(body, claim.index),
      ),
    ];
    // One transaction: the idempotency row first, so a concurrent duplicate fails on its key and
    // leaves nothing behind.
    try {
      await db.batch(statements);
    } catch (err) {
      // A concurrent request with the same key won the race: answer as its replay would.
      if (isUniqueViolation(err)) {
        const winner = await findAnswer(db, principal.code, key);
        if (winner) return replay(winner, bodyHash);
      }
      throw err;
    }
    invalidateRankings();
    return json(answer, 201);
  },
);
