/**
 * 现场打分 (docs/api.md "Events and judges"):
 *
 * - the office (admin): `POST /api/v1/admin/events`, `…/events/:id/close|reopen`,
 *   `…/events/:id/judges` (a judge token, shown once), `…/judges/:id/disable`;
 * - judges: `PUT /api/v1/events/:id/scores/:branch` with their token or judge session;
 * - readers: `GET /api/v1/events?campaign=` and `GET /api/v1/events/:id` (a judge reads its own
 *   event, with its own scores). Raw scores, results and ranks are published only at close.
 *
 * Every change is recorded in the audit log (audit.ts) with its actor, `judge:<id>` for a judge.
 */
import { type Context, Hono } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import {
  type EventAnswer,
  type EventSummary,
  judgeScoreRequest,
  newEventRequest,
  newJudgeRequest,
} from "../../../shared/api/events.ts";
import { type BranchPlace, branchPlaces, type ClosedScore, eventResults } from "../../../shared/events.ts";
import { branchCode, campaignId } from "../../../shared/submission.ts";
import { auditChanges } from "../audit.ts";
import {
  assertBranchReadable,
  assertCampaignReadable,
  identify,
  rateLimit,
  requireReader,
  SESSION_COOKIE,
} from "../auth.ts";
import { getCampaign } from "../db/campaigns.ts";
import {
  appendScore,
  branchInEvent,
  closedEventScores,
  countEnabledBranches,
  eventBranches,
  eventJudges,
  getEvent,
  getJudge,
  insertEvent,
  insertJudge,
  knownBranches,
  latestScores,
  listEvents,
  setEventClosed,
  setJudgeDisabled,
} from "../db/events.ts";
import { nowIso } from "../db/util.ts";
import type { AppEnv, Principal } from "../env.ts";
import { ApiError } from "../errors.ts";
import { jsonBody, queryOf } from "../http.ts";
import { requireJudge } from "../judges.ts";
import { invalidateRankings } from "../rankings.ts";
import { endMemberSessions, issueMemberToken, judgeRole } from "../roles.ts";

const idParam = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

function eventNotFound(id: string): ApiError {
  return new ApiError(404, "event_not_found", `No event ${id.slice(0, 20)}.`);
}

/** The event named by `:id`, or 404. */
async function eventOf(c: Context<AppEnv>): Promise<EventSummary> {
  const raw = c.req.param("id") ?? "";
  const id = idParam.safeParse(raw);
  const event = id.success ? await getEvent(c.env.DB, id.data) : null;
  if (!event) throw eventNotFound(raw);
  return event;
}

function periodYear(period: string): number {
  return Number(period.slice(0, 4));
}

/** The office's routes, mounted under /api/v1/admin (admin token and audit already applied). */
export const adminEvents = new Hono<AppEnv>();

adminEvents.post("/events", jsonBody(newEventRequest), async (c) => {
  const body = c.req.valid("json");
  const campaign = await getCampaign(c.env.DB, body.campaign);
  if (!campaign) throw new ApiError(404, "campaign_not_found", `No campaign ${body.campaign}.`);
  for (const [path, year] of [
    ["period", periodYear(body.period)],
    ["date", periodYear(body.date)],
  ] as const) {
    if (year !== campaign.year) {
      throw new ApiError(
        422,
        "period_out_of_range",
        `The event's ${path} is outside the campaign's year ${campaign.year}.`,
        {
          issues: [{ path, message: `expected a ${path} in ${campaign.year}` }],
        },
      );
    }
  }
  if (body.branches) {
    const codes = [...new Set(body.branches)];
    const known = await knownBranches(c.env.DB, campaign.id, codes);
    const unknown = codes.filter((code) => !known.has(code));
    if (unknown.length > 0) {
      throw new ApiError(
        422,
        "branch_not_in_campaign",
        `Not branches of ${campaign.id}: ${unknown.join(", ")}.`,
        {
          issues: unknown.map((code) => ({
            path: "branches",
            message: `${code} is not a branch of the campaign`,
          })),
        },
      );
    }
    body.branches = codes;
  } else if ((await countEnabledBranches(c.env.DB, campaign.id)) === 0) {
    throw new ApiError(422, "no_branches", `Campaign ${campaign.id} has no enabled branches to take part.`);
  }
  const id = await insertEvent(
    c.env.DB,
    {
      campaign: campaign.id,
      name: body.name,
      period: body.period,
      date: body.date,
      trim: body.trim ?? null,
      branches: body.branches ?? null,
    },
    nowIso(),
  );
  return c.json({ id }, 201);
});

