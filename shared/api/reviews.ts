/**
 * The contract of verification and honest timing (docs/api.md, "Reviews", "Reviewers", "Period
 * and as-of"): campaign settings, reviewers, reviews, the two scores side by side, reopening a
 * month. The Worker builds its answers to these types; clients parse what they receive with them.
 */
import * as z from "zod";
import type { Lang } from "../findings.ts";
import { isTimezone, periodClosedText, periodFutureText } from "../period.ts";
import { safeString } from "../safe-text.ts";
import { branchCode, campaignId, isoDate, monthPeriod } from "../submission.ts";

export const acceptanceModes = ["reviewed", "self"] as const;
export const activitiesSources = ["judged", "self"] as const;
export const verifiedStateSchema = z.enum(["pending", "accepted", "returned"]);
export const reviewDecision = z.enum(["accept", "return"]);

/** What a month's window allows: 0–366 days into the next month, or null for always open. */
export const windowDays = z.number().int().min(0).max(366).nullable();
export const timezone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimezone, { message: "expected an IANA time zone such as Asia/Shanghai" });

/**
 * A campaign's settings as clients read them (GET /api/v1/campaigns/:id). A server from before
 * these settings existed sends none: it behaved as `self`, `self`, Asia/Shanghai, always open.
 */
export const campaignSettings = z.object({
  acceptance: z.enum(acceptanceModes).default("self"),
  activities: z.enum(activitiesSources).default("self"),
  timezone: z.string().default("Asia/Shanghai"),
  windowDays: windowDays.default(null),
});

/** The settings as the office sends them (admin campaign create/update); all optional. */
export const campaignSettingsInput = z.object({
  acceptance: z.enum(acceptanceModes).optional(),
  activities: z.enum(activitiesSources).optional(),
  timezone: timezone.optional(),
  windowDays: windowDays.optional(),
});

/** The defaults of a campaign created now (docs/api.md): verified claims, judged activities, 5 days. */
export const newCampaignDefaults = {
  acceptance: "reviewed",
  activities: "judged",
  timezone: "Asia/Shanghai",
  windowDays: 5,
} as const;

/** How many of a submission's claims are in each state. */
export const reviewCounts = z.object({
  pending: z.number().int(),
  accepted: z.number().int(),
  returned: z.number().int(),
});
export type ReviewCounts = z.infer<typeof reviewCounts>;

const reviewerName = safeString(z.string().trim().min(1).max(200));

/** POST /api/v1/admin/reviewers. */
export const reviewerRequest = z.strictObject({ campaign: campaignId, name: reviewerName });

/** 201 of POST /api/v1/admin/reviewers: the token is shown once. */
export const reviewerTokenAnswer = z.object({
  id: z.string(),
  name: z.string(),
  campaign: z.string(),
  token: z.string(),
});

export const reviewerView = z.object({
  id: z.string(),
  name: z.string(),
  campaign: z.string(),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type ReviewerView = z.infer<typeof reviewerView>;

/** GET /api/v1/admin/reviewers?campaign= */
export const reviewerListAnswer = z.object({ reviewers: z.array(reviewerView) });

/** POST /api/v1/admin/reviewers/:id/disable */
export const reviewerStateAnswer = z.object({
  id: z.string(),
  disabled: z.boolean(),
  sessionsEnded: z.number().int(),
});

/** GET /api/v1/reviews?campaign=&period=&branch= */
export const reviewsQuery = z.object({
  campaign: campaignId,
  period: monthPeriod,
  branch: branchCode.optional(),
});

export const reviewRecord = z.object({
  decision: reviewDecision,
  reason: z.string(),
  reviewer: z.string(),
  at: z.string(),
});

export const reviewItem = z.object({
  branch: z.object({ code: z.string(), name: z.string() }),
  project: z.object({
    key: z.string(),
    name: z.string(),
    target: z.string(),
    owner: z.string(),
    deadline: z.string(),
    status: z.string(),
    progress: z.number().nullable(),
    evidence: z.string(),
    sheet: z.string(),
    cell: z.string().nullable(),
  }),
  contentHash: z.string(),
  state: verifiedStateSchema,
  review: reviewRecord.optional(),
});
export type ReviewItem = z.infer<typeof reviewItem>;

/** Returned first, then pending, then accepted. */
export const reviewsAnswer = z.object({ items: z.array(reviewItem) });
export type ReviewsAnswer = z.infer<typeof reviewsAnswer>;

/** POST /api/v1/reviews — a reason (1–500 characters) is required to return a claim. */
export const reviewRequest = z
  .strictObject({
    campaign: campaignId,
    branch: branchCode,
    period: monthPeriod,
    project: safeString(z.string().min(1).max(2000)),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/, { message: "expected the project's SHA-256 (hex)" }),
    decision: reviewDecision,
    reason: safeString(z.string().trim().max(500)).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.decision === "return" && !body.reason) {
      ctx.addIssue({
        code: "custom",
        path: ["reason"],
        message: "a return needs a reason (1–500 characters)",
      });
    }
  });
export type ReviewRequest = z.infer<typeof reviewRequest>;

/** 201 of POST /api/v1/reviews: the review, and where the branch stands now. */
export const reviewAnswer = z.object({
  review: reviewRecord.extend({ id: z.string(), project: z.string(), contentHash: z.string() }),
  branch: z.object({
    code: z.string(),
    score: z.number(),
    selfScore: z.number(),
    rank: z.number().int().nullable(),
    review: reviewCounts,
  }),
});
export type ReviewAnswer = z.infer<typeof reviewAnswer>;

/** POST /api/v1/admin/reopen: the month takes the branch's submissions until `until` (inclusive). */
export const reopenRequest = z.strictObject({
  campaign: campaignId,
  branch: branchCode,
  period: monthPeriod,
  until: isoDate,
});
export const reopenAnswer = z.object({
  campaign: z.string(),
  branch: z.string(),
  period: z.string(),
  until: z.string(),
});

/**
 * A refusal about timing in the reader's language (the pane, the command line): "2026年11月的填报
 * 已于2026年12月5日截止，如需补报请联系活动办公室". Null for any other error.
 */
export function timingRefusalText(
  error: { code: string | null; period?: string | null; closedOn?: string | null },
  lang: Lang,
): string | null {
  if (error.code === "period.closed" && error.period && error.closedOn)
    return periodClosedText(error.period, error.closedOn, lang);
  if (error.code === "period.future" && error.period) return periodFutureText(error.period, lang);
  return null;
}
