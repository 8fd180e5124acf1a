/**
 * The rankings answer (docs/api.md), computed from each branch's latest submission in the period
 * and in the previous period of the same kind, in one D1 round trip.
 *
 * Cache: the serialized answer is kept in isolate memory per (campaign, period, metric, method)
 * together with a version — the highest submission seq, the campaign's and its branches' last
 * change. Within FRESH_MS an entry is served as is; after that one cheap indexed query checks the
 * version and only a change recomputes. Writes through this isolate clear the cache at once; other
 * isolates catch up within FRESH_MS, far inside the answer's own `max-age=30`.
 */
import type { ReviewCounts } from "../../shared/api/reviews.ts";
import type { ClosedScore } from "../../shared/events.ts";
import { sha256, toHex } from "./crypto.ts";
import type { Campaign } from "./db/campaigns.ts";
import { closedEventScores } from "./db/events.ts";
import { enabledBranches, latestPerBranch, rankingVersion, type StandingRow } from "./db/submissions.ts";
import { judgedPointsFrom } from "./judged.ts";
import {
  assertPeriodOfCampaign,
  type Metric,
  type Period,
  previousPeriod,
  type RankingMethod,
  rank,
} from "./ranking.ts";
import { type TwoScores, twoScores } from "./verified.ts";

export const FRESH_MS = 1000;
const MAX_ENTRIES = 256;

export interface RankingRow {
  rank: number;
  tied: boolean;
  branch: { code: string; name: string };
  /** The ranked metric of the audited score (docs/api.md, "Two scores"). */
  score: number;
  stars: number;
  /** The audited total. */
  total: number;
  /** The self-declared total: the list taken at its word. */
  selfScore: number;
  /** The claims of the branch's submission by state. */
  review: ReviewCounts;
  byCategory: { model: number; service: number; vanguard: number; activities: number; landmark: number };
  clarityRate: number;
  completionRate: number;
  overdue: number;
  previousRank: number | null;
  movement: number | null;
  period: string;
  submissionId: string;
  submittedAt: string;
}

export interface RankingsAnswer {
  campaign: { id: string; name: string; year: number };
  period: string;
  kind: Period["kind"];
  from: string;
  to: string;
  previousPeriod: string;
  metric: Metric;
  method: RankingMethod;
  rows: RankingRow[];
  missing: { code: string; name: string }[];
}

export type Standing = StandingRow & TwoScores;

/** Each enabled branch's latest submission of one month, with both scores as of now. */
export async function monthStandings(
  db: D1Database,
  campaign: Campaign,
  period: string,
): Promise<Standing[]> {
  const [latest, closed] = await db.batch([
    latestPerBranch(db, campaign.id, period, period, period),
    closedEventScores(db, campaign.id),
  ]);
  const judged = judgedPointsFrom((closed?.results ?? []) as ClosedScore[], campaign);
  return ((latest?.results ?? []) as StandingRow[]).map((row) => ({
    ...row,
    ...twoScores(row, campaign, judged(row.branch, row.period)),
  }));
}

function metricOf(standing: Standing, metric: Metric): number {
  return metric === "total" ? standing.score.total : standing.score.byCategory[metric];
}

export async function computeRankings(
  db: D1Database,
  campaign: Campaign,
  period: Period,
  metric: Metric,
  method: RankingMethod,
): Promise<RankingsAnswer> {
  const previous = previousPeriod(period);
  // One round trip: the latest submissions, the branches, and every closed event's scores (the
  // judged activities part under `activities: "judged"`, computed here for every row at once).
  const [latest, branches, closed] = await db.batch([
    latestPerBranch(db, campaign.id, previous.from, period.from, period.to),
    enabledBranches(db, campaign.id),
    closedEventScores(db, campaign.id),
  ]);
  const judged = judgedPointsFrom((closed?.results ?? []) as ClosedScore[], campaign);
  const rows: Standing[] = ((latest?.results ?? []) as StandingRow[]).map((row) => ({
    ...row,
    ...twoScores(row, campaign, judged(row.branch, row.period)),
  }));
  const current = rows.filter((r) => r.cur === 1);
  const before = rank(
    rows.filter((r) => r.cur === 0),
    (r) => metricOf(r, metric),
    (r) => r.branch,
    method,
  );
  const previousRanks = new Map(before.map((r) => [r.item.branch, r.rank]));
  const ranked = rank(
    current,
    (r) => metricOf(r, metric),
    (r) => r.branch,
    method,
  );
  const seen = new Set(current.map((r) => r.branch));
  const all = (branches?.results ?? []) as { code: string; name: string }[];
  return {
    campaign: { id: campaign.id, name: campaign.name, year: campaign.year },
    period: period.period,
    kind: period.kind,
    from: period.from,
    to: period.to,
    previousPeriod: previous.period,
    metric,
    method,
    rows: ranked.map(({ item, rank: position, tied }) => {
      const previousRank = previousRanks.get(item.branch) ?? null;
      return {
        rank: position,
        tied,
        branch: { code: item.branch, name: item.name },
        score: metricOf(item, metric),
        stars: item.score.stars,
        total: item.score.total,
        selfScore: item.selfScore.total,
        review: item.review,
        byCategory: item.score.byCategory,
        clarityRate: item.clarity_rate,
        completionRate: item.completion_rate,
        overdue: item.overdue,
        previousRank,
        movement: previousRank === null ? null : previousRank - position,
        period: item.period,
        submissionId: item.id,
        submittedAt: item.received_at,
      };
    }),
    missing: all.filter((b) => !seen.has(b.code)).map((b) => ({ code: b.code, name: b.name })),
  };
}

interface Entry {
  version: string;
  checkedAt: number;
  body: string;
  etag: string;
}

const cache = new Map<string, Entry>();
let cacheGeneration = 0;

/** Forget every cached ranking (after a submission or an admin change through this isolate). */
export function invalidateRankings(): void {
  cache.clear();
  cacheGeneration += 1;
}

async function etagOf(body: string): Promise<string> {
  return `W/"${toHex((await sha256(body)).subarray(0, 16))}"`;
}

/**
 * The serialized answer and its ETag, from the cache when still current. (Concurrent misses each
 * compute: sharing one promise across requests is unsafe in workerd, where a request's I/O belongs
 * to that request, and a cold computation takes a few tens of milliseconds.)
 */
export async function cachedRankings(
  db: D1Database,
  loadCampaign: () => Promise<Campaign | null>,
  campaignId: string,
  period: Period,
  metric: Metric,
  method: RankingMethod | undefined,
): Promise<{ body: string; etag: string } | null> {
  const key = `${campaignId}|${period.period}|${metric}|${method ?? ""}`;
  const entry = cache.get(key);
  if (entry && Date.now() - entry.checkedAt < FRESH_MS) return entry;
  const generation = cacheGeneration;
  const version = await rankingVersion(db, campaignId);
  if (entry && entry.version === version) {
    entry.checkedAt = Date.now();
    return entry;
  }
  const campaign = await loadCampaign();
  if (!campaign) return null;
  // Only periods of the campaign's year are ever computed (and so ever cached).
  assertPeriodOfCampaign(period, campaign.year);
  const body = JSON.stringify(
    await computeRankings(db, campaign, period, metric, method ?? campaign.ranking),
  );
  const fresh: Entry = { version, checkedAt: Date.now(), body, etag: await etagOf(body) };
  // A write through this isolate while this was computed: answer, but do not cache it.
  if (generation === cacheGeneration) {
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(key, fresh);
  }
  return fresh;
}
