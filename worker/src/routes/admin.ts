/**
 * The campaign office's API (bearer ADMIN_TOKEN only): campaigns with their rubric, branches and
 * their sync tokens. A token is returned once, at issue or rotation, and stored only as SHA-256.
 *
 * A campaign's rubric is replaced as a whole: the rubric sent (partial or not) is completed with
 * the defaults and becomes the campaign's rubric; it applies to submissions received from then on.
 */
import { Hono } from "hono";
import { z } from "zod";
import { campaignPatchRequest, newBranchRequest, newCampaignRequest } from "../../../shared/api/admin.ts";
import {
  newCampaignDefaults,
  type reopenAnswer,
  reopenRequest,
  reviewerRequest,
  type reviewerStateAnswer,
  type reviewerTokenAnswer,
} from "../../../shared/api/reviews.ts";
import { rubricSchema } from "../../../shared/rubric.ts";
import { campaignId } from "../../../shared/submission.ts";
import { auditChanges } from "../audit.ts";
import { BRANCH_TOKEN_PREFIX, requireAdmin } from "../auth.ts";
import { randomToken, sha256Hex } from "../crypto.ts";
import { listAudit } from "../db/audit.ts";
import { getBranch, insertBranch, listBranches, setBranchDisabled, setBranchToken } from "../db/branches.ts";
import { getCampaign, insertCampaign, updateCampaign } from "../db/campaigns.ts";
import { insertReopening } from "../db/reopenings.ts";
import { disableReviewer, insertReviewer, listReviewers } from "../db/reviewers.ts";
import { deleteAllSessions } from "../db/sessions.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { jsonBody, queryOf } from "../http.ts";
import { invalidateRankings } from "../rankings.ts";
import { endMemberSessions, issueMemberToken, reviewerRole } from "../roles.ts";
import { backup } from "./backup.ts";
import { campaignView } from "./campaigns.ts";
import { adminEvents } from "./events.ts";
import { notifyAdmin } from "./notify.ts";

async function issueToken(): Promise<{ token: string; hash: string }> {
  const token = randomToken(BRANCH_TOKEN_PREFIX);
  return { token, hash: await sha256Hex(token) };
}

function branchNotFound(code: string): ApiError {
  return new ApiError(404, "branch_not_found", `No branch ${code}.`);
}

