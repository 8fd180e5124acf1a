/**
 * The leaders' pages (docs/pages.md), server-rendered with hono/jsx and no script:
 * - GET / and /rankings — filters (campaign, period kind, period, metric), the ranked table, the
 *   bar chart and who has not reported; the table renders the very answer of GET /api/v1/rankings;
 * - GET /branches/:code?campaign=&period= — a branch's trend and its latest submission;
 * - GET /assets/site.<hash>.css — the one stylesheet, cached for a year.
 * Without a viewer (session cookie, bearer key, or PUBLIC_RANKINGS) a page redirects to
 * /login?next=…; the API answers 401 instead. `?lang=en|zh-CN` switches the language and is
 * remembered in a cookie.
 */
import { type Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import type { HtmlEscapedString } from "hono/utils/html";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { projectKey } from "../../../shared/claims.ts";
import { projectItems } from "../../../shared/notify/items.ts";
import type { Project } from "../../../shared/rules.ts";
import { isClaim, perProjectPoints, projectPoints } from "../../../shared/score.ts";
import { branchCode, campaignId, monthPeriod } from "../../../shared/submission.ts";
import { assertBranchReadable, assertCampaignReadable, identify, SESSION_COOKIE } from "../auth.ts";
import { sha256Hex } from "../crypto.ts";
import { getBranch } from "../db/branches.ts";
import { getCampaign, listCampaigns } from "../db/campaigns.ts";
import { monthsWithData } from "../db/periods.ts";
import { claimsOfMonth } from "../db/reviews.ts";
import { latestDetail, monthlyLatest, tallyOfSubmission } from "../db/submissions.ts";
import type { AppEnv, Principal } from "../env.ts";
import { ApiError } from "../errors.ts";
import { judgedPoints } from "../judged.ts";
import { notifyNow } from "../notify/clock.ts";
import { supervisionDay } from "../notify/supervision-view.ts";
import { BranchPage } from "../pages/branch.tsx";
import { type Lang, langCookie, langOf, t } from "../pages/i18n.ts";
import { type Chrome, documentOf, ErrorPage } from "../pages/layout.tsx";
import { NoCampaignPage, RankingsPage } from "../pages/rankings.tsx";
import { selectMetric, selectPeriod } from "../pages/select.ts";
import { cssVersion, siteCss } from "../pages/site.css.ts";
import { monthsOf } from "../ranking.ts";
import { cachedRankings, type RankingsAnswer } from "../rankings.ts";
import { auditedRow, twoScores } from "../verified.ts";
import { branchEvents } from "./events.ts";
import { reviewItemOf } from "./reviews.ts";

type PageContext = Context<AppEnv>;

/** The viewer of a page, or null (then the page sends them to /login). A bad bearer is no viewer. */
export async function pageViewer(c: PageContext): Promise<Principal | null> {
  let principal: Principal | null = null;
  try {
    principal = await identify(c, getCookie(c, SESSION_COOKIE));
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) throw err;
  }
  // A judge's session opens /judge only (judges.ts): to every other page it is nobody.
  if (principal?.kind === "judge") principal = null;
  if (!principal && c.env.PUBLIC_RANKINGS === "true") principal = { kind: "viewer", via: "public" };
  return principal;
}

/** This URL in the other language (the link in the header). */
export function otherLangHref(url: string, lang: Lang): string {
  const u = new URL(url);
  u.searchParams.set("lang", t(lang).switchLang);
  return `${u.pathname}${u.search}`;
}

export function chromeOf(c: PageContext, title: string, principal: Principal | null): Chrome {
  const lang = langOf(c);
  return {
    lang,
    title,
    langHref: otherLangHref(c.req.url, lang),
    signedIn: (principal?.kind === "viewer" || principal?.kind === "reviewer") && principal.via === "session",
  };
}

/** A rendered page with the headers every page carries (and the language cookie when chosen). */
export async function sendPage(
  c: PageContext,
  page: HtmlEscapedString | Promise<HtmlEscapedString>,
  status: ContentfulStatusCode = 200,
  cache = "private, no-cache",
): Promise<Response> {
  const cookie = langCookie(c);
  if (cookie) c.header("Set-Cookie", cookie, { append: true });
  c.header("Cache-Control", cache);
  c.header("Vary", "Cookie");
  return c.html(await documentOf(page), status);
}

