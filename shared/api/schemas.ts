/**
 * The one contract of `/api/v1` (docs/api.md): a zod schema for every answer a client reads and
 * every request it sends. The Worker builds its answers to these types; the task pane, the command
 * line and the scripts parse what they receive with the same schemas and refuse an answer that
 * does not match, with a clear error, rather than cast it.
 */
import * as z from "zod";
import { rubricSchema } from "../rubric.ts";
import { campaignSettings, reviewCounts } from "./reviews.ts";

export { submissionSchema as submissionRequest } from "../submission.ts";

/** `{ error: { code, message, issues? } }` — every error answer. */
export const errorAnswer = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    /** period.closed / period.future: the month, and the last day it took submissions. */
    period: z.string().optional(),
    closedOn: z.string().optional(),
  }),
});
export type ErrorAnswer = z.infer<typeof errorAnswer>;

export const rankingMethod = z.enum(["dense", "competition"]);

export const scoreAnswer = z.object({
  total: z.number(),
  max: z.number(),
  stars: z.number().int(),
  byCategory: z.object({
    model: z.number(),
    service: z.number(),
    vanguard: z.number(),
    activities: z.number(),
    landmark: z.number(),
  }),
  clarityRate: z.number(),
  completionRate: z.number(),
  overdue: z.number().int(),
});

/** 201 (and its replay, 200) of POST /api/v1/submissions: the server's score and rank. */
export const submissionAnswer = z.object({
  submissionId: z.string(),
  campaign: z.string(),
  branch: z.string(),
  period: z.string(),
  asOf: z.string(),
  receivedAt: z.string(),
  /** The audited score (what ranks): claims by their verified state under `acceptance: "reviewed"`. */
  score: scoreAnswer,
  /** The same list taken at its word, under the campaign's rubric and expected count. */
  selfScore: scoreAnswer,
  review: reviewCounts,
  findings: z.object({
    error: z.number().int(),
    warning: z.number().int(),
    info: z.number().int(),
    codes: z.record(z.string(), z.number().int()),
  }),
  rank: z.number().int().nullable(),
  tied: z.boolean(),
  ranked: z.number().int(),
  method: rankingMethod,
});
export type SubmissionAnswer = z.infer<typeof submissionAnswer>;

/** GET /api/v1/campaigns/:id and the admin's campaign answers. */
export const campaignAnswer = z.object({
  id: z.string(),
  name: z.string(),
  year: z.number().int(),
  expectedProjects: z.number().int().nullable(),
  rubric: rubricSchema,
  ranking: rankingMethod,
  ...campaignSettings.shape,
});
export type CampaignAnswer = z.infer<typeof campaignAnswer>;

/** GET /api/v1/whoami: what a token stands for. */
export const whoamiAnswer = z.discriminatedUnion("role", [
  z.object({
    role: z.literal("branch"),
    branch: z.object({ code: z.string(), name: z.string() }),
    campaign: z.string(),
  }),
  z.object({
    role: z.literal("reviewer"),
    reviewer: z.object({ id: z.string(), name: z.string() }),
    campaign: z.string(),
  }),
  z.object({ role: z.enum(["viewer", "admin"]) }),
]);
export type WhoamiAnswer = z.infer<typeof whoamiAnswer>;

/** POST /api/v1/admin/branches (201) and …/token: the token is shown once. */
export const branchTokenAnswer = z.object({
  code: z.string(),
  name: z.string().optional(),
  campaign: z.string().optional(),
  token: z.string(),
});

export const branchStateAnswer = z.object({ code: z.string(), disabled: z.boolean() });

export const branchListAnswer = z.object({
  branches: z.array(
    z.object({ code: z.string(), name: z.string(), campaign: z.string(), disabled: z.boolean() }).loose(),
  ),
});

/** POST /api/v1/admin/sessions/revoke: how many viewer sessions ended. */
export const sessionsRevokedAnswer = z.object({ revoked: z.number().int() });

/** GET /api/v1/admin/audit: the admin actions, newest first; `next` pages back. */
export const auditAnswer = z.object({
  entries: z.array(
    z
      .object({
        seq: z.number().int(),
        at: z.string(),
        actor: z.string(),
        address: z.string(),
        action: z.string(),
        target: z.string().nullable(),
      })
      .loose(),
  ),
  next: z.number().int().nullable(),
});
