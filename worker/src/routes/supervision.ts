/**
 * GET /supervision (督办, viewer) and GET /supervision.csv (docs/pages.md): every branch's items
 * that need following up, and who has not reported. Leaders only: a branch token sees its own
 * items on its branch page, not the other branches'.
 */
import { type Context, Hono } from "hono";
import { campaignId } from "../../../shared/submission.ts";
import { getCampaign, listCampaigns } from "../db/campaigns.ts";
import { monthsWithData } from "../db/periods.ts";
import type { AppEnv, Principal } from "../env.ts";
import { ApiError } from "../errors.ts";
import { notifyNow } from "../notify/clock.ts";
import { supervisionView } from "../notify/supervision-view.ts";
import { langOf, t } from "../pages/i18n.ts";
import { NoCampaignPage } from "../pages/rankings.tsx";
import { SupervisionPage, supervisionCsv, supervisionWords } from "../pages/supervision.tsx";
import { chromeOf, pageViewer, sendPage } from "./pages.ts";

type PageContext = Context<AppEnv>;

async function viewOf(c: PageContext, principal: Principal) {
  const lang = langOf(c);
  // A reviewer reads its own campaign only (docs/roles.md).
  const campaigns = (await listCampaigns(c.env.DB))
    .filter((x) => principal.kind !== "reviewer" || x.id === principal.campaign)
    .map((x) => ({ id: x.id, name: x.name }));
  const asked = c.req.query("campaign");
  const chosen = campaigns.find((x) => x.id === asked && campaignId.safeParse(asked).success) ?? campaigns[0];
  if (!chosen) return null;
  const [campaign, months] = await Promise.all([
    getCampaign(c.env.DB, chosen.id),
    monthsWithData(c.env.DB, chosen.id),
  ]);
  if (!campaign) throw new ApiError(404, "campaign_not_found", t(lang).campaignNotFound(chosen.id));
  return supervisionView(c.env.DB, campaign, campaigns, notifyNow(c.env, new Date()), months);
}

/** Leaders, the office and its reviewers; a branch sees its own page, a judge only scores. */
function assertSupervisor(principal: Principal): void {
  if (principal.kind === "branch" || principal.kind === "judge")
    throw new ApiError(
      403,
      "forbidden",
      "The supervision page is for the campaign's leaders; a branch sees its own page.",
    );
}

export const supervision = new Hono<AppEnv>();

supervision.get("/supervision", async (c) => {
  const principal = await pageViewer(c);
  if (!principal) {
    const url = new URL(c.req.url);
    c.header("Cache-Control", "no-store");
    return c.redirect(`/login?next=${encodeURIComponent(`${url.pathname}${url.search}`)}`, 302);
  }
  assertSupervisor(principal);
  const lang = langOf(c);
  const w = supervisionWords[lang];
  const view = await viewOf(c, principal);
  if (!view) return sendPage(c, NoCampaignPage(chromeOf(c, w.title, principal)));
  const csv = new URLSearchParams({ campaign: view.campaign.id, lang });
  return sendPage(
    c,
    SupervisionPage({ ...chromeOf(c, w.title, principal), view, csvHref: `/supervision.csv?${csv}` }),
    200,
    // Owners and reasons of every branch: private, kept by no cache.
    "no-store",
  );
});

supervision.get("/supervision.csv", async (c) => {
  const principal = await pageViewer(c);
  if (!principal) throw new ApiError(401, "unauthorized", "Sign in with the viewer key, or send a token.");
  assertSupervisor(principal);
  const lang = langOf(c);
  const view = await viewOf(c, principal);
  if (!view) throw new ApiError(404, "campaign_not_found", "There is no campaign yet.");
  const ascii = `juxing-supervision-${view.campaign.id}-${view.day}.csv`;
  const utf8 = lang === "en" ? ascii : `聚星督办-${view.campaign.id}-${view.day}.csv`;
  return new Response(supervisionCsv(view, lang), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(utf8)}`,
      "Cache-Control": "no-store",
      Vary: "Authorization, Cookie",
    },
  });
});
