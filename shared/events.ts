/**
 * 现场打分 — judged competitions (docs/rubric.md "Activities", docs/api.md "Events"), without I/O.
 *
 * - A branch's result in an event: the judges' latest scores, the `trim` highest and `trim` lowest
 *   dropped (去掉最高分、去掉最低分), the mean of the rest. Without an explicit trim, 1 when at least
 *   5 judges scored, else 0. A trim that would drop every score is narrowed so at least one stays
 *   (an event created with trim 2 where only 3 judges turned up still has a result).
 * - Branches are ranked by their results with the campaign's method (shared/rank.ts: ties after
 *   rounding to two decimals); a branch nobody scored has no result and no rank and is listed last.
 * - Into the branch's score: under the campaign setting `activities: "judged"`, the activities
 *   component is the mean of the branch's results in closed events dated in the campaign year up
 *   to the last day of the period, × the rubric's activities points / 100; no such event → 0.
 */
import { isoMonth, lastDayOfMonth } from "./dates.ts";
import { type RankingMethod, rank } from "./rank.ts";

/** Judges needed before one highest and one lowest score are dropped by default. */
export const DEFAULT_TRIM_FROM = 5;

export function defaultTrim(count: number): number {
  return count >= DEFAULT_TRIM_FROM ? 1 : 0;
}

/** How many scores are dropped at each end: the event's trim (or the default), never all of them. */
export function effectiveTrim(count: number, trim: number | null | undefined): number {
  const wanted = trim ?? defaultTrim(count);
  return Math.max(0, Math.min(wanted, Math.floor((count - 1) / 2)));
}

export interface TrimmedResult {
  /** Every latest score, ascending. */
  scores: number[];
  /** The dropped ones (the lowest `trim`, then the highest `trim`), ascending. */
  dropped: number[];
  /** Positions in `scores` that were dropped (for striking them through). */
  droppedAt: number[];
  /** The mean of the scores kept; null when nobody scored. */
  mean: number | null;
  count: number;
}

export function trimmedMean(scores: readonly number[], trim?: number | null): TrimmedResult {
  const sorted = [...scores].sort((a, b) => a - b);
  const count = sorted.length;
  if (count === 0) return { scores: [], dropped: [], droppedAt: [], mean: null, count: 0 };
  const t = effectiveTrim(count, trim);
  const droppedAt: number[] = [];
  for (let i = 0; i < count; i++) if (i < t || i >= count - t) droppedAt.push(i);
  const kept = sorted.slice(t, count - t);
  const mean = kept.reduce((a, b) => a + b, 0) / kept.length;
  return { scores: sorted, dropped: droppedAt.map((i) => sorted[i] as number), droppedAt, mean, count };
}

export interface EventBranch {
  code: string;
  name: string;
}

export interface EventRow extends TrimmedResult {
  rank: number | null;
  tied: boolean;
  branch: EventBranch;
}

/**
 * The result table of an event: each branch's trimmed mean, ranked; unscored branches last (by
 * code), without a rank. `scores` maps a branch code to its judges' latest scores.
 */
export function eventResults(
  branches: readonly EventBranch[],
  scores: ReadonlyMap<string, readonly number[]>,
  trim: number | null | undefined,
  method: RankingMethod,
): EventRow[] {
  const results = branches.map((branch) => ({ branch, ...trimmedMean(scores.get(branch.code) ?? [], trim) }));
  const scored = results.filter((r) => r.mean !== null);
  const ranked = rank(
    scored,
    (r) => r.mean as number,
    (r) => r.branch.code,
    method,
  ).map(({ item, rank: position, tied }) => ({ ...item, rank: position, tied }));
  const unscored = results
    .filter((r) => r.mean === null)
    .sort((a, b) => (a.branch.code < b.branch.code ? -1 : a.branch.code > b.branch.code ? 1 : 0))
    .map((r) => ({ ...r, rank: null, tied: false }));
  return [...ranked, ...unscored];
}

