/**
 * The daily 督办 run (docs/operations.md "Reminders"), from the Cron Trigger (`30 0 * * *`, 08:30
 * in Beijing) or `POST /api/v1/admin/notify/run`:
 *
 * for each open campaign (its year is this year, or last year's during January, while December's
 * lists may still come in), each enabled branch's latest list gives its overdue and due-soon
 * projects, the reviews give its returned items, and the period's window its "not yet submitted";
 * a branch with a channel and something to say gets one message, the office's channel one digest.
 *
 * - Idempotent per target and day (`notifications`): a target already sent today is skipped; a
 *   failed one is tried again by the next run (and its attempts counted).
 * - One channel's failure is recorded and the run goes on.
 * - Sends to one robot keep to its platform's rate (WeCom and DingTalk: 20 a minute), waiting when
 *   several targets share a robot; at most 6 sends at a time (a Worker's open connections).
 * - A fixed handful of D1 queries, whatever the number of branches and projects: campaigns,
 *   branches with their channels, the office channels, each branch's latest projects (one query),
 *   who submitted for a closing period, returned reviews, today's records; then one batch of writes.
 */
import { hasAnything, previousMonth } from "../../../shared/notify/items.ts";
import { branchMessage, type Message, officeDigest } from "../../../shared/notify/message.ts";
import { todayIn, windowClosesOn } from "../../../shared/period.ts";
import { sha256Hex } from "../crypto.ts";
import { type NotificationRecord, recordNotification, type Scope } from "../db/notify.ts";
import { type ChannelTarget, deliver, type Fetcher } from "./deliver.ts";
import { type ChannelKind, platforms } from "./platforms.ts";
import { placeholders, type SupervisedCampaign, supervisionRows } from "./supervision.ts";

export const DEFAULT_TIMEZONE = "Asia/Shanghai";
const MAX_PARALLEL = 6;
const MINUTE_MS = 60_000;

export interface RunOptions {
  now: Date;
  fetch: Fetcher;
  /** The site's address for links (PUBLIC_URL); none: messages go without a link. */
  publicUrl: string | null;
  /** Waiting out a robot's rate limit; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RunResult {
  day: string;
  sent: number;
  failed: number;
  /** Targets already sent today. */
  skipped: number;
  /** D1 round trips: each read, and the one batch that records what was sent. */
  queries: number;
  /** Rows that batch wrote. */
  writes: number;
  ms: number;
}

interface CampaignRow {
  id: string;
  name: string;
  year: number;
  timezone?: string | null;
  window_days?: number | null;
}

interface Send {
  scope: Scope;
  ref: string;
  campaign: string;
  day: string;
  channel: ChannelTarget;
  message: Message;
  data: unknown;
}

/** The run's D1 round trips, counted where they happen: each read, and the one batch of writes. */
function roundTrips() {
  let n = 0;
  return {
    read: async <T>(statement: D1PreparedStatement): Promise<T[]> => {
      n += 1;
      return (await statement.all<T>()).results;
    },
    batch: async (db: D1Database, statements: D1PreparedStatement[]) => {
      n += 1;
      await db.batch(statements);
    },
    count: () => n,
  };
}

function openCampaigns(rows: CampaignRow[], now: Date): SupervisedCampaign[] {
  const open: SupervisedCampaign[] = [];
  for (const row of rows) {
    const day = todayIn(row.timezone || DEFAULT_TIMEZONE, now);
    const year = Number(day.slice(0, 4));
    const january = day.slice(5, 7) === "01";
    if (row.year !== year && !(row.year === year - 1 && january)) continue;
    const period = previousMonth(day);
    open.push({
      id: row.id,
      name: row.name,
      day,
      closing: { period, closes: windowClosesOn(period, row.window_days ?? null) },
    });
  }
  return open;
}

