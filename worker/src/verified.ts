/**
 * The two scores of a stored submission (docs/api.md, "Two scores"): `selfScore`, the list taken
 * at its word (what was stored at receipt), and `score`, what ranks — under `acceptance:
 * "reviewed"` the claims in their verified states as of now (the tally of db/submissions.ts), and,
 * when the caller passes one, an activities component computed elsewhere (judged events, under
 * `activities: "judged"`). Read time, never frozen at receipt: a review moves the score at once.
 */
import type { ReviewCounts } from "../../shared/api/reviews.ts";
import type { Rubric } from "../../shared/rubric.ts";
import { adjustedScore, type Score } from "../../shared/score.ts";
import type { Acceptance, ActivitiesSource } from "./db/campaigns.ts";
import type { ScoreRow, TallyColumns } from "./db/submissions.ts";

export interface TwoScores {
  score: Score;
  selfScore: Score;
  review: ReviewCounts;
}

/** The stored self-score of a row. */
export function selfScoreOf(row: ScoreRow): Score {
  return {
    total: row.total,
    max: row.max,
    stars: row.stars,
    byCategory: {
      model: row.model,
      service: row.service,
      vanguard: row.vanguard,
      activities: row.activities,
      landmark: row.landmark,
    },
    clarityRate: row.clarity_rate,
    completionRate: row.completion_rate,
    overdue: row.overdue,
  };
}

/**
 * The activities points that replace the workbook's own under `activities: "judged"`: the judged
 * result passed in, or 0 while the branch has none (no closed event yet); undefined under `self`,
 * where the workbook's 亮晒比评 numbers count.
 */
export function activitiesOverride(
  campaign: { activities: ActivitiesSource },
  judged: number | undefined,
): number | undefined {
  return campaign.activities === "judged" ? (judged ?? 0) : undefined;
}

/**
 * Both scores of a row under the campaign's settings. `judged`: the branch's judged activities
 * points for the row's period (docs/rubric.md) when the caller has them; under `activities:
 * "judged"` their absence means no closed event yet, 0.
 */
export function twoScores(
  row: ScoreRow & TallyColumns,
  campaign: { acceptance: Acceptance; activities: ActivitiesSource; rubric: Rubric },
  judged?: number,
): TwoScores {
  const selfScore = selfScoreOf(row);
  const delta =
    campaign.acceptance === "reviewed"
      ? { model: row.d_model, service: row.d_service, vanguard: row.d_vanguard }
      : {};
  return {
    score: adjustedScore(selfScore, delta, campaign.rubric, activitiesOverride(campaign, judged)),
    selfScore,
    review: { pending: row.pending, accepted: row.accepted, returned: row.returned },
  };
}

/** A stored row with its score columns replaced by the audited score (the pages' trend and cards). */
export function auditedRow<R extends ScoreRow & TallyColumns>(
  row: R,
  campaign: { acceptance: Acceptance; activities: ActivitiesSource; rubric: Rubric },
  judged?: number,
): R {
  const { score } = twoScores(row, campaign, judged);
  return {
    ...row,
    total: score.total,
    stars: score.stars,
    model: score.byCategory.model,
    service: score.byCategory.service,
    vanguard: score.byCategory.vanguard,
    activities: score.byCategory.activities,
  };
}