/** One closed event's result for one branch, as the branch's score reads it. */
export interface JudgedResult {
  /** The event's date, YYYY-MM-DD. */
  date: string;
  /** The branch's trimmed mean (0–100). */
  score: number;
}

/**
 * The activities component under `activities: "judged"`: the mean of the results dated in `year`
 * up to `lastDay` (inclusive), scaled to `points`; 0 without any.
 */
export function judgedActivityPoints(
  results: readonly JudgedResult[],
  year: number,
  lastDay: string,
  points: number,
): number {
  let sum = 0;
  let n = 0;
  for (const result of results) {
    if (Number(result.date.slice(0, 4)) !== year || result.date > lastDay) continue;
    sum += result.score;
    n++;
  }
  return n === 0 ? 0 : (sum / n / 100) * points;
}

/** The last day of a period written `YYYY-MM`, `YYYY-Qn` or `YYYY`; null for anything else. */
export function periodLastDay(period: string): string | null {
  let match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (match) return lastDay(Number(match[1]), Number(match[2]));
  match = /^(\d{4})-[Qq]([1-4])$/.exec(period);
  if (match) return lastDay(Number(match[1]), Number(match[2]) * 3);
  match = /^(\d{4})$/.exec(period);
  if (match) return `${match[1]}-12-31`;
  return null;
}

function lastDay(year: number, month: number): string {
  return `${isoMonth(year, month)}-${String(lastDayOfMonth(year, month)).padStart(2, "0")}`;
}

/** One judge's latest score in a closed event, as the rankings read them. */
export interface ClosedScore {
  eventId: number;
  date: string;
  trim: number | null;
  branch: string;
  score: number;
}

/** Each branch's results (trimmed means) in the given closed events' scores. */
export function judgedResultsByBranch(scores: readonly ClosedScore[]): Map<string, JudgedResult[]> {
  const groups = new Map<string, { date: string; trim: number | null; branch: string; scores: number[] }>();
  for (const s of scores) {
    const key = `${s.eventId}\u0000${s.branch}`;
    let group = groups.get(key);
    if (!group) {
      group = { date: s.date, trim: s.trim, branch: s.branch, scores: [] };
      groups.set(key, group);
    }
    group.scores.push(s.score);
  }
  const out = new Map<string, JudgedResult[]>();
  for (const group of groups.values()) {
    const mean = trimmedMean(group.scores, group.trim).mean;
    if (mean === null) continue;
    const list = out.get(group.branch) ?? [];
    list.push({ date: group.date, score: mean });
    out.set(group.branch, list);
  }
  return out;
}

/** A branch's place in one closed event. */
export interface BranchPlace {
  score: number | null;
  rank: number | null;
  tied: boolean;
  count: number;
}

/**
 * One branch's result and rank in each closed event, from those events' latest scores (every
 * branch's: the rank needs them). Events where nobody scored the branch are left out.
 */
export function branchPlaces(
  scores: readonly ClosedScore[],
  branch: string,
  method: RankingMethod,
): Map<number, BranchPlace> {
  const byEvent = new Map<number, { trim: number | null; scores: Map<string, number[]> }>();
  for (const s of scores) {
    let event = byEvent.get(s.eventId);
    if (!event) {
      event = { trim: s.trim, scores: new Map() };
      byEvent.set(s.eventId, event);
    }
    event.scores.set(s.branch, [...(event.scores.get(s.branch) ?? []), s.score]);
  }
  const out = new Map<number, BranchPlace>();
  for (const [id, event] of byEvent) {
    if (!event.scores.has(branch)) continue;
    const rows = eventResults(
      [...event.scores.keys()].map((code) => ({ code, name: code })),
      event.scores,
      event.trim,
      method,
    );
    const row = rows.find((r) => r.branch.code === branch);
    if (row) out.set(id, { score: row.mean, rank: row.rank, tied: row.tied, count: row.count });
  }
  return out;
}
