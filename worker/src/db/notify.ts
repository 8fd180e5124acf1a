/** Notification channels (secrets: never answered in full) and the record of what was sent. */
import type { ChannelKind } from "../notify/platforms.ts";
import { nowIso } from "./util.ts";

export type Scope = "branch" | "campaign";

export interface Channel {
  scope: Scope;
  ref: string;
  kind: ChannelKind;
  url: string;
  secret: string | null;
  updatedAt: string;
}

interface ChannelRow {
  scope: Scope;
  ref: string;
  kind: ChannelKind;
  url: string;
  secret: string | null;
  updated_at: string;
}

const fromRow = (r: ChannelRow): Channel => ({
  scope: r.scope,
  ref: r.ref,
  kind: r.kind,
  url: r.url,
  secret: r.secret,
  updatedAt: r.updated_at,
});

export async function setChannel(db: D1Database, channel: Omit<Channel, "updatedAt">): Promise<Channel> {
  const now = nowIso();
  await db
    .prepare(
      `INSERT INTO notify_channels (scope, ref, kind, url, secret, updated_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (scope, ref) DO UPDATE SET kind = excluded.kind, url = excluded.url,
        secret = excluded.secret, updated_at = excluded.updated_at`,
    )
    .bind(channel.scope, channel.ref, channel.kind, channel.url, channel.secret, now)
    .run();
  return { ...channel, updatedAt: now };
}

/** True when there was one. */
export async function clearChannel(db: D1Database, scope: Scope, ref: string): Promise<boolean> {
  const result = await db
    .prepare("DELETE FROM notify_channels WHERE scope = ? AND ref = ?")
    .bind(scope, ref)
    .run();
  return (result.meta.changes ?? 0) > 0;
}

export async function getChannel(db: D1Database, scope: Scope, ref: string): Promise<Channel | null> {
  const row = await db
    .prepare("SELECT * FROM notify_channels WHERE scope = ? AND ref = ?")
    .bind(scope, ref)
    .first<ChannelRow>();
  return row ? fromRow(row) : null;
}

export async function allChannels(db: D1Database): Promise<Channel[]> {
  const { results } = await db.prepare("SELECT * FROM notify_channels").all<ChannelRow>();
  return results.map(fromRow);
}

export interface NotificationRecord {
  scope: Scope;
  ref: string;
  day: string;
  campaign: string;
  hash: string;
  status: "sent" | "failed";
  error: string | null;
  attempts: number;
}

export async function notificationsOn(db: D1Database, day: string): Promise<NotificationRecord[]> {
  const { results } = await db
    .prepare(
      "SELECT scope, ref, day, campaign, hash, status, error, attempts FROM notifications WHERE day = ?",
    )
    .bind(day)
    .all<NotificationRecord>();
  return results;
}

export function recordNotification(db: D1Database, r: NotificationRecord): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO notifications (scope, ref, day, campaign, hash, status, error, attempts, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (scope, ref, day) DO UPDATE SET hash = excluded.hash, status = excluded.status,
        error = excluded.error, attempts = excluded.attempts, updated_at = excluded.updated_at`,
    )
    .bind(r.scope, r.ref, r.day, r.campaign, r.hash, r.status, r.error, r.attempts, nowIso());
}