for (const [verb, closed] of [
  ["close", true],
  ["reopen", false],
] as const) {
  adminEvents.post(`/events/:id/${verb}`, async (c) => {
    const event = await eventOf(c);
    const state = await setEventClosed(c.env.DB, event.id, closed, nowIso());
    if (!state) throw eventNotFound(String(event.id));
    // A closed event's results are part of every participating branch's score.
    invalidateRankings();
    return c.json({ id: event.id, ...state });
  });
}

adminEvents.post("/events/:id/judges", jsonBody(newJudgeRequest), async (c) => {
  const event = await eventOf(c);
  const body = c.req.valid("json");
  const { token, hash } = await issueMemberToken(judgeRole);
  const id = await insertJudge(c.env.DB, event.id, body.name, hash, nowIso());
  return c.json({ id, name: body.name, event: event.id, token }, 201);
});

/** Withdraws a judge: the token and its sessions stop working; its scores stay. */
adminEvents.post("/judges/:id/disable", async (c) => {
  const raw = c.req.param("id");
  const id = idParam.safeParse(raw);
  const judge = id.success ? await getJudge(c.env.DB, id.data) : null;
  if (!judge) throw new ApiError(404, "judge_not_found", `No judge ${raw.slice(0, 20)}.`);
  await setJudgeDisabled(c.env.DB, judge.id);
  await endMemberSessions(c.env.DB, judgeRole, String(judge.id));
  return c.json({ id: judge.id, disabled: true });
});

/** Readers, and the judges of the event for `GET /events/:id` (token or session). */
const readerOrJudge = createMiddleware<AppEnv>(async (c, next) => {
  const principal = await identify(c, getCookie(c, SESSION_COOKIE));
  if (principal?.kind !== "judge") return requireReader(c, next);
  c.set("principal", principal);
  await next();
});

/** The result of an event as `principal` may see it (docs/api.md): raw scores only once closed. */
export async function eventAnswerFor(
  db: D1Database,
  event: EventSummary,
  principal: Principal,
): Promise<EventAnswer> {
  const [campaign, branches, judges, scores] = await Promise.all([
    getCampaign(db, event.campaign),
    eventBranches(db, event.id),
    eventJudges(db, event.id),
    latestScores(db, event.id),
  ]);
  const byBranch = new Map<string, number[]>();
  const scoredBy = new Map<number, number>();
  for (const s of scores) {
    byBranch.set(s.branch, [...(byBranch.get(s.branch) ?? []), s.score]);
    scoredBy.set(s.judge, (scoredBy.get(s.judge) ?? 0) + 1);
  }
  const rows = eventResults(branches, byBranch, event.trim, campaign?.ranking ?? "dense");
  const published = event.closed;
  const answer: EventAnswer = {
    event: {
      id: event.id,
      campaign: event.campaign,
      name: event.name,
      period: event.period,
      date: event.date,
      trim: event.trim,
      closed: event.closed,
      closedAt: event.closedAt,
    },
    judges: judges.map((j) => ({ id: j.id, name: j.name, scored: scoredBy.get(j.id) ?? 0 })),
    rows: (published ? rows : [...rows].sort((a, b) => (a.branch.code < b.branch.code ? -1 : 1))).map(
      (r) => ({
        rank: published ? r.rank : null,
        tied: published ? r.tied : false,
        branch: r.branch,
        score: published ? r.mean : null,
        scores: published ? r.scores : [],
        dropped: published ? r.dropped : [],
        count: r.count,
      }),
    ),
  };
  if (principal.kind === "judge") {
    answer.mine = scores
      .filter((s) => s.judge === principal.id)
      .map(({ branch, score, note, at }) => ({ branch, score, note, at }))
      .sort((a, b) => (a.branch < b.branch ? -1 : 1));
  }
  return answer;
}

