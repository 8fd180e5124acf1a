/**
 * Month-end on the local stack (issue 6, docs/api.md, docs/quality.md): 200 branches sync at once against
 * `wrangler dev` on loopback, some retrying under the same Idempotency-Key (bench/load.ts says who
 * and how). Every key is stored exactly once, the rankings list all 200 with their latest score,
 * and nothing answers 5xx.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type MonthEndResult, monthEnd } from "../../bench/load.ts";

let result: MonthEndResult;

beforeAll(async () => {
  result = await monthEnd({ branches: 200 });
  const { attempts: _, ...figures } = result;
  console.log(`juxing-figure ${JSON.stringify({ suite: "month-end", ...figures })}`);
}, 240_000);

describe("month-end: 200 branches syncing at once", () => {
  it("answers every request 201, the retries as replays of the first answer", () => {
    expect(result.serverErrors).toBe(0);
    expect(result.byStatus).toEqual({ 201: result.requests });
    // 200 first tries, 30 % answered-then-retried, 5 % sent twice at once, 10 % corrected, half of those retried.
    expect(result.requests).toBe(200 + 60 + 10 + 20 + 10);
    const byKey = new Map<string, MonthEndResult["attempts"]>();
    for (const a of result.attempts) byKey.set(a.key, [...(byKey.get(a.key) ?? []), a]);
    for (const [key, tries] of byKey) {
      expect(new Set(tries.map((t) => t.submissionId)).size, key).toBe(1);
      // Exactly one try per key made the row; every other one was a replay.
      expect(tries.filter((t) => !t.replayed).length, key).toBe(1);
    }
  });

  it("stores every key exactly once: nothing lost, nothing doubled", () => {
    expect(result.keys).toBe(220);
    expect(result.stored).toBe(result.keys);
    expect(result.lost).toBe(0);
    expect(result.doubled).toBe(0);
  });

  it("ranks all 200 branches with their latest list, none missing", () => {
    expect(result.rankedRows).toBe(200);
    expect(result.missing).toBe(0);
    expect(result.wrongStanding).toBe(0);
  });
});
