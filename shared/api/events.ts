/**
 * 现场打分 — the events' part of `/api/v1` (docs/api.md "Events and judges"): what the office sends
 * to create events and judges, what a judge sends for a score, and every answer, parsed by the
 * Worker (requests) and by the command line and tests (answers) with these same schemas.
 */
import * as z from "zod";
import { safeString } from "../safe-text.ts";
import { branchCode, campaignId, isoDate } from "../submission.ts";

/** `2023-06`, `2023-Q2` or `2023`: the month, quarter or year the competition is for. */
export const eventPeriod = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/, { message: "expected a period 2023-06, 2023-Q2 or 2023" });

export const eventName = safeString(z.string().trim().min(1).max(200));

/** POST /api/v1/admin/events. Without `branches`, every enabled branch of the campaign takes part. */
export const newEventRequest = z.strictObject({
  campaign: campaignId,
  name: eventName,
  period: eventPeriod,
  date: isoDate,
  branches: z.array(branchCode).min(1).max(1000).optional(),
  /** Scores dropped at each end; omitted: 1 when at least 5 judges scored, else 0. */
  trim: z.number().int().min(0).max(10).optional(),
});
export type NewEventRequest = z.infer<typeof newEventRequest>;

/** POST /api/v1/admin/events/:id/judges. */
export const newJudgeRequest = z.strictObject({ name: safeString(z.string().trim().min(1).max(100)) });

/** PUT /api/v1/events/:id/scores/:branch — a judge's score for one branch (0–100). */
export const judgeScoreRequest = z.strictObject({
  score: z.number().min(0).max(100),
  note: safeString(z.string().trim().max(500)).optional(),
});
export type JudgeScoreRequest = z.infer<typeof judgeScoreRequest>;

export const eventCreatedAnswer = z.object({ id: z.number().int() });

/** One event in a list, and the `event` of its result. */
export const eventSummary = z.object({
  id: z.number().int(),
  campaign: z.string(),
  name: z.string(),
  period: z.string(),
  date: z.string(),
  trim: z.number().int().nullable(),
  closed: z.boolean(),
  closedAt: z.string().nullable(),
  branches: z.number().int(),
  judges: z.number().int(),
});
export type EventSummary = z.infer<typeof eventSummary>;

/** One branch's result in a closed event (`GET /api/v1/events?branch=`); null while open or absent. */
export const branchResult = z.object({
  score: z.number().nullable(),
  rank: z.number().int().nullable(),
  tied: z.boolean(),
  count: z.number().int(),
});
export type BranchResult = z.infer<typeof branchResult>;

/**
 * GET /api/v1/events?campaign=[&branch=]: newest date first. With `branch`, only the events it
 * takes part in, each with the branch's `result` once closed.
 */
export const eventListAnswer = z.object({
  events: z.array(eventSummary.extend({ result: branchResult.nullable().optional() })),
});

/** POST /api/v1/admin/events/:id/close and /reopen. */
export const eventStateAnswer = z.object({
  id: z.number().int(),
  closed: z.boolean(),
  closedAt: z.string().nullable(),
});

/** POST /api/v1/admin/events/:id/judges (201): the token is shown once. */
export const judgeCreatedAnswer = z.object({
  id: z.number().int(),
  name: z.string(),
  event: z.number().int(),
  token: z.string(),
});

/** One judge's latest score for one branch. */
export const judgeScore = z.object({
  branch: z.string(),
  score: z.number(),
  note: z.string().nullable(),
  at: z.string(),
});
export type JudgeScore = z.infer<typeof judgeScore>;

/** PUT /api/v1/events/:id/scores/:branch (200): the score as stored and the judge's progress. */
export const scoreSavedAnswer = z.object({
  event: z.number().int(),
  judge: z.object({ id: z.number().int(), name: z.string() }),
  saved: judgeScore,
  /** How many of the event's branches this judge has scored (已评 n/m). */
  progress: z.object({ scored: z.number().int(), of: z.number().int() }),
});
export type ScoreSavedAnswer = z.infer<typeof scoreSavedAnswer>;

/**
 * GET /api/v1/events/:id. Until the event is closed `score`, `rank`, `scores` and `dropped` are
 * withheld (null and empty) and only `count` — how many judges scored the branch — is shown; a
 * judge asking sees its own scores in `mine`.
 */
export const eventAnswer = z.object({
  event: z.object({
    id: z.number().int(),
    campaign: z.string(),
    name: z.string(),
    period: z.string(),
    date: z.string(),
    trim: z.number().int().nullable(),
    closed: z.boolean(),
    closedAt: z.string().nullable(),
  }),
  judges: z.array(z.object({ id: z.number().int(), name: z.string(), scored: z.number().int() })),
  rows: z.array(
    z.object({
      rank: z.number().int().nullable(),
      tied: z.boolean(),
      branch: z.object({ code: z.string(), name: z.string() }),
      score: z.number().nullable(),
      scores: z.array(z.number()),
      dropped: z.array(z.number()),
      count: z.number().int(),
    }),
  ),
  mine: z.array(judgeScore).optional(),
});
export type EventAnswer = z.infer<typeof eventAnswer>;
