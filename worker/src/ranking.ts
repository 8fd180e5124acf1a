/**
 * Periods and ranking methods, without I/O (docs/api.md).
 *
 * - A period is a month `2023-06`, a quarter `2023-Q2` or a year `2023`; each is a range of months.
 * - The previous period of the same kind: 2023-01 → 2022-12, 2023-Q1 → 2022-Q4, 2023 → 2022.
 * - Ranking itself (ties, dense or competition) is shared/rank.ts, shared with judged events.
 */
import { isoMonth } from "../../shared/dates.ts";
import { type RankingMethod, rankingMethods } from "../../shared/rank.ts";
import { ApiError } from "./errors.ts";

export type PeriodKind = "month" | "quarter" | "year";
export { type Ranked, rank } from "../../shared/rank.ts";
export { type RankingMethod, rankingMethods };
export const metrics = ["total", "model", "service", "vanguard", "activities", "landmark"] as const;
export type Metric = (typeof metrics)[number];

export interface Period {
  /** As written: 2023-06, 2023-Q2 or 2023. */
  period: string;
  kind: PeriodKind;
  year: number;
  /** First and last month, YYYY-MM (inclusive); they compare as text. */
  from: string;
  to: string;
}

export function monthPeriod(year: number, m: number): Period {
  const p = isoMonth(year, m);
  return { period: p, kind: "month", year, from: p, to: p };
}

export function quarterPeriod(year: number, q: number): Period {
  return {
    period: `${year}-Q${q}`,
    kind: "quarter",
    year,
    from: isoMonth(year, q * 3 - 2),
    to: isoMonth(year, q * 3),
  };
}

export function yearPeriod(year: number): Period {
  return { period: String(year), kind: "year", year, from: isoMonth(year, 1), to: isoMonth(year, 12) };
}

/** `2023-06`, `2023-Q2` (q case-insensitive) or `2023`; null for anything else. */
export function parsePeriod(text: string): Period | null {
  let match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (match) return monthPeriod(Number(match[1]), Number(match[2]));
  match = /^(\d{4})-[Qq]([1-4])$/.exec(text);
  if (match) return quarterPeriod(Number(match[1]), Number(match[2]));
  match = /^(\d{4})$/.exec(text);
  if (match) return yearPeriod(Number(match[1]));
  return null;
}

const periodForms = "a month 2023-06, a quarter 2023-Q2 or a year 2023";

/** A period as written in a query: 422 when it is none of the three forms. */
export function periodOf(text: string): Period {
  const period = parsePeriod(text);
  if (!period) {
    throw new ApiError(422, "period_invalid", `The period "${text.slice(0, 20)}" is not ${periodForms}.`, {
      issues: [{ path: "period", message: `expected ${periodForms}` }],
    });
  }
  return period;
}

/**
 * A campaign covers one year: any other year (0000-Q1, last year's 2022-06) is 422 rather than
 * a table where every branch is missing (docs/security.md).
 */
export function assertPeriodOfCampaign(period: Pick<Period, "period" | "year">, campaignYear: number): void {
  if (period.year !== campaignYear) {
    throw new ApiError(
      422,
      "period_out_of_range",
      `The period ${period.period} is outside the campaign's year ${campaignYear}.`,
      { issues: [{ path: "period", message: `expected a period of ${campaignYear}` }] },
    );
  }
}

export function previousPeriod(p: Period): Period {
  if (p.kind === "year") return yearPeriod(p.year - 1);
  if (p.kind === "quarter") {
    const q = Number(p.period.slice(-1));
    return q === 1 ? quarterPeriod(p.year - 1, 4) : quarterPeriod(p.year, q - 1);
  }
  const m = Number(p.period.slice(5, 7));
  return m === 1 ? monthPeriod(p.year - 1, 12) : monthPeriod(p.year, m - 1);
}

/** The months of a year, 2023-01 … 2023-12. */
export function monthsOf(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => isoMonth(year, i + 1));
}
