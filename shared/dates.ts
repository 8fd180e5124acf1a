/**
 * Calendar dates as the core handles them: ISO "YYYY-MM-DD" strings.
 * A deadline is a day on the calendar, not an instant, so no time zone ever enters; strings also
 * compare, print and serialise without ceremony.
 */

const DAY_MS = 86_400_000;
/** Day 0 of the 1900 system for serials from 61 on; the Lotus bug shifts everything after 1900-02-28 by one. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);
/** 9999-12-31, the last day Excel can show, in each system. */
const MAX_SERIAL_1900 = 2_958_465;
const MAX_SERIAL_1904 = MAX_SERIAL_1900 - 1462;
/** Serial 60 in the 1900 system is 1900-02-29, a day Lotus 1-2-3 invented and Excel kept. */
const LOTUS_LEAP_DAY = 60;

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** 28–31 for a month 1–12; NaN for a month that does not exist. */
export function lastDayOfMonth(y: number, m: number): number {
  if (m === 2 && isLeapYear(y)) return 29;
  return DAYS_IN_MONTH[m - 1] ?? Number.NaN;
}

/** A real Gregorian day in years 1–9999 (the range an ISO string of four year digits can hold). */
export function isValidDate(y: number, m: number, d: number): boolean {
  return (
    Number.isInteger(y) &&
    Number.isInteger(m) &&
    Number.isInteger(d) &&
    y >= 1 &&
    y <= 9999 &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= lastDayOfMonth(y, m)
  );
}

/** "YYYY-MM-DD" for a real day; null otherwise. */
export function isoDate(y: number, m: number, d: number): string | null {
  return isValidDate(y, m, d) ? `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}` : null;
}

/** "YYYY-MM", the form a period is written in. */
export function isoMonth(y: number, m: number): string {
  return `${pad(y, 4)}-${pad(m, 2)}`;
}

/** Strict "YYYY-MM-DD" (zero-padded, nothing around it) naming a real day; null otherwise. */
export function parseIsoDate(s: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!match) return null;
  return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Negative, zero or positive as a is before, on or after b (ISO strings sort as text). */
export function compareIso(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function utcMsToIso(ms: number): string | null {
  const d = new Date(ms);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/**
 * The day an Excel serial number stands for; the time of day (fraction) is dropped.
 * 1900 system: 1 is 1900-01-01, 61 is 1900-03-01, and 60 — the fictitious 1900-02-29 — is null,
 * since no real day can be named for it and no deadline falls in 1900. 0 ("1900-01-00") is null too.
 * 1904 system: 0 is 1904-01-01. Beyond 9999-12-31, negative or not finite: null.
 */
export function excelSerialToIso(serial: number, date1904 = false): string | null {
  if (!Number.isFinite(serial)) return null;
  const day = Math.floor(serial);
  if (date1904) return day < 0 || day > MAX_SERIAL_1904 ? null : utcMsToIso(EPOCH_1904 + day * DAY_MS);
  if (day < 1 || day > MAX_SERIAL_1900 || day === LOTUS_LEAP_DAY) return null;
  // Before the phantom leap day the serials are one ahead of the real calendar.
  const offset = day < LOTUS_LEAP_DAY ? day + 1 : day;
  return utcMsToIso(EPOCH_1900 + offset * DAY_MS);
}

/** The calendar day of a Date by its UTC fields, as ExcelJS hands dates over at UTC midnight. */
export function dateToIso(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  return utcMsToIso(d.getTime());
}

/**
 * Parts of a number format that never display a date part: quoted literals, escaped and
 * padding/fill characters, colours and locale tags, and the words General and AM/PM
 * (whose letters would otherwise read as tokens).
 * Elapsed-time brackets survive as plain h/s tokens so that [h]:mm still reads as minutes;
 * elapsed minutes [mm] become a neutral mark.
 */
const FORMAT_NOISE: readonly (readonly [RegExp, string])[] = [
  // One alternation, so that whichever starts first wins (an escaped quote opens no literal).
  [/"[^"]*"?|\\.|[_*]./g, " "],
  [/\[h+\]/gi, "h"],
  [/\[s+\]/gi, "s"],
  [/\[m+\]/gi, " "],
  [/\[[^\]]*\]?/g, " "],
  [/general/gi, " "],
  [/am\/pm|a\/p/gi, " "],
];

/**
 * Whether an Excel number format displays a date: it has a year, day or month token outside
 * literals. An m is a month unless it follows an hour or precedes a second, Excel's own rule for
 * telling months from minutes.
 */
export function isDateFormat(fmt: string | null | undefined): boolean {
  if (!fmt) return false;
  // A workbook has a handful of formats and a sheet thousands of cells: decide once per format.
  let known = dateFormatCache.get(fmt);
  if (known === undefined) {
    known = formatShowsDate(fmt);
    if (dateFormatCache.size < 1000) dateFormatCache.set(fmt, known);
  }
  return known;
}

const dateFormatCache = new Map<string, boolean>();

function formatShowsDate(fmt: string): boolean {
  let bare = fmt;
  for (const [pattern, replacement] of FORMAT_NOISE) bare = bare.replace(pattern, replacement);
  const tokens = bare.toLowerCase().match(/[ymdhs]/g) ?? [];
  // Runs of one letter are one token; only the letters matter for the month/minute decision.
  const letters = tokens.filter((ch, i) => ch !== tokens[i - 1]);
  return letters.some((ch, i) => {
    if (ch === "y" || ch === "d") return true;
    return ch === "m" && letters[i - 1] !== "h" && letters[i + 1] !== "s";
  });
}
