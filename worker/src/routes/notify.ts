/**
 * The campaign office's 督办 channels (docs/api.md "Reminders"), under /api/v1/admin:
 * PUT/DELETE `branches/:code/notify` and `campaigns/:id/notify`, POST `…/notify/test` (one test
 * message now) and POST `notify/run` (the daily run, on demand). URL and secret are stored and
 * answered only as "…" and their last 4 characters.
 */
import { type Context, Hono } from "hono";
import { type ChannelAnswer, channelRequest, masked } from "../../../shared/api/notify.ts";
import { getBranch } from "../db/branches.ts";
import { getCampaign } from "../db/campaigns.ts";
import { type Channel, clearChannel, getChannel, type Scope, setChannel } from "../db/notify.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { jsonBody } from "../http.ts";
import { notifyNow } from "../notify/clock.ts";
import { channelUrlProblem, deliver } from "../notify/deliver.ts";
import { dailyRun } from "../notify/run.ts";
import { calendarKey } from "./calendar.ts";

export function channelView(channel: Channel): ChannelAnswer {
  return {
    scope: channel.scope,
    ref: channel.ref,
    kind: channel.kind,
    url: masked(channel.url),
    secret: channel.secret === null ? null : masked(channel.secret),
    updatedAt: channel.updatedAt,
  };
}

async function ensureTarget(c: Context<AppEnv>, scope: Scope, ref: string): Promise<void> {
  if (scope === "branch" && !(await getBranch(c.env.DB, ref)))
    throw new ApiError(404, "branch_not_found", `No branch ${ref}.`);
  if (scope === "campaign" && !(await getCampaign(c.env.DB, ref)))
    throw new ApiError(404, "campaign_not_found", `No campaign ${ref}.`);
}

const noChannel = (scope: Scope, ref: string) =>
  new ApiError(404, "channel_not_found", `No notification channel is set for ${scope} ${ref}.`);

export const notifyAdmin = new Hono<AppEnv>();

for (const [scope, path, param] of [
  ["branch", "/branches/:code/notify", "code"],
  ["campaign", "/campaigns/:id/notify", "id"],
] as const) {
  notifyAdmin.put(path, jsonBody(channelRequest), async (c) => {
    const ref = c.req.param(param);
    const body = c.req.valid("json");
    const problem = channelUrlProblem(body.url);
    if (problem)
      throw new ApiError(422, "validation_failed", problem, { issues: [{ path: "url", message: problem }] });
    if (body.kind === "webhook" && body.secret)
      throw new ApiError(422, "validation_failed", "A plain webhook takes no signing secret.", {
        issues: [{ path: "secret", message: "Only DingTalk and Feishu robots sign their messages." }],
      });
    if (body.kind === "wecom" && body.secret)
      throw new ApiError(422, "validation_failed", "A WeCom group robot takes no signing secret.", {
        issues: [{ path: "secret", message: "Only DingTalk and Feishu robots sign their messages." }],
      });
    await ensureTarget(c, scope, ref);
    const channel = await setChannel(c.env.DB, {
      scope,
      ref,
      kind: body.kind,
      url: body.url,
      secret: body.secret ?? null,
    });
    return c.json(channelView(channel));
  });

  notifyAdmin.get(path, async (c) => {
    const ref = c.req.param(param);
    const channel = await getChannel(c.env.DB, scope, ref);
    if (!channel) throw noChannel(scope, ref);
    return c.json(channelView(channel));
  });

  notifyAdmin.delete(path, async (c) => {
    const ref = c.req.param(param);
    await ensureTarget(c, scope, ref);
    return c.json({ cleared: await clearChannel(c.env.DB, scope, ref) });
  });

  notifyAdmin.post(`${path}/test`, async (c) => {
    const ref = c.req.param(param);
    const channel = await getChannel(c.env.DB, scope, ref);
    if (!channel) throw noChannel(scope, ref);
    const delivery = await deliver(
      fetch,
      channel,
      {
        title: "【督办】测试消息",
        notes: [
          `聚星已接通本群（${scope === "branch" ? "支部" : "活动办公室"} ${ref}），此后每天上午在此提醒。`,
        ],
        sections: [],
        link: null,
      },
      new Date(),
      { type: "juxing.test", scope, ref },
    );
    return c.json(delivery);
  });
}

/** A branch's calendar link (its secret `key`), for Outlook or a phone to subscribe to. */
notifyAdmin.get("/branches/:code/calendar-link", async (c) => {
  const code = c.req.param("code");
  await ensureTarget(c, "branch", code);
  const key = await calendarKey(c.env, code);
  const origin = c.env.PUBLIC_URL || new URL(c.req.url).origin;
  return c.json({
    code,
    url: `${origin.replace(/\/+$/, "")}/api/v1/branches/${encodeURIComponent(code)}/calendar.ics?key=${key}`,
  });
});

/** The daily run now (the cron's job, for the office and for local use). */
notifyAdmin.post("/notify/run", async (c) => {
  const result = await dailyRun(c.env.DB, {
    now: notifyNow(c.env, new Date()),
    fetch,
    publicUrl: c.env.PUBLIC_URL || new URL(c.req.url).origin,
  });
  return c.json(result);
});
