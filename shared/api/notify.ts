/**
 * 督办 channels (docs/api.md "Reminders"): `PUT|DELETE /api/v1/admin/branches/:code/notify` and
 * `/api/v1/admin/campaigns/:id/notify` (the office's digest), and `POST …/notify/test`. The URL and
 * the secret are secrets: answers carry only "…" and their last 4 characters.
 */
import * as z from "zod";

export const channelKind = z.enum(["wecom", "dingtalk", "feishu", "webhook"]);
export type ChannelKindName = z.infer<typeof channelKind>;

/** The body of PUT …/notify. The Worker checks the URL further (https; http only to localhost). */
export const channelRequest = z.strictObject({
  kind: channelKind,
  url: z.string().trim().min(1).max(2000),
  secret: z.string().trim().min(1).max(500).optional(),
});
export type ChannelRequest = z.infer<typeof channelRequest>;

/** A channel as answered: never the URL or the secret in full. */
export const channelAnswer = z.object({
  scope: z.enum(["branch", "campaign"]),
  ref: z.string(),
  kind: channelKind,
  url: z.string(),
  secret: z.string().nullable(),
  updatedAt: z.string(),
});
export type ChannelAnswer = z.infer<typeof channelAnswer>;

export const channelClearedAnswer = z.object({ cleared: z.boolean() });

/** POST …/notify/test: one test message sent now; `error` says why it failed. */
export const channelTestAnswer = z.object({
  ok: z.boolean(),
  status: z.number().int().nullable(),
  error: z.string().nullable(),
});

/** The answer of a manual run (POST /api/v1/admin/notify/run) and what the daily run logs. */
export const notifyRunAnswer = z.object({
  day: z.string(),
  sent: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  queries: z.number().int(),
  writes: z.number().int(),
  ms: z.number(),
});

/** GET /api/v1/admin/branches/:code/calendar-link: the branch's calendar subscription URL (a secret). */
export const calendarLinkAnswer = z.object({ code: z.string(), url: z.string() });

/** "…" and the last 4 characters: enough to tell two channels apart, too little to use one. */
export function masked(secret: string): string {
  return `…${secret.slice(-4)}`;
}
