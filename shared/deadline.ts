/**
 * Reads a task's 完成时限 (deadline) cell. The campaign asks for a clear time node per task, so
 * the answer is not just "a date or not": a rhythm (每季度) is a time node, a slogan (长期坚持)
 * is not, and a cell nobody filled is a different finding from one nobody can read.
 */
import { compareIso, dateToIso, excelSerialToIso, isoDate, lastDayOfMonth } from "./dates.ts";
import type { CellValue } from "./grid.ts";
import { normalizeText } from "./text.ts";

export type Every = "week" | "month" | "two-months" | "quarter" | "half-year" | "year";

export type Deadline =
  /**
   * `alternative`: a year.month number Excel may have stored without its zero (2023.1 for 2023.10).
   * `milestones`: every time node of a cell that names several (7月1日、9月30日); `date` is the last.
   */
  | { kind: "date"; date: string; alternative?: string; milestones?: string[] }
  | { kind: "recurring"; every: Every }
  | { kind: "vague" }
  | { kind: "unparseable" }
  | { kind: "missing" };

export interface DeadlineContext {
  /** The list's year, for forms that name none (6月底前, 年底, 三季度). */
  year?: number;
  /** The workbook counts serials from 1904-01-01. */
  date1904?: boolean;
  /**
   * The cell's number format displays a date, so a number in it is a serial whatever its size.
   * False is treated like unknown: formats get lost (CSV, values-only copies) more often than
   * anyone types 45107 into a deadline column meaning the number.
   */
  isDate?: boolean;
}

/**
 * Words that admit the task has no time node. Matched anywhere in the text, since they come
 * dressed in verbs (及时整改, 全年持续开展) and no date form was found by then anyway.
 */
const VAGUE_WORDS: readonly string[] = [
  "长期坚持",
  "持续推进",
  "常态化",
  "适时",
  "尽快",
  "全年",
  "长期",
  "持续",
  "及时",
  "随时",
  "根据需要",
  "视情况",
];

/** Rhythms, matched at the start so that 每月15日前 and 每季度末 count as their rhythm. */
const RECURRING: readonly (readonly [RegExp, Every])[] = [
  [/^(?:每|按|逐)(?:个)?(?:周|星期)/, "week"],
  [/^(?:每|按|逐)(?:个)?半年/, "half-year"],
  // A school term is about half a year; 双月 and 每两个月 are a rhythm of their own.
  [/^(?:每|按|逐)(?:个)?学期/, "half-year"],
  [/^(?:(?:每|按|逐)(?:两|二|2)个?月|双月)/, "two-months"],
  [/^(?:每|按|逐)(?:个)?季/, "quarter"],
  [/^(?:每|按|逐)(?:个)?月/, "month"],
  [/^(?:每|按|逐)年/, "year"],
  [/^月度/, "month"],
  [/^季度(?:末|底)?$/, "quarter"],
  [/^年度$/, "year"],
];

/**
 * Wrapping that says nothing about the date itself: 截至…, 于…, …前, …之前, …止, …完成.
 * Longer words first, so 截止 is not read as 截 + 止.
 */
const LEADING_NOISE: readonly string[] = ["截止到", "截止于", "截至", "截止", "到", "至", "于", "在"];
const TRAILING_NOISE: readonly string[] = [
  "之前",
  "以前",
  "为止",
  "截止",
  "截至",
  "完成",
  "前",
  "止",
  "。",
  ".",
  ",",
  ";",
  "、",
  "!",
];

/**
 * Peels noise words off both ends. A loop rather than a /(?:…)+$/ regex, which backtracks
 * quadratically over a long run of 前 in a hostile cell.
 */
function unwrap(text: string): string {
  let start = 0;
  let end = text.length;
  while (true) {
    const word = LEADING_NOISE.find((w) => text.startsWith(w, start));
    if (!word) break;
    start += word.length;
  }
  while (true) {
    const word = TRAILING_NOISE.find((w) => text.endsWith(w, end) && end - w.length >= start);
    if (!word) break;
    end -= word.length;
  }
  return text.slice(start, end);
}

/** A time of day after a written date (2023-06-30 00:00:00), as CSV exports and pasted text carry. */
const TRAILING_TIME = /(?<=\d)(?:\s+|t)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?\s*$/i;

