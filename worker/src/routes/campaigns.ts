/** GET /api/v1/campaigns (viewer) and GET /api/v1/campaigns/:id (branch of it, or viewer). */
import { Hono } from "hono";
import type { CampaignAnswer } from "../../../shared/api/schemas.ts";
import { assertCampaignReadable, requireReader } from "../auth.ts";
import { type Campaign, getCampaign, listCampaigns } from "../db/campaigns.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";

/** What clients read: the rubric the add-in scores with, and how the campaign ranks. */
export function campaignView(c: Campaign): CampaignAnswer {
  return {
    id: c.id,
    name: c.name,
    year: c.year,
    expectedProjects: c.expectedProjects,
    rubric: c.rubric,
    ranking: c.ranking,
    acceptance: c.acceptance,
    activities: c.activities,
    timezone: c.timezone,
    windowDays: c.windowDays,
  };
}

export const campaigns = new Hono<AppEnv>()
  .get("/", requireReader, async (c) => {
    const principal = c.get("principal");
    const all = await listCampaigns(c.env.DB);
    return c.json({
      campaigns: principal.kind === "branch" ? all.filter((x) => x.id === principal.campaign) : all,
    });
  })
  .get("/:id", requireReader, async (c) => {
    const id = c.req.param("id");
    assertCampaignReadable(c.get("principal"), id);
    const campaign = await getCampaign(c.env.DB, id);
    if (!campaign) throw new ApiError(404, "campaign_not_found", `No campaign ${id}.`);
    return c.json(campaignView(campaign));
  });