export function toLogin(c: PageContext): Response {
  const url = new URL(c.req.url);
  const cookie = langCookie(c);
  if (cookie) c.header("Set-Cookie", cookie, { append: true });
  c.header("Cache-Control", "no-store");
  return c.redirect(`/login?next=${encodeURIComponent(`${url.pathname}${url.search}`)}`, 302);
}

async function rankingsPage(c: PageContext): Promise<Response> {
  const principal = await pageViewer(c);
  if (!principal) return toLogin(c);
  const lang = langOf(c);
  const w = t(lang);
  const all = await listCampaigns(c.env.DB);
  const visible =
    principal.kind === "branch" || principal.kind === "reviewer"
      ? all.filter((x) => x.id === principal.campaign)
      : all;
  const asked = c.req.query("campaign");
  const chosen = visible.find((x) => x.id === asked) ?? visible[0];
  if (!chosen) return sendPage(c, NoCampaignPage(chromeOf(c, w.rankings, principal)));
  const [campaign, dataMonths] = await Promise.all([
    getCampaign(c.env.DB, chosen.id),
    monthsWithData(c.env.DB, chosen.id),
  ]);
  if (!campaign) throw new ApiError(404, "campaign_not_found", w.campaignNotFound(chosen.id));
  const period = selectPeriod(
    campaign.year,
    { kind: c.req.query("kind"), period: c.req.query("period") },
    dataMonths,
    new Date(),
  );
  const metric = selectMetric(c.req.query("metric"));
  // The API's own answer (and cache), so page and API agree row for row.
  const cached = await cachedRankings(c.env.DB, async () => campaign, campaign.id, period, metric, undefined);
  if (!cached) throw new ApiError(404, "campaign_not_found", w.campaignNotFound(campaign.id));
  const answer = JSON.parse(cached.body) as RankingsAnswer;
  const csv = new URLSearchParams({ campaign: campaign.id, period: period.period, metric, lang });
  // The largest gaps between self-declared and audited scores first, for an inspector (?sort=gap).
  const sort = c.req.query("sort") === "gap" ? "gap" : "rank";
  const sortQuery = new URLSearchParams({ campaign: campaign.id, period: period.period, metric });
  if (sort === "rank") sortQuery.set("sort", "gap");
  return sendPage(
    c,
    RankingsPage({
      ...chromeOf(c, w.rankings, principal),
      campaigns: visible,
      campaign,
      period,
      metric,
      dataMonths,
      answer,
      csvHref: `/api/v1/rankings.csv?${csv}`,
      sort,
      sortHref: `/rankings?${sortQuery}`,
    }),
  );
}

/**
 * The branch's due-soon list (督办) as of the supervision page's day: today in the campaign's time
 * zone, or for a finished campaign the last day of its latest month with data.
 */
function dueSoonOf(
  now: Date,
  campaign: { id: string; name: string; year: number },
  projects: Project[],
  monthsWithReports: string[],
) {
  const { day } = supervisionDay(campaign, now, monthsWithReports);
  return { day, items: projectItems(projects, day).dueSoon };
}

export const pages = new Hono<AppEnv>();

pages.get("/", rankingsPage);
pages.get("/rankings", rankingsPage);

