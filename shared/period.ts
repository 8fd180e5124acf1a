/**
 * The one rule for the month a submission is for and the date it is judged as of (docs/api.md,
 * "Period and as-of"), used by the task pane and the command line alike:
 *
 * - the period is the one the user chose (pane settings, `--period`), else the one the workbook
 *   states, else the month of today;
 * - the as-of date is today while the period runs, the period's last day once it is over (a June
 *   list sent in August is June's list, judged as at June 30), and today before it starts (the
 *   server then refuses it and says why: a list cannot be sent for a month not yet begun).
 *
 * The server accepts an as-of date in the period's month or up to 10 days after it, and not after
 * the day of receipt (asOfAllowed in submission.ts); every result of this rule for a period that
 * has begun satisfies that.
 */
import { isoDate, lastDayOfMonth } from "./dates.ts";

export interface PeriodChoice {
  /** Chosen by the user; wins when given. */
  chosen?: string | null;
  /** As the workbook states it. */
  workbook?: string | null;
  /** The local date of the client, YYYY-MM-DD. */
  today: string;
}

export function lastDayOf(period: string): string {
  const [year, month] = period.split("-").map(Number) as [number, number];
  return isoDate(year, month, lastDayOfMonth(year, month)) as string;
}

export function submissionPeriod({ chosen, workbook, today }: PeriodChoice): {
  period: string;
  asOf: string;
} {
  const period = chosen || workbook || today.slice(0, 7);
  const last = lastDayOf(period);
  return { period, asOf: today > last ? last : today };
}
