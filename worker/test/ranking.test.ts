/** Periods and ranking methods, without I/O. */
import { describe, expect, it } from "vitest";
import { monthsOf, parsePeriod, previousPeriod, rank } from "../src/ranking.ts";

describe("periods", () => {
  it("parse months, quarters and years into month ranges", () => {
    expect(parsePeriod("2023-06")).toEqual({
      period: "2023-06",
      kind: "month",
      year: 2023,
      from: "2023-06",
      to: "2023-06",
    });
    expect(parsePeriod("2023-Q2")).toEqual({
      period: "2023-Q2",
      kind: "quarter",
      year: 2023,
      from: "2023-04",
      to: "2023-06",
    });
    expect(parsePeriod("2023-q4")?.period).toBe("2023-Q4");
    expect(parsePeriod("2023")).toEqual({
      period: "2023",
      kind: "year",
      year: 2023,
      from: "2023-01",
      to: "2023-12",
    });
    for (const bad of ["2023-13", "2023-00", "2023-Q5", "2023-Q0", "23", "2023-6", "2023-06-01", "", "Q2"]) {
      expect(parsePeriod(bad), bad).toBeNull();
    }
  });

  it("the previous period is of the same kind", () => {
    const prev = (p: string) => previousPeriod(parsePeriod(p) ?? (undefined as never)).period;
    expect(prev("2023-01")).toBe("2022-12");
    expect(prev("2023-06")).toBe("2023-05");
    expect(prev("2023-Q1")).toBe("2022-Q4");
    expect(prev("2023-Q3")).toBe("2023-Q2");
    expect(prev("2023")).toBe("2022");
    expect(monthsOf(2023)).toHaveLength(12);
  });
});

describe("rank", () => {
  const items = [
    { code: "d", score: 80 },
    { code: "b", score: 90 },
    { code: "a", score: 100 },
    { code: "c", score: 90 },
  ];
  const ranks = (method: "dense" | "competition", list = items) =>
    rank(
      list,
      (i) => i.score,
      (i) => i.code,
      method,
    ).map((r) => [r.item.code, r.rank, r.tied]);

  it("dense: 100, 90, 90, 80 → 1, 2, 2, 3", () => {
    expect(ranks("dense")).toEqual([
      ["a", 1, false],
      ["b", 2, true],
      ["c", 2, true],
      ["d", 3, false],
    ]);
  });

  it("competition: 100, 90, 90, 80 → 1, 2, 2, 4", () => {
    expect(ranks("competition")).toEqual([
      ["a", 1, false],
      ["b", 2, true],
      ["c", 2, true],
      ["d", 4, false],
    ]);
  });

  it("ties are equal after rounding to 2 decimals", () => {
    const close = [
      { code: "x", score: 89.996 },
      { code: "y", score: 90.004 },
      { code: "z", score: 89.99 },
    ];
    expect(ranks("dense", close)).toEqual([
      ["x", 1, true],
      ["y", 1, true],
      ["z", 2, false],
    ]);
    expect(ranks("dense", [])).toEqual([]);
  });
});
