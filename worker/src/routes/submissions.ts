/**
 * POST /api/v1/submissions (docs/api.md): a branch's normalized rows, re-scored here with the
 * campaign's rubric and stored append-only. `Idempotency-Key` makes retries safe: the first answer
 * is stored in the same batch as the submission and replayed byte for byte; another body under
 * the same key is 409.
 */
import { Hono } from "hono";
import { evaluate } from "../../../shared/analyze.ts";
import type { SubmissionAnswer } from "../../../shared/api/schemas.ts";
import { asOfAllowed, evaluationInput, submissionSchema } from "../../../shared/submission.ts";
import { requireBranch } from "../auth.ts";
import { canonicalJson, sha256Hex, TooDeepError } from "../crypto.ts";
import { getCampaign } from "../db/campaigns.ts";
import { findAnswer, insertAnswer, type StoredAnswer } from "../db/idempotency.ts";
import { insertSubmission, latestPerBranch, type StandingRow } from "../db/submissions.ts";
import { isUniqueViolation } from "../db/util.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { json, parseBody, readJsonBody } from "../http.ts";
import { rank } from "../ranking.ts";
import { invalidateRankings } from "../rankings.ts";

/** Printable ASCII, 1–200 characters: a UUID, or whatever the client uses as its key. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e](?:[\x20-\x7e]{0,198}[\x21-\x7e])?$/;

/**
 * The latest local date anywhere on Earth (UTC+14): an as-of date may not be after the day of
 * receipt, and a branch in UTC+8 that syncs at 07:00 on the 1st is already on the 1st.
 */
function receivedOn(now: Date): string {
  return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
}

function replay(stored: StoredAnswer, bodyHash: string): Response {
  if (stored.bodyHash !== bodyHash) {
    throw new ApiError(
      409,
      "idempotency_conflict",
      "This Idempotency-Key was already used for a different body; use a new key.",
    );
  }
  return json(stored.response, stored.status, { "Idempotent-Replayed": "true" });
}

export const submissions = new Hono<AppEnv>();

submissions.post("/", requireBranch, async (c) => {
  const principal = c.get("principal");
  if (principal.kind !== "branch") {
    throw new ApiError(403, "forbidden", "Only a branch's sync token can submit.");
  }
  const key = c.req.header("Idempotency-Key")?.trim() ?? "";
  if (!key) {
    throw new ApiError(
      400,
      "idempotency_key_missing",
      "Send an Idempotency-Key header (a UUID per submission).",
    );
  }
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError(
      400,
      "idempotency_key_invalid",
      "The Idempotency-Key must be 1–200 printable ASCII characters.",
    );
  }

  const raw = await readJsonBody(c);
  let canonical: string;
  try {
    canonical = canonicalJson(raw);
  } catch (err) {
    if (err instanceof TooDeepError) {
      throw new ApiError(422, "validation_failed", "The body is nested too deeply.");
    }
    throw err;
  }
  const bodyHash = await sha256Hex(canonical);
  const db = c.env.DB;
  const prior = await findAnswer(db, principal.code, key);
  if (prior) return replay(prior, bodyHash);

  const body = parseBody(submissionSchema, raw);
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
  if (!asOfAllowed(body.period, body.asOf, receivedOn(now))) {
    throw new ApiError(422, "validation_failed", "The as-of date is outside the allowed window.", {
      issues: [
        {
          path: "asOf",
          message: `expected a date in ${body.period} or at most 10 days after it, and not after the day of receipt`,
        },
      ],
    });
  }

  const evaluation = evaluate(evaluationInput(body), {
    asOf: body.asOf,
    rubric: campaign.rubric,
    expectedProjects: campaign.expectedProjects,
    campaignYear: campaign.year,
  });
  const counts = { error: 0, warning: 0, info: 0 };
  const codes: Record<string, number> = {};
  for (const finding of evaluation.findings) {
    counts[finding.severity] += 1;
    codes[finding.code] = (codes[finding.code] ?? 0) + 1;
  }

  // The branch's rank for the month once this submission counts: the others' latest, plus this.
  const { results: others } = await latestPerBranch(
    db,
    campaign.id,
    body.period,
    body.period,
    body.period,
  ).all<StandingRow>();
  const standings = others
    .filter((row) => row.branch !== principal.code)
    .map((row) => ({ branch: row.branch, total: row.total }));
  standings.push({ branch: principal.code, total: evaluation.score.total });
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
    asOf: body.asOf,
    receivedAt,
    score: evaluation.score,
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
      asOf: body.asOf,
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
});
