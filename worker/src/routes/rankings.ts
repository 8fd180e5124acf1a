/**
 * GET /api/v1/rankings?campaign=&period=2023-06|2023-Q2|2023&metric=&method= — viewer.
 * GET /api/v1/rankings.csv — the same answer as CSV for Excel (pages/csv.ts), its header row in
 * the page language (`lang=` or the language cookie).
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import { campaignId } from "../../../shared/submission.ts";
import { assertCampaignReadable, requireReader } from "../auth.ts";
import { getCampaign } from "../db/campaigns.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { queryOf } from "../http.ts";
import { csvDisposition, rankingsCsv } from "../pages/csv.ts";
import { langOf } from "../pages/i18n.ts";
import { metrics, periodOf, rankingMethods } from "../ranking.ts";
import { cachedRankings, type RankingsAnswer } from "../rankings.ts";

const query = z.object({
  campaign: campaignId,
  period: z.string(),
  metric: z.enum(metrics).default("total"),
  method: z.enum(rankingMethods).optional(),
});

/** Does If-None-Match name this ETag (weak comparison, as RFC 9110 asks for GET)? */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === bare;
  });
}

async function answerOf(c: Context<AppEnv>, q: z.output<typeof query>) {
  assertCampaignReadable(c.get("principal"), q.campaign);
  const period = periodOf(q.period);
  const answer = await cachedRankings(
    c.env.DB,
    () => getCampaign(c.env.DB, q.campaign),
    q.campaign,
    period,
    q.metric,
    q.method,
  );
  if (!answer) throw new ApiError(404, "campaign_not_found", `No campaign ${q.campaign}.`);
  return answer;
}

export const rankings = new Hono<AppEnv>().get("/", requireReader, queryOf(query), async (c) => {
  const answer = await answerOf(c, c.req.valid("query"));
  const headers = {
    ETag: answer.etag,
    "Cache-Control": "private, max-age=30",
    Vary: "Authorization, Cookie",
  };
  if (matches(c.req.header("If-None-Match"), answer.etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(answer.body, {
    status: 200,
    headers: { ...headers, "Content-Type": "application/json; charset=utf-8" },
  });
});

/** Mounted at /api/v1/rankings.csv (a sibling path, not under /api/v1/rankings/). */
export const rankingsCsvRoute = new Hono<AppEnv>().get("/", requireReader, queryOf(query), async (c) => {
  const cached = await answerOf(c, c.req.valid("query"));
  const lang = langOf(c);
  const answer = JSON.parse(cached.body) as RankingsAnswer;
  return new Response(rankingsCsv(answer, lang), {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": csvDisposition(answer, lang),
      "Cache-Control": "private, max-age=30",
      Vary: "Authorization, Cookie",
    },
  });
});
