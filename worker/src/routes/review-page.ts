/**
 * The reviewer's page (docs/pages.md): GET /review?period=&branch= shows a branch's claims for a
 * month — the chosen branch, else the next one with pending claims; POST /review records one
 * decision from a plain form (no script), refused cross-site (SameSite=Strict session cookie and
 * the Origin / Sec-Fetch-Site check of /login), and moves the queue on. The form carries a fresh
 * idempotency key, so a double click records one review.
 */
import { type Context, Hono } from "hono";
import { monthPeriod } from "../../../shared/submission.ts";
import { auditChanges } from "../audit.ts";
import { canonicalJson, sha256Hex } from "../crypto.ts";
import { getCampaign } from "../db/campaigns.ts";
import { monthsWithData } from "../db/periods.ts";
import type { AppEnv, Principal } from "../env.ts";
import { ApiError } from "../errors.ts";
import { langOf } from "../pages/i18n.ts";
import { type ReviewFlash, ReviewPage } from "../pages/review.tsx";
import { rw } from "../pages/review-i18n.ts";
import { monthsOf } from "../ranking.ts";
import { chromeOf, pageError, pageViewer, sendPage, toLogin } from "./pages.ts";
import { recordReview, reviewItems } from "./reviews.ts";
import { assertSameSite, formOf } from "./session.ts";

type Reviewer = Extract<Principal, { kind: "reviewer" }>;
type PageContext = Context<AppEnv>;

/** The reviewer of this page, or a redirect to sign in; any other role is 403. */
async function reviewerOf(c: PageContext): Promise<Reviewer | Response> {
  const principal = await pageViewer(c);
  if (!principal || (principal.kind === "viewer" && principal.via === "public")) return toLogin(c);
  if (principal.kind !== "reviewer") {
    throw new ApiError(403, "forbidden", "Only the campaign office's reviewers verify claims.");
  }
  return principal;
}

async function reviewPage(
  c: PageContext,
  reviewer: Reviewer,
  asked: { period?: string; branch?: string; moveOn?: boolean },
  flash: ReviewFlash | null,
  status: 200 | 409 | 422 = 200,
): Promise<Response> {
  const campaign = await getCampaign(c.env.DB, reviewer.campaign);
  if (!campaign) throw new ApiError(404, "campaign_not_found", `No campaign ${reviewer.campaign}.`);
  const withData = await monthsWithData(c.env.DB, campaign.id);
  const months = monthsOf(campaign.year);
  const period =
    asked.period && months.includes(asked.period) ? asked.period : (withData.at(-1) ?? months[0] ?? "");
  const all = await reviewItems(c.env.DB, campaign.id, period);
  const branches = new Map<string, { code: string; name: string; pending: number }>();
  for (const item of all) {
    const entry = branches.get(item.branch.code) ?? { ...item.branch, pending: 0 };
    if (item.state === "pending") entry.pending += 1;
    branches.set(item.branch.code, entry);
  }
  const list = [...branches.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
  // After a decision the queue moves on: a branch with nothing pending gives way to the next.
  const askedBranch = list.find((b) => b.code === asked.branch);
  const branch =
    (asked.moveOn && askedBranch?.pending === 0 ? list.find((b) => b.pending > 0) : undefined) ??
    askedBranch ??
    list.find((b) => b.pending > 0) ??
    null;
  const items = branch ? all.filter((i) => i.branch.code === branch.code) : [];
  return sendPage(
    c,
    ReviewPage({
      ...chromeOf(c, rw(langOf(c)).review, reviewer),
      reviewer: reviewer.name,
      campaign: campaign.id,
      period,
      months,
      branches: list,
      branch: branch ? { code: branch.code, name: branch.name } : null,
      items,
      keys: items.map(() => crypto.randomUUID()),
      flash,
    }),
    status,
    "no-store",
  );
}

export const reviewPages = new Hono<AppEnv>();

reviewPages.get("/review", async (c) => {
  const reviewer = await reviewerOf(c);
  if (reviewer instanceof Response) return reviewer;
  const w = rw(langOf(c));
  const saved = c.req.query("saved");
  const project = c.req.query("project")?.slice(0, 200);
  const flash =
    (saved === "accepted" || saved === "returned") && project
      ? { ok: true, message: w.saved(project, w.state[saved] ?? saved) }
      : null;
  return reviewPage(
    c,
    reviewer,
    { period: c.req.query("period"), branch: c.req.query("branch"), moveOn: flash !== null },
    flash,
  );
});

reviewPages.post(
  "/review",
  async (c, next) => {
    assertSameSite(c);
    const reviewer = await reviewerOf(c);
    if (reviewer instanceof Response) return reviewer;
    c.set("principal", reviewer);
    await next();
  },
  auditChanges,
  async (c) => {
    const reviewer = c.get("principal") as Reviewer;
    const w = rw(langOf(c));
    const form = await formOf(c);
    const text = (name: string) => (typeof form[name] === "string" ? (form[name] as string) : "");
    const period = monthPeriod.safeParse(text("period")).success ? text("period") : undefined;
    const reason = text("reason").trim();
    const body = {
      campaign: reviewer.campaign,
      branch: text("branch"),
      period: text("period"),
      project: text("project"),
      contentHash: text("contentHash"),
      decision: text("decision"),
      ...(reason ? { reason } : {}),
    };
    const key = /^[0-9a-f-]{36}$/.test(text("key")) ? text("key") : crypto.randomUUID();
    try {
      await recordReview(c.env.DB, reviewer, body, await sha256Hex(canonicalJson(body)), key);
    } catch (err) {
      if (!(err instanceof ApiError) || (err.status !== 422 && err.status !== 409)) throw err;
      const message =
        err.status === 409 ? w.stale : err.code === "validation_failed" ? w.needReason : err.message;
      const flash = { ok: false, message, contentHash: body.contentHash, reason };
      return reviewPage(c, reviewer, { period, branch: body.branch }, flash, err.status);
    }
    const saved = body.decision === "accept" ? "accepted" : "returned";
    const query = new URLSearchParams({
      period: body.period,
      branch: body.branch,
      saved,
      project: body.project,
    });
    return c.redirect(`/review?${query}`, 303);
  },
);

reviewPages.onError(pageError);