/** `/api/v1/events`: the readers' list and result, and the judges' scores. */
export const events = new Hono<AppEnv>();

events.get(
  "/",
  requireReader,
  queryOf(z.object({ campaign: campaignId.optional(), branch: branchCode.optional() })),
  async (c) => {
    const q = c.req.valid("query");
    const principal = c.get("principal");
    const campaign = q.campaign ?? (principal.kind === "branch" ? principal.campaign : undefined);
    if (campaign) assertCampaignReadable(principal, campaign);
    if (!q.branch) return c.json({ events: await listEvents(c.env.DB, campaign) });
    assertBranchReadable(principal, q.branch);
    return c.json({ events: await branchEvents(c.env.DB, q.branch, campaign) });
  },
);

/** The events a branch takes part in, each with its result and rank once closed. */
export async function branchEvents(db: D1Database, branch: string, campaignId?: string) {
  const list = await listEvents(db, campaignId, branch);
  const campaigns = [...new Set(list.map((e) => e.campaign))];
  const places = new Map<number, BranchPlace>();
  for (const id of campaigns) {
    const campaign = await getCampaign(db, id);
    const { results } = await closedEventScores(db, id).all<ClosedScore>();
    for (const [event, place] of branchPlaces(results, branch, campaign?.ranking ?? "dense"))
      places.set(event, place);
  }
  return list.map((e) => ({ ...e, result: e.closed ? (places.get(e.id) ?? null) : null }));
}

events.get("/:id", readerOrJudge, async (c) => {
  const event = await eventOf(c);
  const principal = c.get("principal");
  if (principal.kind === "judge" && principal.event !== event.id) {
    throw new ApiError(403, "forbidden", "A judge's token is valid for its own event only.");
  }
  assertCampaignReadable(principal, event.campaign);
  return c.json(await eventAnswerFor(c.env.DB, event, principal));
});

/** Saves one judge's score; the answer carries the judge's progress (已评 n/m). */
export async function saveScore(
  db: D1Database,
  judge: Extract<Principal, { kind: "judge" }>,
  event: EventSummary,
  branch: string,
  body: z.output<typeof judgeScoreRequest>,
) {
  if (judge.event !== event.id) {
    throw new ApiError(403, "forbidden", "A judge's token is valid for its own event only.");
  }
  const closed = () =>
    new ApiError(
      409,
      "event.closed",
      `The event "${event.name}" is closed; its scores can no longer change.`,
    );
  if (event.closed) throw closed();
  if (!branchCode.safeParse(branch).success || !(await branchInEvent(db, event.id, branch))) {
    throw new ApiError(
      404,
      "branch_not_in_event",
      `Branch ${branch.slice(0, 32)} does not take part in this event.`,
    );
  }
  const at = nowIso();
  const note = body.note ? body.note : null;
  // Stored only while the event is open: a close that lands after the check above still wins.
  if (
    !(await appendScore(db, { eventId: event.id, judgeId: judge.id, branch, score: body.score, note, at }))
  ) {
    throw closed();
  }
  const mine = (await latestScores(db, event.id)).filter((s) => s.judge === judge.id);
  return {
    event: event.id,
    judge: { id: judge.id, name: judge.name },
    saved: { branch, score: body.score, note, at },
    progress: { scored: mine.length, of: event.branches },
  };
}

events.put("/:id/scores/:branch", requireJudge, auditChanges, jsonBody(judgeScoreRequest), async (c) => {
  const judge = c.get("principal");
  if (judge.kind !== "judge") throw new ApiError(403, "forbidden", "Only a judge can score an event.");
  await rateLimit(c.env, `judge:${judge.id}`);
  const event = await eventOf(c);
  const body = c.req.valid("json");
  return c.json(await saveScore(c.env.DB, judge, event, c.req.param("branch"), body));
});