pages.get("/branches/:code", async (c) => {
  const principal = await pageViewer(c);
  if (!principal) return toLogin(c);
  const w = t(langOf(c));
  const code = c.req.param("code");
  if (!branchCode.safeParse(code).success)
    throw new ApiError(404, "branch_not_found", w.branchNotFound(code));
  assertBranchReadable(principal, code);
  const branch = await getBranch(c.env.DB, code);
  if (!branch) throw new ApiError(404, "branch_not_found", w.branchNotFound(code));
  const askedCampaign = c.req.query("campaign");
  const id = askedCampaign && campaignId.safeParse(askedCampaign).success ? askedCampaign : branch.campaign;
  assertCampaignReadable(principal, id);
  const campaign = await getCampaign(c.env.DB, id);
  if (!campaign) throw new ApiError(404, "campaign_not_found", w.campaignNotFound(id));
  const askedPeriod = c.req.query("period");
  const period = askedPeriod && monthPeriod.safeParse(askedPeriod).success ? askedPeriod : undefined;
  const months = monthsOf(campaign.year);
  const [history, inPeriod] = await Promise.all([
    monthlyLatest(c.env.DB, branch.code, campaign.id, months[0] ?? "", months[11] ?? ""),
    latestDetail(c.env.DB, branch.code, campaign.id, period),
  ]);
  const stored = inPeriod ?? (period ? await latestDetail(c.env.DB, branch.code, campaign.id) : null);
  // 现场打分: the branch's results beside its own 自报 part (pages/events.tsx).
  const [events, judged] = await Promise.all([
    branchEvents(c.env.DB, branch.code, campaign.id),
    judgedPoints(c.env.DB, campaign),
  ]);
  const judgedOf = (p: string) => (campaign.activities === "judged" ? judged(branch.code, p) : undefined);
  // What ranks is the audited score: the trend and the score card show it, the self-declared beside.
  const byPeriod = new Map(history.map((r) => [r.period, auditedRow(r, campaign, judgedOf(r.period))]));
  const [tally, claims] = stored
    ? await Promise.all([
        tallyOfSubmission(c.env.DB, campaign.id, stored.row.id),
        claimsOfMonth(c.env.DB, campaign.id, stored.row.period, branch.code),
      ])
    : [null, []];
  const audited = stored && tally ? { ...stored.row, ...tally } : null;
  const scores = audited ? twoScores(audited, campaign, judgedOf(audited.period)) : null;
  const latest =
    stored && audited ? { ...stored, row: auditedRow(audited, campaign, judgedOf(audited.period)) } : null;
  const verdicts = new Map(claims.map((row) => [row.project_key, reviewItemOf(row)]));
  const states = latest?.projects.map((p) => verdicts.get(projectKey(p.name)) ?? null) ?? [];
  let points: number[] | null = null;
  if (latest) {
    const hash = (latest.row as typeof latest.row & { rubric_hash?: string }).rubric_hash;
    if (hash === (await sha256Hex(JSON.stringify(campaign.rubric)))) {
      const each = perProjectPoints(latest.projects.length, campaign.rubric, campaign.expectedProjects);
      points = latest.projects.map((p, i) =>
        projectPoints(
          p,
          each,
          campaign.rubric,
          campaign.acceptance === "reviewed" && isClaim(p) ? (states[i]?.state ?? "pending") : undefined,
        ),
      );
    }
  }
  const back = new URLSearchParams({ campaign: campaign.id });
  if (latest) back.set("period", latest.row.period);
  return sendPage(
    c,
    BranchPage({
      ...chromeOf(c, branch.name, principal),
      branch: { code: branch.code, name: branch.name },
      campaign,
      history: months.map((period) => ({ period, row: byPeriod.get(period) ?? null })),
      latest,
      projectPoints: points,
      verification: scores ? { selfTotal: scores.selfScore.total, review: scores.review, states } : null,
      backHref: `/rankings?${back}`,
      judged: {
        events,
        judgedPoints:
          campaign.activities === "judged" && latest ? judged(branch.code, latest.row.period) : null,
        selfPoints: stored ? stored.row.activities : null,
        maxPoints: campaign.rubric.activities.points,
      },
      ...(latest
        ? { dueSoon: dueSoonOf(notifyNow(c.env, new Date()), campaign, latest.projects, [latest.row.period]) }
        : {}),
    }),
    200,
    // A branch's own list (owners, targets, findings) is private: kept by no cache at all.
    "no-store",
  );
});

pages.get("/assets/:file", (c) => {
  if (c.req.param("file") !== `site.${cssVersion}.css`) return c.notFound();
  return c.body(siteCss, 200, {
    "Content-Type": "text/css; charset=utf-8",
    "Cache-Control": "public, max-age=31536000, immutable",
  });
});

/** Errors on a page are pages too (the API keeps its JSON errors). */
export async function pageError(err: Error, c: PageContext): Promise<Response> {
  const lang = langOf(c);
  const w = t(lang);
  let status: ContentfulStatusCode = 500;
  let message = w.errorTitle;
  if (err instanceof ApiError) {
    status = err.status;
    message = status === 403 ? w.forbidden : err.message;
    for (const [name, value] of Object.entries(err.headers ?? {})) c.header(name, value);
  } else {
    console.error("unhandled error on a page", err);
  }
  const title = status === 404 ? w.notFound : w.errorTitle;
  return sendPage(c, ErrorPage({ ...chromeOf(c, title, null), message }), status, "no-store");
}

pages.onError(pageError);