/** ○ (a circle) stands in for 〇 in much typed text. */
const CHINESE_DIGITS: Readonly<Record<string, number>> = {
  〇: 0,
  "○": 0,
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/**
 * A number written in ASCII digits or Chinese numerals, up to 99 with 十 (十二, 二十, 三十一)
 * or digit by digit without it (二〇二三); null when it is neither.
 */
export function parseChineseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  const tens = /^(.?)十(.?)$/u.exec(s);
  if (tens) {
    const high = tens[1] ? CHINESE_DIGITS[tens[1]] : 1;
    const low = tens[2] ? CHINESE_DIGITS[tens[2]] : 0;
    return high === undefined || low === undefined || high === 0 ? null : high * 10 + low;
  }
  if (s === "") return null;
  let n = 0;
  for (const ch of s) {
    const digit = CHINESE_DIGITS[ch];
    if (digit === undefined) return null;
    n = n * 10 + digit;
  }
  return n;
}

type Groups = Partial<Record<string, string>>;
/** A month and a day in it; "end" for its last day, known only once the year is. */
type MonthDay = readonly [month: number, day: number | "end"];

const YEAR = "(?<y>\\d{4}|[〇○零一二三四五六七八九]{4})";
const ARABIC_YEAR = "(?<y>\\d{4})";
const NUMBER = "\\d{1,2}|[〇○零一二三四五六七八九十两]{1,3}";
/** 今年 and the like defer to the context year, as no year at all does. */
const YEAR_PREFIX = `(?:${YEAR}年|(?:今|本|当)年)?`;
const TEN_DAYS: Readonly<Record<string, number | "end">> = { 上旬: 10, 中旬: 20, 下旬: "end" };

function num(s: string | undefined): number {
  return parseChineseNumber(s ?? "") ?? Number.NaN;
}

type DateRule = readonly [pattern: RegExp, monthDay: (g: Groups) => MonthDay];

/** Each pattern must match the whole (unwrapped) text. */
function rule(source: string, monthDay: (g: Groups) => MonthDay): DateRule {
  return [new RegExp(`^(?:${source})$`, "u"), monthDay];
}

/** The first rule that matches decides, even when its date then turns out impossible. */
const DATE_RULES: readonly DateRule[] = [
  rule(`${ARABIC_YEAR}(?<sep>[-/.])(?<m>\\d{1,2})\\k<sep>(?<d>\\d{1,2})`, (g) => [num(g.m), num(g.d)]),
  rule(`${ARABIC_YEAR}[-/.](?<m>\\d{1,2})`, (g) => [num(g.m), "end"]),
  rule(`${YEAR_PREFIX}(?<m>${NUMBER})月(?<d>${NUMBER})[日号]?`, (g) => [num(g.m), num(g.d)]),
  rule(`${YEAR_PREFIX}(?<m>${NUMBER})月(?<part>份|底|末|上旬|中旬|下旬)?`, (g) => [
    num(g.m),
    TEN_DAYS[g.part ?? ""] ?? "end",
  ]),
  rule(`(?:(?:${YEAR}|今|本|当)年年?|年)(?:底|末|内)`, () => [12, 31]),
  rule(`(?:(?:${YEAR}|今|本|当)年)?年中`, () => [6, 30]),
  rule(`${YEAR_PREFIX}(?<half>上|下)半年(?:末|底)?`, (g) => (g.half === "上" ? [6, 30] : [12, 31])),
  rule(`${YEAR_PREFIX}第?(?<q>[1-4一二三四])季度?(?:末|底)?`, (g) => [num(g.q) * 3, "end"]),
  rule(`(?:${YEAR}年?)?q(?<q>[1-4])末?`, (g) => [num(g.q) * 3, "end"]),
];

/**
 * Numbers that are not known to be dates count as serials only between 2000-01-01 and
 * 2099-12-31: a deadline cell holding 45107 is a date whose format got lost, one holding 2023
 * or 6.3 is not.
 */
const PLAUSIBLE_FROM = "2000-01-01";
const PLAUSIBLE_TO = "2099-12-31";

function dateOrUnparseable(iso: string | null): Deadline {
  return iso === null ? { kind: "unparseable" } : { kind: "date", date: iso };
}

/** The month's last day, for a year.month that names a real month. */
function endOfMonth(year: number, month: number): string | null {
  return isoDate(year, month, lastDayOfMonth(year, month));
}

/**
 * A year and month typed as a number (2023.12, 2023.6), as many offices write a time node: the
 * month's last day. Excel keeps 2023.10 as 2023.1, so a single decimal 1 reads as January with
 * October as its alternative; the cell's format, where it shows the zero, has already made such a
 * number the text 2023.10 (shared/scalar.ts). Null when the number is no year.month.
 */
