/**
 * The 现场打分 pages (docs/pages.md "On-site judging"):
 * - GET /events?campaign= and /events/:id (viewer): the events and a result; /events/:id/screen is
 *   the projector view, reloading itself every 10 s while the event is open;
 * - GET /judge (judge session from /login with a judge token): the event's branches, each with a
 *   number field; POST /judge/scores/:branch saves one, as a plain form post (no script). A post
 *   from another site is refused (Sec-Fetch-Site / Origin, and the SameSite=Strict cookie). A save
 *   that fails shows the page again with the reason beside that branch and the typed value kept.
 */
import { type Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { judgeScoreRequest } from "../../../shared/api/events.ts";
import { campaignId } from "../../../shared/submission.ts";
import { auditChanges } from "../audit.ts";
import { assertCampaignReadable, SESSION_COOKIE } from "../auth.ts";
import { listCampaigns } from "../db/campaigns.ts";
import { eventBranches, getEvent, listEvents } from "../db/events.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { type JudgePrincipal, judgeOfSession } from "../judges.ts";
import { EventPage, EventsPage, type JudgeFlash, JudgePage } from "../pages/events.tsx";
import { ew } from "../pages/events-i18n.ts";
import { langOf } from "../pages/i18n.ts";
import { judgeJs, judgeJsHref } from "../pages/judge.js.ts";
import { eventAnswerFor, saveScore } from "./events.ts";
import { chromeOf, pageError, pageViewer, sendPage } from "./pages.ts";
import { assertSameSite, formOf } from "./session.ts";

type PageContext = Context<AppEnv>;

function toLogin(c: PageContext, next: string): Response {
  c.header("Cache-Control", "no-store");
  return c.redirect(`/login?next=${encodeURIComponent(next)}`, 302);
}

export const eventPages = new Hono<AppEnv>();

eventPages.get("/events", async (c) => {
  const principal = await pageViewer(c);
  if (!principal) return toLogin(c, "/events");
  if (principal.kind === "judge") return c.redirect("/judge", 303);
  const w = ew(langOf(c));
  const all = await listCampaigns(c.env.DB);
  const visible = principal.kind === "branch" ? all.filter((x) => x.id === principal.campaign) : all;
  const asked = c.req.query("campaign");
  const campaign =
    visible.find((x) => x.id === asked && campaignId.safeParse(asked).success) ?? visible.at(-1) ?? null;
  const events = campaign ? await listEvents(c.env.DB, campaign.id) : [];
  return sendPage(
    c,
    EventsPage({
      ...chromeOf(c, w.events, principal),
      campaigns: visible,
      campaign: campaign ?? { id: "", name: "" },
      events,
    }),
    200,
    "no-store",
  );
});

async function eventPage(c: PageContext, screen: boolean): Promise<Response> {
  const w = ew(langOf(c));
  const principal = await pageViewer(c);
  const url = new URL(c.req.url);
  if (!principal) return toLogin(c, url.pathname);
  if (principal.kind === "judge") return c.redirect("/judge", 303);
  const raw = c.req.param("id") ?? "";
  const event = /^\d{1,12}$/.test(raw) ? await getEvent(c.env.DB, Number(raw)) : null;
  if (!event) throw new ApiError(404, "event_not_found", w.eventNotFound(raw.slice(0, 20)));
  assertCampaignReadable(principal, event.campaign);
  const answer = await eventAnswerFor(c.env.DB, event, principal);
  // Kept by no cache: the projector view must reload fresh counts, and a result is the campaign's.
  return sendPage(c, EventPage({ ...chromeOf(c, event.name, principal), answer, screen }), 200, "no-store");
}

eventPages.get("/events/:id", (c) => eventPage(c, false));
eventPages.get("/events/:id/screen", (c) => eventPage(c, true));

async function judgePage(
  c: PageContext,
  judge: JudgePrincipal,
  flash: JudgeFlash | null,
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  const event = await getEvent(c.env.DB, judge.event);
  if (!event) throw new ApiError(404, "event_not_found", ew(langOf(c)).eventNotFound(String(judge.event)));
  const [answer, branches] = await Promise.all([
    eventAnswerFor(c.env.DB, event, judge),
    eventBranches(c.env.DB, event.id),
  ]);
  return sendPage(
    c,
    JudgePage({
      ...chromeOf(c, ew(langOf(c)).judgeTitle, null),
      judge: { name: judge.name },
      event: answer.event,
      branches,
      mine: answer.mine ?? [],
      flash,
    }),
    status,
    "no-store",
  );
}

eventPages.get("/judge", async (c) => {
  const judge = await judgeOfSession(c.env, getCookie(c, SESSION_COOKIE));
  if (!judge) return toLogin(c, "/judge");
  const saved = c.req.query("saved");
  const value = Number(c.req.query("value"));
  const flash: JudgeFlash | null =
    saved && Number.isFinite(value) ? { branch: saved.slice(0, 32), ok: true, value } : null;
  return judgePage(c, judge, flash);
});

/** The judge of this browser's session, for the audit log (its actor) and the handler. */
const judgeSession = createMiddleware<AppEnv>(async (c, next) => {
  assertSameSite(c);
  const judge = await judgeOfSession(c.env, getCookie(c, SESSION_COOKIE));
  if (!judge) return toLogin(c, "/judge");
  c.set("principal", judge);
  await next();
});

eventPages.post("/judge/scores/:branch", judgeSession, auditChanges, async (c) => {
  const judge = c.get("principal");
  if (judge.kind !== "judge") return toLogin(c, "/judge");
  const w = ew(langOf(c));
  const branch = c.req.param("branch");
  const form = await formOf(c);
  const typed = typeof form.score === "string" ? form.score.trim().slice(0, 20) : "";
  const number = typed === "" ? Number.NaN : Number(typed);
  const parsed = judgeScoreRequest.safeParse({ score: number });
  if (!parsed.success) return judgePage(c, judge, { branch, ok: false, message: w.badScore, typed }, 422);
  const event = await getEvent(c.env.DB, judge.event);
  if (!event) throw new ApiError(404, "event_not_found", w.eventNotFound(String(judge.event)));
  try {
    await saveScore(c.env.DB, judge, event, branch, parsed.data);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status >= 500) throw err;
    const message = err.status === 409 ? w.closedNow : err.status === 404 ? w.notInEvent : err.message;
    return judgePage(c, judge, { branch, ok: false, message, typed }, err.status);
  }
  const query = new URLSearchParams({ saved: branch, value: String(parsed.data.score) });
  return c.redirect(`/judge?${query}#b-${encodeURIComponent(branch)}`, 303);
});

/** The /judge page's optional script (pages/judge.js.ts), at its versioned URL. */
eventPages.get("/judge/:file", (c) => {
  if (`/judge/${c.req.param("file")}` !== judgeJsHref) return c.notFound();
  return c.body(judgeJs, 200, {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": "public, max-age=31536000, immutable",
  });
});

eventPages.onError(pageError);
