/**
 * The viewers' answers (docs/api.md, "Rankings" and "A branch's history"): what the benchmarks and
 * any client read of GET /api/v1/rankings and GET /api/v1/branches/:code/history.
 */
import * as z from "zod";
import { reviewCounts } from "./reviews.ts";
import { rankingMethod } from "./schemas.ts";

const byCategory = z.object({
  model: z.number(),
  service: z.number(),
  vanguard: z.number(),
  activities: z.number(),
  landmark: z.number(),
});

const branchRef = z.object({ code: z.string(), name: z.string() });
const campaignRef = z.object({ id: z.string(), name: z.string(), year: z.number().int() });

export const rankingRow = z.object({
  rank: z.number().int(),
  tied: z.boolean(),
  branch: branchRef,
  score: z.number(),
  stars: z.number().int(),
  total: z.number(),
  // docs/api.md, "Two scores": the list taken at its word, and its claims by verified state.
  selfScore: z.number(),
  review: reviewCounts,
  byCategory,
  clarityRate: z.number(),
  completionRate: z.number(),
  overdue: z.number().int(),
  previousRank: z.number().int().nullable(),
  movement: z.number().int().nullable(),
  period: z.string(),
  submissionId: z.string(),
  submittedAt: z.string(),
});

/** GET /api/v1/rankings?campaign=&period=: the ranked branches and those that have not reported. */
export const rankingsAnswer = z.object({
  campaign: campaignRef,
  period: z.string(),
  kind: z.enum(["month", "quarter", "year"]),
  from: z.string(),
  to: z.string(),
  previousPeriod: z.string(),
  metric: z.string(),
  method: rankingMethod,
  rows: z.array(rankingRow),
  missing: z.array(branchRef),
});
export type RankingsAnswer = z.infer<typeof rankingsAnswer>;

/** GET /api/v1/branches/:code/history: the campaign year's twelve months, null where nothing came. */
export const branchHistoryAnswer = z.object({
  branch: branchRef,
  campaign: campaignRef,
  months: z.array(
    z
      .object({
        period: z.string(),
        submissionId: z.string().nullable(),
        submittedAt: z.string().nullable(),
        total: z.number().nullable(),
      })
      .loose(),
  ),
});
