/**
 * What the rankings page shows for a query: the campaign, the period (of the chosen kind) and the
 * metric. Without JavaScript the period menu cannot follow the kind menu, so a kind that does not
 * fit the period converts it (2023-06 → 2023-Q2 → 2023; a quarter or year back to a month picks
 * its latest month with data). No or unusable values fall back to the latest period with data.
 */
import { isoMonth } from "../../../shared/dates.ts";
import {
  type Metric,
  metrics,
  monthPeriod,
  monthsOf,
  type Period,
  type PeriodKind,
  parsePeriod,
  quarterPeriod,
  yearPeriod,
} from "../ranking.ts";

export const kinds: readonly PeriodKind[] = ["month", "quarter", "year"];

export interface Selection {
  period: Period;
  metric: Metric;
}

/** The month shown when nothing says otherwise: the latest with data, else today's clamped to the year. */
export function defaultMonth(year: number, dataMonths: readonly string[], today: Date): string {
  const inYear = dataMonths.filter((m) => m.startsWith(`${year}-`));
  const last = inYear.at(-1);
  if (last) return last;
  const y = today.getUTCFullYear();
  if (y < year) return isoMonth(year, 1);
  if (y > year) return isoMonth(year, 12);
  return isoMonth(year, today.getUTCMonth() + 1);
}

function ofKind(month: string, kind: PeriodKind): Period {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  if (kind === "year") return yearPeriod(y);
  if (kind === "quarter") return quarterPeriod(y, Math.ceil(m / 3));
  return monthPeriod(y, m);
}

export function selectPeriod(
  year: number,
  query: { kind?: string | undefined; period?: string | undefined },
  dataMonths: readonly string[],
  today: Date,
): Period {
  const asked = query.period ? parsePeriod(query.period) : null;
  const parsed = asked && asked.year === year ? asked : null;
  const kind: PeriodKind = kinds.includes(query.kind as PeriodKind)
    ? (query.kind as PeriodKind)
    : (parsed?.kind ?? "month");
  if (parsed && parsed.kind === kind) return parsed;
  let anchor = defaultMonth(year, dataMonths, today);
  if (parsed) {
    const inside = dataMonths.filter((m) => m >= parsed.from && m <= parsed.to);
    anchor = parsed.kind === "month" ? parsed.from : (inside.at(-1) ?? parsed.to);
  }
  return ofKind(anchor, kind);
}

export function selectMetric(value: string | undefined): Metric {
  return metrics.includes(value as Metric) ? (value as Metric) : "total";
}

/** The periods of one kind in the campaign year, for the period menu. */
export function periodsOf(year: number, kind: PeriodKind): Period[] {
  if (kind === "year") return [yearPeriod(year)];
  if (kind === "quarter") return [1, 2, 3, 4].map((q) => quarterPeriod(year, q));
  return monthsOf(year).map((m) => monthPeriod(year, Number(m.slice(5, 7))));
}

/** Does any month of the period hold data? */
export function hasData(period: Period, dataMonths: readonly string[]): boolean {
  return dataMonths.some((m) => m >= period.from && m <= period.to);
}
