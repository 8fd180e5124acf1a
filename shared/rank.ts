/**
 * Ranking by score, without I/O (docs/api.md "Rankings"): used for the rankings and for judged
 * events alike, so both tie and number their places the same way.
 *
 * - Ties: two scores are equal when they are equal after rounding to 2 decimals (what the page
 *   shows), so 89.995 and 90 tie and nobody is ranked apart by a float's last bit.
 * - `dense` (中国式排名): 100, 90, 90, 80 → 1, 2, 2, 3; `competition` (Excel RANK): 1, 2, 2, 4.
 *   Equal scores are listed by their key (the branch code).
 */
import { round2 } from "./score.ts";

export const rankingMethods = ["dense", "competition"] as const;
export type RankingMethod = (typeof rankingMethods)[number];

export interface Ranked<T> {
  item: T;
  rank: number;
  tied: boolean;
}

/**
 * Ranks items by score, highest first. Scores compare after rounding to 2 decimals; equal scores
 * share a rank (and are `tied`) and are listed by `key`.
 */
export function rank<T>(
  items: readonly T[],
  score: (item: T) => number,
  key: (item: T) => string,
  method: RankingMethod,
): Ranked<T>[] {
  const sorted = items
    .map((item) => ({ item, value: round2(score(item)), key: key(item) }))
    .sort((a, b) => b.value - a.value || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const counts = new Map<number, number>();
  for (const entry of sorted) counts.set(entry.value, (counts.get(entry.value) ?? 0) + 1);
  const out: Ranked<T>[] = [];
  let current = 0;
  let previous: number | undefined;
  sorted.forEach((entry, index) => {
    if (entry.value !== previous) {
      current = method === "dense" ? current + 1 : index + 1;
      previous = entry.value;
    }
    out.push({ item: entry.item, rank: current, tied: (counts.get(entry.value) ?? 0) > 1 });
  });
  return out;
}