function yearMonth(n: number): Deadline | null {
  if (n < 1900 || n > 2100 || Number.isInteger(n)) return null;
  const [whole, decimals = ""] = String(n).split(".");
  if (decimals.length > 2) return null;
  const year = Number(whole);
  const date = endOfMonth(year, Number(decimals));
  if (date === null) return { kind: "unparseable" };
  return decimals === "1"
    ? { kind: "date", date, alternative: endOfMonth(year, 10) as string }
    : { kind: "date", date };
}

function parseSerial(serial: number, ctx: DeadlineContext): Deadline {
  if (!ctx.isDate) {
    const month = yearMonth(serial);
    if (month) return month;
  }
  const iso = excelSerialToIso(serial, ctx.date1904 ?? false);
  if (ctx.isDate || iso === null) return dateOrUnparseable(iso);
  return iso >= PLAUSIBLE_FROM && iso <= PLAUSIBLE_TO ? { kind: "date", date: iso } : { kind: "unparseable" };
}

function parseText(raw: string, ctx: DeadlineContext): Deadline {
  const text = normalizeText(raw.normalize("NFKC").replace(TRAILING_TIME, ""));
  if (text === "") return { kind: "missing" };
  const core = unwrap(text);
  for (const [pattern, monthDay] of DATE_RULES) {
    const match = pattern.exec(core);
    if (!match) continue;
    const groups: Groups = match.groups ?? {};
    const year = groups.y === undefined ? ctx.year : num(groups.y);
    if (year === undefined) return { kind: "unparseable" };
    const [month, day] = monthDay(groups);
    return dateOrUnparseable(isoDate(year, month, day === "end" ? lastDayOfMonth(year, month) : day));
  }
  for (const [pattern, every] of RECURRING) if (pattern.test(core)) return { kind: "recurring", every };
  const milestones = parseMilestones(text, ctx);
  if (milestones) return milestones;
  if (VAGUE_WORDS.some((word) => text.includes(word))) return { kind: "vague" };
  return { kind: "unparseable" };
}

/** Time nodes of a cell that names several, at these: 7月1日、9月30日. */
const MILESTONE_SEPARATORS = /[、,;；]|和|及/;

/**
 * Several dates in one cell (7月1日、9月30日前): each is a time node, and the last is the
 * deadline. Only when every part is a date: 每月、年底 is no list of milestones.
 */
function parseMilestones(text: string, ctx: DeadlineContext): Deadline | null {
  const parts = unwrap(text).split(MILESTONE_SEPARATORS).filter(Boolean);
  if (parts.length < 2) return null;
  const dates: string[] = [];
  for (const part of parts) {
    const parsed = parseText(part, ctx);
    if (parsed.kind !== "date") return null;
    dates.push(parsed.date);
  }
  const last = [...dates].sort(compareIso).at(-1) as string;
  return { kind: "date", date: last, milestones: dates };
}

// A list repeats its deadlines (每季度, 年底前, the same dates): parse each text once per year.
const textCache = new Map<number | undefined, Map<string, Deadline>>();

function parseTextCached(raw: string, ctx: DeadlineContext): Deadline {
  if (raw.length > 40) return parseText(raw, ctx);
  let ofYear = textCache.get(ctx.year);
  if (ofYear === undefined || ofYear.size >= 4096) {
    ofYear = new Map();
    textCache.set(ctx.year, ofYear);
  }
  let parsed = ofYear.get(raw);
  if (parsed === undefined) {
    parsed = Object.freeze(parseText(raw, ctx));
    ofYear.set(raw, parsed);
  }
  return parsed;
}

/** Classifies a deadline cell; never throws. */
export function parseDeadline(value: CellValue, ctx: DeadlineContext = {}): Deadline {
  if (value === null || value === undefined) return { kind: "missing" };
  if (value instanceof Date) return dateOrUnparseable(dateToIso(value));
  if (typeof value === "number") return parseSerial(value, ctx);
  if (typeof value === "string") return parseTextCached(value, ctx);
  // Booleans and Excel errors (#N/A) name no time.
  return { kind: "unparseable" };
}

/** A short form for debugging and test names: "2023-06-30", "every quarter", "vague". */
export function describeDeadline(d: Deadline): string {
  if (d.kind === "date") return d.date;
  if (d.kind === "recurring") return `every ${d.every}`;
  return d.kind;
}