/** Runs `tasks` at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  });
  await Promise.all(workers);
}

export async function dailyRun(database: D1Database, options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const db = database;
  const trips = roundTrips();
  const { read, count } = trips;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const result: RunResult = {
    day: todayIn(DEFAULT_TIMEZONE, options.now),
    sent: 0,
    failed: 0,
    skipped: 0,
    queries: 0,
    writes: 0,
    ms: 0,
  };
  const finish = () => ({ ...result, queries: count(), ms: Date.now() - started });

  const campaignRows = await read<CampaignRow>(db.prepare("SELECT * FROM campaigns"));
  const open = openCampaigns(campaignRows, options.now);
  if (open.length === 0) return finish();
  const ids = open.map((c) => c.id);

  const channels = await read<{
    scope: Scope;
    ref: string;
    kind: ChannelKind;
    url: string;
    secret: string | null;
  }>(db.prepare("SELECT scope, ref, kind, url, secret FROM notify_channels"));
  const channelOf = new Map(channels.map((ch) => [`${ch.scope}:${ch.ref}`, ch]));
  const branches = await read<{ code: string; name: string; campaign: string }>(
    db
      .prepare(
        `SELECT code, name, campaign FROM branches WHERE disabled = 0 AND campaign IN (${placeholders(ids.length)}) ORDER BY code`,
      )
      .bind(...ids),
  );
  // Campaigns nobody would hear about are left alone: no channel on the office or any branch.
  const heard = new Set(
    open
      .filter(
        (c) =>
          channelOf.has(`campaign:${c.id}`) ||
          branches.some((b) => b.campaign === c.id && channelOf.has(`branch:${b.code}`)),
      )
      .map((c) => c.id),
  );
  const active = open.filter((c) => heard.has(c.id));
  if (active.length === 0) return finish();

  const rowsOf = await supervisionRows(db, read, active, branches);

  const days = [...new Set(active.map((c) => c.day))];
  const records = await read<Pick<NotificationRecord, "scope" | "ref" | "day" | "status" | "attempts">>(
    db
      .prepare(
        `SELECT scope, ref, day, status, attempts FROM notifications WHERE day IN (${placeholders(days.length)})`,
      )
      .bind(...days),
  );
  const recordOf = new Map(records.map((r) => [`${r.scope}:${r.ref}:${r.day}`, r]));

  const sends: Send[] = [];
  const link = (path: string) =>
    options.publicUrl ? `${options.publicUrl.replace(/\/+$/, "")}${path}` : null;
  for (const campaign of active) {
    const rows = rowsOf.get(campaign.id) ?? [];
    for (const { branch, items } of rows) {
      const channel = channelOf.get(`branch:${branch.code}`);
      if (!channel || !hasAnything(items)) continue;
      const path = `/branches/${encodeURIComponent(branch.code)}?campaign=${encodeURIComponent(campaign.id)}`;
      sends.push({
        scope: "branch",
        ref: branch.code,
        campaign: campaign.id,
        day: campaign.day,
        channel,
        message: branchMessage({ branch, campaign, day: campaign.day, items, link: link(path) }),
        data: {
          type: "juxing.reminder",
          day: campaign.day,
          campaign: { id: campaign.id, name: campaign.name },
          branch,
          items,
        },
      });
    }
    const office = channelOf.get(`campaign:${campaign.id}`);
    if (office && rows.some((r) => hasAnything(r.items))) {
      const path = `/supervision?campaign=${encodeURIComponent(campaign.id)}`;
      sends.push({
        scope: "campaign",
        ref: campaign.id,
        campaign: campaign.id,
        day: campaign.day,
        channel: office,
        message: officeDigest({ campaign, day: campaign.day, rows, link: link(path) }),
        data: {
          type: "juxing.digest",
          day: campaign.day,
          campaign: { id: campaign.id, name: campaign.name },
          branches: rows
            .filter((r) => hasAnything(r.items))
            .map((r) => ({
              ...r.branch,
              overdue: r.items.overdue.length,
              returned: r.items.returned.length,
              dueSoon: r.items.dueSoon.length,
              notSubmitted: r.items.notSubmitted !== null,
            })),
        },
      });
    }
  }

  const pending = sends.filter((s) => {
    const done = recordOf.get(`${s.scope}:${s.ref}:${s.day}`)?.status === "sent";
    if (done) result.skipped += 1;
    return !done;
  });
  // Sends to one robot go one after another, paced to its platform's rate; robots run in parallel.
  const byRobot = new Map<string, Send[]>();
  for (const s of pending) byRobot.set(s.channel.url, [...(byRobot.get(s.channel.url) ?? []), s]);
  const writes: D1PreparedStatement[] = [];
  await pool([...byRobot.values()], MAX_PARALLEL, async (queue) => {
    const sentAt: number[] = [];
    for (const s of queue) {
      const limit = platforms[s.channel.kind].perMinute;
      if (limit !== null && sentAt.length >= limit) {
        const wait = (sentAt[sentAt.length - limit] as number) + MINUTE_MS - Date.now();
        if (wait > 0) await sleep(wait);
      }
      sentAt.push(Date.now());
      const delivery = await deliver(options.fetch, s.channel, s.message, options.now, s.data);
      const previous = recordOf.get(`${s.scope}:${s.ref}:${s.day}`);
      if (delivery.ok) result.sent += 1;
      else result.failed += 1;
      writes.push(
        recordNotification(db, {
          scope: s.scope,
          ref: s.ref,
          day: s.day,
          campaign: s.campaign,
          hash: await sha256Hex(JSON.stringify(s.message)),
          status: delivery.ok ? "sent" : "failed",
          error: delivery.error,
          attempts: (previous?.attempts ?? 0) + 1,
        }),
      );
    }
  });
  if (writes.length > 0) await trips.batch(db, writes);
  result.writes = writes.length;
  result.day = days[0] ?? result.day;
  return finish();
}
