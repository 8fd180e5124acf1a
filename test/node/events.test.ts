/** 现场打分 in the core: trimmed means, their trim rules, ranks with ties, the judged activities part. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  effectiveTrim,
  eventResults,
  judgedActivityPoints,
  periodLastDay,
  trimmedMean,
} from "../../shared/events.ts";
import { round2 } from "../../shared/score.ts";

describe("trimmed mean (去掉一个最高分、去掉一个最低分)", () => {
  it.each([
    // judges, scores, default trim, dropped, mean
    [3, [90, 70, 99], 0, [], (90 + 70 + 99) / 3],
    [4, [90, 70, 99, 85], 0, [], (90 + 70 + 99 + 85) / 4],
    [5, [90, 85, 88, 70, 99], 1, [70, 99], (85 + 88 + 90) / 3],
    [7, [90, 85, 88, 70, 99, 92, 80], 1, [70, 99], (80 + 85 + 88 + 90 + 92) / 5],
  ])("%i judges: the default trim is %i", (count, scores, trim, dropped, mean) => {
    const result = trimmedMean(scores);
    expect(result.count).toBe(count);
    expect(effectiveTrim(count, undefined)).toBe(trim);
    expect(result.scores).toEqual([...scores].sort((a, b) => a - b));
    expect(result.dropped).toEqual(dropped);
    expect(result.mean).toBeCloseTo(mean, 10);
  });

  it("an explicit trim: 2 of 7 drops two at each end; 0 of 5 drops none", () => {
    const seven = trimmedMean([90, 85, 88, 70, 99, 92, 80], 2);
    expect(seven.dropped).toEqual([70, 80, 92, 99]);
    expect(seven.droppedAt).toEqual([0, 1, 5, 6]);
    expect(seven.mean).toBeCloseTo((85 + 88 + 90) / 3, 10);
    const five = trimmedMean([90, 85, 88, 70, 99], 0);
    expect(five.dropped).toEqual([]);
    expect(five.mean).toBeCloseTo((90 + 85 + 88 + 70 + 99) / 5, 10);
  });

  it("a trim that would drop everything keeps the middle score(s)", () => {
    expect(trimmedMean([80, 90, 100], 2)).toMatchObject({ dropped: [80, 100], mean: 90 });
    expect(trimmedMean([80, 90], 1)).toMatchObject({ dropped: [], mean: 85 });
    expect(trimmedMean([77], 3)).toMatchObject({ dropped: [], mean: 77 });
  });

  it("equal extremes: only one of each is dropped", () => {
    const result = trimmedMean([99, 99, 90, 70, 70]);
    expect(result.dropped).toEqual([70, 99]);
    expect(result.mean).toBeCloseTo((70 + 90 + 99) / 3, 10);
  });

  it("nobody scored: no mean", () => {
    expect(trimmedMean([])).toEqual({ scores: [], dropped: [], droppedAt: [], mean: null, count: 0 });
  });

  const scoresArb = fc.array(
    fc.integer({ min: 0, max: 10000 }).map((n) => n / 100),
    {
      minLength: 1,
      maxLength: 15,
    },
  );

  it("property: the mean lies between the kept extremes, ignores order, and drops 2 × trim", () => {
    fc.assert(
      fc.property(
        scoresArb,
        fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        (scores, trim) => {
          const result = trimmedMean(scores, trim);
          const t = effectiveTrim(scores.length, trim);
          expect(result.dropped).toHaveLength(2 * t);
          expect(result.count - result.dropped.length).toBeGreaterThanOrEqual(1);
          const kept = result.scores.slice(t, result.count - t);
          const mean = result.mean as number;
          expect(mean).toBeGreaterThanOrEqual(Math.min(...kept) - 1e-9);
          expect(mean).toBeLessThanOrEqual(Math.max(...kept) + 1e-9);
          expect(trimmedMean([...scores].reverse(), trim).mean).toBeCloseTo(mean, 9);
          // Raising the highest score never changes a trimmed mean that drops it.
          if (t > 0) {
            const raised = [...result.scores];
            raised[raised.length - 1] = 100;
            expect(trimmedMean(raised, trim).mean).toBeCloseTo(mean, 9);
          }
        },
      ),
    );
  });
});

describe("event results: ranks with ties", () => {
  const branches = ["A01", "A02", "A03", "A04", "A05"].map((code) => ({ code, name: `${code} 党支部` }));

  it("ties after rounding to two decimals; dense 1,2,2,3 and competition 1,2,2,4; unscored last", () => {
    const scores = new Map<string, number[]>([
      ["A01", [90, 90, 90]],
      // 89.995 rounds to 90.00 like A01's 90
      ["A02", [89.99, 90, 89.995]],
      ["A03", [95, 95, 95]],
      ["A04", [80, 81, 82]],
    ]);
    const dense = eventResults(branches, scores, undefined, "dense");
    expect(dense.map((r) => [r.branch.code, r.rank, r.tied])).toEqual([
      ["A03", 1, false],
      ["A01", 2, true],
      ["A02", 2, true],
      ["A04", 3, false],
      ["A05", null, false],
    ]);
    const competition = eventResults(branches, scores, undefined, "competition");
    expect(competition.map((r) => r.rank)).toEqual([1, 2, 2, 4, null]);
    expect(competition[4]).toMatchObject({ mean: null, count: 0, scores: [] });
  });

  it("property: dense ranks are consecutive; competition ranks count the branches above", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 60, max: 70 }), { minLength: 1, maxLength: 7 }), {
          minLength: 1,
          maxLength: 17,
        }),
        (perBranch) => {
          const list = perBranch.map((_, i) => ({ code: `B${String(i).padStart(2, "0")}`, name: "x" }));
          const scores = new Map(perBranch.map((s, i) => [list[i]?.code as string, s]));
          const dense = eventResults(list, scores, undefined, "dense");
          const competition = eventResults(list, scores, undefined, "competition");
          const distinct = [...new Set(dense.map((r) => round2(r.mean as number)))];
          for (const row of dense) expect(row.rank).toBe(distinct.indexOf(round2(row.mean as number)) + 1);
          for (const row of competition) {
            const above = competition.filter((o) => round2(o.mean as number) > round2(row.mean as number));
            expect(row.rank).toBe(above.length + 1);
          }
        },
      ),
    );
  });
});

describe("the judged activities part of a branch's score", () => {
  it("the mean of closed events in the campaign year up to the period's last day × points / 100", () => {
    const results = [
      { date: "2022-12-20", score: 10 },
      { date: "2023-03-15", score: (85 + 88 + 90) / 3 },
      { date: "2023-06-30", score: 80 },
      { date: "2023-07-01", score: 20 },
    ];
    // June: March and June count, December 2022 (another year) and July (later) do not
    expect(judgedActivityPoints(results, 2023, "2023-06-30", 10)).toBeCloseTo(((263 / 3 + 80) / 2) * 0.1, 10);
    expect(judgedActivityPoints(results, 2023, "2023-02-28", 10)).toBe(0);
    expect(judgedActivityPoints([], 2023, "2023-12-31", 10)).toBe(0);
    // The acceptance case: judges 90/85/88/70/99 → 87.67 of 100 → 8.77 of 10
    const mean = trimmedMean([90, 85, 88, 70, 99]).mean as number;
    expect(round2(judgedActivityPoints([{ date: "2023-05-20", score: mean }], 2023, "2023-06-30", 10))).toBe(
      8.77,
    );
  });

  it("periods' last days", () => {
    expect(periodLastDay("2024-02")).toBe("2024-02-29");
    expect(periodLastDay("2023-Q2")).toBe("2023-06-30");
    expect(periodLastDay("2023")).toBe("2023-12-31");
    expect(periodLastDay("2023-13")).toBeNull();
  });
});
