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
import type { Lang } from "./findings.ts";

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

/*
 * Honest timing (docs/api.md, "Period and as-of"): the server, not the client, decides the date a
 * submission is judged as of and whether its month still takes submissions. These are the rules,
 * without a clock: the caller passes today as the campaign's timezone sees it.
 */

/** Today (YYYY-MM-DD) in an IANA timezone such as Asia/Shanghai; throws RangeError for an unknown zone. */
export function todayIn(timezone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** Whether `timezone` is one Intl knows (a campaign setting is checked with it). */
export function isTimezone(timezone: string): boolean {
  try {
    todayIn(timezone, new Date(0));
    return true;
  } catch {
    return false;
  }
}

/** The server's as-of for a month: today while the month runs, its last day once it is over. */
export function serverAsOf(period: string, today: string): string {
  const last = lastDayOf(period);
  return today > last ? last : today;
}

/**
 * The last day on which a month's submissions are accepted: day `windowDays` of the following
 * month (0: the month's own last day); null when the campaign keeps every month open.
 * The window of 2026-11 with windowDays 5 closes on 2026-12-05 (at the end of that day).
 */
export function windowClosesOn(period: string, windowDays: number | null): string | null {
  if (windowDays === null) return null;
  const [year, month] = period.split("-").map(Number) as [number, number];
  const next = new Date(Date.UTC(year, month, windowDays));
  return next.toISOString().slice(0, 10);
}

export type PeriodState = "future" | "open" | "closed";

/**
 * Whether a month takes submissions today: not before it starts, and not after its window closed
 * unless the office reopened it for the branch until a date (inclusive) not yet past.
 */
export function periodState(
  period: string,
  today: string,
  windowDays: number | null,
  reopenedUntil: string | null = null,
): PeriodState {
  if (today < `${period}-01`) return "future";
  const closes = windowClosesOn(period, windowDays);
  if (closes === null || today <= closes) return "open";
  return reopenedUntil !== null && today <= reopenedUntil ? "open" : "closed";
}

function monthWords(period: string, lang: Lang): string {
  const [year, month] = period.split("-").map(Number) as [number, number];
  if (lang === "zh-CN") return `${year}年${month}月`;
  return new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
}

function dayWords(date: string, lang: Lang): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  if (lang === "zh-CN") return `${year}年${month}月${day}日`;
  return new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year, month - 1, day)));
}

/** "2026年11月的填报已于2026年12月5日截止，如需补报请联系活动办公室" in the reader's language. */
export function periodClosedText(period: string, closedOn: string, lang: Lang): string {
  return lang === "zh-CN"
    ? `${monthWords(period, lang)}的填报已于${dayWords(closedOn, lang)}截止，如需补报请联系活动办公室。`
    : `Submissions for ${monthWords(period, lang)} closed on ${dayWords(closedOn, lang)}; to report late, ask the campaign office to reopen the month.`;
}

/** "2026年12月尚未开始，不能提前填报" — a month not yet begun. */
export function periodFutureText(period: string, lang: Lang): string {
  return lang === "zh-CN"
    ? `${monthWords(period, lang)}尚未开始，不能提前填报。`
    : `${monthWords(period, lang)} has not begun; a month cannot be reported in advance.`;
}