// Chained: these routes' types are part of AppType (worker/src/index.ts).
export const admin = new Hono<AppEnv>()
  .use("*", requireAdmin)
  .use("*", auditChanges)
  .route("/", backup)
  .route("/", adminEvents)
  .route("/", notifyAdmin)
  .post("/campaigns", jsonBody(newCampaignRequest), async (c) => {
    const body = c.req.valid("json");
    const created = await insertCampaign(c.env.DB, {
      id: body.id,
      name: body.name,
      year: body.year,
      expectedProjects: body.expectedProjects === undefined ? 14 : body.expectedProjects,
      ranking: body.ranking ?? "dense",
      rubric: body.rubric ?? rubricSchema.parse({}),
      acceptance: body.acceptance ?? newCampaignDefaults.acceptance,
      activities: body.activities ?? newCampaignDefaults.activities,
      timezone: body.timezone ?? newCampaignDefaults.timezone,
      windowDays: body.windowDays === undefined ? newCampaignDefaults.windowDays : body.windowDays,
    });
    if (!created) throw new ApiError(409, "campaign_exists", `Campaign ${body.id} already exists.`);
    return c.json(campaignView(created), 201);
  })
  .put("/campaigns/:id", jsonBody(campaignPatchRequest), async (c) => {
    const id = c.req.param("id");
    const patch = c.req.valid("json");
    const updated = await updateCampaign(c.env.DB, id, patch);
    if (!updated) throw new ApiError(404, "campaign_not_found", `No campaign ${id}.`);
    invalidateRankings();
    return c.json(campaignView(updated));
  })
  .get("/branches", queryOf(z.object({ campaign: campaignId.optional() })), async (c) => {
    const q = c.req.valid("query");
    const list = await listBranches(c.env.DB, q.campaign);
    return c.json({ branches: list });
  })
  .post("/branches", jsonBody(newBranchRequest), async (c) => {
    const body = c.req.valid("json");
    if (!(await getCampaign(c.env.DB, body.campaign))) {
      throw new ApiError(404, "campaign_not_found", `No campaign ${body.campaign}; create it first.`);
    }
    const { token, hash } = await issueToken();
    const created = await insertBranch(c.env.DB, {
      code: body.code,
      name: body.name,
      campaign: body.campaign,
      tokenHash: hash,
    });
    if (!created) throw new ApiError(409, "branch_exists", `Branch ${body.code} already exists.`);
    invalidateRankings();
    return c.json({ code: created.code, name: created.name, campaign: created.campaign, token }, 201);
  })
  .post("/branches/:code/token", async (c) => {
    const code = c.req.param("code");
    const { token, hash } = await issueToken();
    const branch = await setBranchToken(c.env.DB, code, hash);
    if (!branch) throw branchNotFound(code);
    return c.json({ code: branch.code, token });
  })
  .post("/branches/:code/disable", async (c) => {
    const code = c.req.param("code");
    const branch = await setBranchDisabled(c.env.DB, code, true);
    if (!branch) throw branchNotFound(code);
    invalidateRankings();
    return c.json({ code: branch.code, disabled: true });
  })
  .post("/branches/:code/enable", async (c) => {
    const code = c.req.param("code");
    const branch = await setBranchDisabled(c.env.DB, code, false);
    if (!branch) throw branchNotFound(code);
    invalidateRankings();
    return c.json({ code: branch.code, disabled: false });
  })
  /** Ends every viewer session at once (a leaked cookie, a departed leader); sign-in still works. */
  .post("/sessions/revoke", async (c) => {
    const revoked = await deleteAllSessions(c.env.DB);
    return c.json({ revoked });
  })
  /** The audit log, newest first, 100 at a time: `?before=<seq>` pages back (`next` in the answer). */
  .get(
    "/audit",
    queryOf(
      z.object({
        before: z.coerce.number().int().min(1).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
    ),
    async (c) => {
      const q = c.req.valid("query");
      const entries = await listAudit(c.env.DB, q.before, q.limit);
      const last = entries.at(-1);
      return c.json({ entries, next: entries.length === q.limit && last ? last.seq : null });
    },
  );

/** A reviewer of one campaign (docs/roles.md): the token is in this answer only. */
admin.post("/reviewers", jsonBody(reviewerRequest), async (c) => {
  const body = c.req.valid("json");
  if (!(await getCampaign(c.env.DB, body.campaign))) {
    throw new ApiError(404, "campaign_not_found", `No campaign ${body.campaign}; create it first.`);
  }
  const { token, hash } = await issueMemberToken(reviewerRole);
  const reviewer = await insertReviewer(c.env.DB, {
    id: `rv-${crypto.randomUUID().slice(0, 8)}`,
    campaign: body.campaign,
    name: body.name,
    tokenHash: hash,
  });
  return c.json(
    { id: reviewer.id, name: reviewer.name, campaign: reviewer.campaign, token } satisfies z.infer<
      typeof reviewerTokenAnswer
    >,
    201,
  );
});

admin.get("/reviewers", queryOf(z.object({ campaign: campaignId.optional() })), async (c) => {
  const q = c.req.valid("query");
  return c.json({ reviewers: await listReviewers(c.env.DB, q.campaign) });
});

/** Disabling ends the reviewer's sessions at once; its token is refused from then on. */
admin.post("/reviewers/:id/disable", async (c) => {
  const id = c.req.param("id");
  const reviewer = await disableReviewer(c.env.DB, id);
  if (!reviewer) throw new ApiError(404, "reviewer_not_found", `No reviewer ${id}.`);
  const sessionsEnded = await endMemberSessions(c.env.DB, reviewerRole, id);
  return c.json({ id, disabled: true, sessionsEnded } satisfies z.infer<typeof reviewerStateAnswer>);
});

/** Reopens a closed month for one branch until a date (inclusive): docs/api.md "Period and as-of". */
admin.post("/reopen", jsonBody(reopenRequest), async (c) => {
  const body = c.req.valid("json");
  const branch = await getBranch(c.env.DB, body.branch);
  if (!branch || branch.campaign !== body.campaign) {
    throw new ApiError(404, "branch_not_found", `No branch ${body.branch} in campaign ${body.campaign}.`);
  }
  const campaign = await getCampaign(c.env.DB, body.campaign);
  if (campaign && Number(body.period.slice(0, 4)) !== campaign.year) {
    throw new ApiError(
      422,
      "period_out_of_range",
      `The period ${body.period} is outside the campaign's year ${campaign.year}.`,
      {
        issues: [{ path: "period", message: `expected a month of ${campaign.year}` }],
      },
    );
  }
  await insertReopening(c.env.DB, body);
  return c.json(
    {
      campaign: body.campaign,
      branch: body.branch,
      period: body.period,
      until: body.until,
    } satisfies z.infer<typeof reopenAnswer>,
    201,
  );
});
