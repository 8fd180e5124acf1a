/**
 * The judged activities part of a branch's score (docs/rubric.md "Activities"): under a campaign's
 * `activities: "judged"`, the mean of the branch's results in the campaign's closed events dated
 * in the campaign year up to the last day of the submission's period, × the rubric's activities
 * points / 100. Every closed event's latest scores are read in one statement per campaign, so a
 * rankings answer costs one more query however many branches it ranks.
 */
import { judgedActivityPoints, judgedResultsByBranch, periodLastDay } from "../../shared/events.ts";
import type { Rubric } from "../../shared/rubric.ts";
import { closedEventScores } from "./db/events.ts";

/** A branch's judged activities points for a period (0 without any closed event yet). */
export type JudgedPoints = (branch: string, period: string) => number;

/** The lookup from the rows of `closedEventScores` (run in the caller's batch). */
export function judgedPointsFrom(
  rows: readonly { eventId: number; date: string; trim: number | null; branch: string; score: number }[],
  campaign: { year: number; rubric: Rubric },
): JudgedPoints {
  const byBranch = judgedResultsByBranch(rows);
  return (branch, period) =>
    judgedActivityPoints(
      byBranch.get(branch) ?? [],
      campaign.year,
      periodLastDay(period) ?? `${campaign.year}-12-31`,
      campaign.rubric.activities.points,
    );
}

/** The lookup for one campaign, read now. */
export async function judgedPoints(
  db: D1Database,
  campaign: { id: string; year: number; rubric: Rubric },
): Promise<JudgedPoints> {
  const { results } = await closedEventScores(db, campaign.id).all<{
    eventId: number;
    date: string;
    trim: number | null;
    branch: string;
    score: number;
  }>();
  return judgedPointsFrom(results, campaign);
}
