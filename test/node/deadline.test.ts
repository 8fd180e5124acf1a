import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  compareIso,
  dateToIso,
  excelSerialToIso,
  isDateFormat,
  isValidDate,
  lastDayOfMonth,
  parseIsoDate,
} from "../../shared/dates.ts";
import {
  type Deadline,
  type DeadlineContext,
  describeDeadline,
  parseChineseNumber,
  parseDeadline,
} from "../../shared/deadline.ts";
import type { CellValue } from "../../shared/grid.ts";

const on = (date: string): Deadline => ({ kind: "date", date });
const every = (unit: "week" | "month" | "two-months" | "quarter" | "half-year" | "year"): Deadline => ({
  kind: "recurring",
  every: unit,
});
const VAGUE: Deadline = { kind: "vague" };
const UNPARSEABLE: Deadline = { kind: "unparseable" };
const MISSING: Deadline = { kind: "missing" };

/** The list's year for forms that name none. */
const Y2023: DeadlineContext = { year: 2023 };

/** [cell text, expected]; parsed with year 2023 in context. Traditional forms follow their simplified twin. */
const TEXT_CASES: readonly (readonly [string, Deadline])[] = [
  // Full dates
  ["2023-06-30", on("2023-06-30")],
  ["2023/6/30", on("2023-06-30")],
  ["2023.6.30", on("2023-06-30")],
  ["2023年6月30日", on("2023-06-30")],
  ["2023年6月30日前", on("2023-06-30")],
  ["2023年6月30日之前", on("2023-06-30")],
  ["2023年6月30日以前", on("2023-06-30")],
  ["2023年6月30日止", on("2023-06-30")],
  ["2023年6月30日截止", on("2023-06-30")],
  ["2023年6月30日前完成", on("2023-06-30")],
  ["2023年6月30号", on("2023-06-30")],
  ["2023年6月30號", on("2023-06-30")],
  ["截至2023年6月30日", on("2023-06-30")],
  ["截止2023年6月30日", on("2023-06-30")],
  ["于2023年6月30日前", on("2023-06-30")],
  ["於2023年6月30日前", on("2023-06-30")],
  ["在2023年6月30日前", on("2023-06-30")],
  [" 2023年 6月 30日 ", on("2023-06-30")],
  ["２０２３年６月３０日", on("2023-06-30")],
  ["２０２３－０６－３０", on("2023-06-30")],
  ["2023-06-30 00:00:00", on("2023-06-30")],
  ["2023-06-30T00:00:00Z", on("2023-06-30")],
  ["2024年2月29日", on("2024-02-29")],
  ["6月30日前", on("2023-06-30")],
  ["6月30號前", on("2023-06-30")],
  ["6月30日", on("2023-06-30")],
  ["二〇二三年六月三十日", on("2023-06-30")],
  ["二○二三年六月三十日", on("2023-06-30")],
  ["二零二三年十二月三十一日", on("2023-12-31")],
  ["十二月三十一日前", on("2023-12-31")],
  ["十月十日", on("2023-10-10")],
  ["两月二十日", on("2023-02-20")],
  ["兩月二十日", on("2023-02-20")],
  // Months: the last day
  ["2023年6月", on("2023-06-30")],
  ["2023年6月份", on("2023-06-30")],
  ["2023年6月底", on("2023-06-30")],
  ["2023年6月底前", on("2023-06-30")],
  ["2023年6月前", on("2023-06-30")],
  ["2023年6月末", on("2023-06-30")],
  ["2024年2月底", on("2024-02-29")],
  ["2023年2月底", on("2023-02-28")],
  ["2023-12", on("2023-12-31")],
  ["2023/12", on("2023-12-31")],
  ["2023.12", on("2023-12-31")],
  ["6月底", on("2023-06-30")],
  ["六月底前", on("2023-06-30")],
  ["十二月底前", on("2023-12-31")],
  ["十一月", on("2023-11-30")],
  ["今年6月底", on("2023-06-30")],
  ["6月上旬", on("2023-06-10")],
  ["6月中旬前", on("2023-06-20")],
  ["6月下旬", on("2023-06-30")],
  // Year ends
  ["年底", on("2023-12-31")],
  ["年底前", on("2023-12-31")],
  ["年末", on("2023-12-31")],
  ["年内", on("2023-12-31")],
  ["年內", on("2023-12-31")],
  ["今年年底", on("2023-12-31")],
  ["2024年底前", on("2024-12-31")],
  ["2024年年底", on("2024-12-31")],
  ["2024年末", on("2024-12-31")],
  // Half years
  ["上半年", on("2023-06-30")],
  ["下半年", on("2023-12-31")],
  ["2024年上半年", on("2024-06-30")],
  ["2024年下半年", on("2024-12-31")],
  ["上半年前", on("2023-06-30")],
  // Quarters
  ["一季度末", on("2023-03-31")],
  ["第一季度", on("2023-03-31")],
  ["一季度", on("2023-03-31")],
  ["1季度", on("2023-03-31")],
  ["Q1", on("2023-03-31")],
  ["q1", on("2023-03-31")],
  ["Ｑ１", on("2023-03-31")],
  ["二季度", on("2023-06-30")],
  ["第二季度末", on("2023-06-30")],
  ["三季度末", on("2023-09-30")],
  ["三季度末前", on("2023-09-30")],
  ["2024年三季度", on("2024-09-30")],
  ["2024年第三季度", on("2024-09-30")],
  ["2024Q3", on("2024-09-30")],
  ["四季度", on("2023-12-31")],
  ["第4季度", on("2023-12-31")],
  // Rhythms
  ["每月", every("month")],
  ["每个月", every("month")],
  ["按月", every("month")],
  ["逐月", every("month")],
  ["每月15日前", every("month")],
  ["每月底", every("month")],
  ["月度", every("month")],
  ["每季度", every("quarter")],
  ["每季", every("quarter")],
  ["按季度", every("quarter")],
  ["每季度末", every("quarter")],
  ["季度", every("quarter")],
  ["每半年", every("half-year")],
  ["每年", every("year")],
  ["每周", every("week")],
  ["每週", every("week")],
  ["按周", every("week")],
  ["按週", every("week")],
  ["每星期", every("week")],
  // No time node
  ["长期坚持", VAGUE],
  ["長期堅持", VAGUE],
  ["持续推进", VAGUE],
  ["持續推進", VAGUE],
  ["常态化", VAGUE],
  ["常態化", VAGUE],
  ["适时", VAGUE],
  ["適時", VAGUE],
  ["尽快", VAGUE],
  ["盡快", VAGUE],
  ["全年", VAGUE],
  ["长期", VAGUE],
  ["長期", VAGUE],
  ["持续", VAGUE],
  ["持續", VAGUE],
  ["及时", VAGUE],
  ["及時", VAGUE],
  ["随时", VAGUE],
  ["隨時", VAGUE],
  ["根据需要", VAGUE],
  ["根據需要", VAGUE],
  ["视情况", VAGUE],
  ["視情況", VAGUE],
  ["发现问题及时整改", VAGUE],
  ["全年持续开展", VAGUE],
  // Impossible dates and other text
  ["2023年13月", UNPARSEABLE],
  ["2023-02-30", UNPARSEABLE],
  ["2023年2月30日", UNPARSEABLE],
  ["2023年0月", UNPARSEABLE],
  ["2023年6月0日", UNPARSEABLE],
  ["2023年1月32日", UNPARSEABLE],
  ["2023-13", UNPARSEABLE],
  ["2023-6/30", UNPARSEABLE],
  ["十三月", UNPARSEABLE],
  ["十二月三十二日", UNPARSEABLE],
  ["五季度", UNPARSEABLE],
  ["Q5", UNPARSEABLE],
  ["前", UNPARSEABLE],
  ["底", UNPARSEABLE],
  ["无", UNPARSEABLE],
  ["待定", UNPARSEABLE],
  ["2023", UNPARSEABLE],
  ["45107", UNPARSEABLE],
  ["6/30", UNPARSEABLE],
  ["每天", UNPARSEABLE],
  // Several dates are milestones now (docs/workbook.md.2 as amended), the last one the deadline.
  ["2023年6月30日、12月31日", { kind: "date", date: "2023-12-31", milestones: ["2023-06-30", "2023-12-31"] }],
];

/** Forms that name no year, without a year in context. */
const YEARLESS = ["6月30日前", "十二月底前", "年底", "年内", "上半年", "三季度末", "Q1", "今年年底"];

describe("parseDeadline: text", () => {
  it.each(TEXT_CASES)("%s", (text, expected) => {
    expect(parseDeadline(text, Y2023)).toEqual(expected);
  });

  it.each(YEARLESS)("%s without a context year is unparseable", (text) => {
    expect(parseDeadline(text)).toEqual(UNPARSEABLE);
  });

  it.each([
    ["2023年6月30日前", on("2023-06-30")],
    ["每月", every("month")],
    ["长期坚持", VAGUE],
  ] as const)("%s needs no context year", (text, expected) => {
    expect(parseDeadline(text)).toEqual(expected);
  });

  it("a written year wins over the context year", () => {
    expect(parseDeadline("2022年底前", Y2023)).toEqual(on("2022-12-31"));
  });

  it("leap days follow the context year", () => {
    expect(parseDeadline("2月底", { year: 2024 })).toEqual(on("2024-02-29"));
    expect(parseDeadline("2月29日", { year: 2023 })).toEqual(UNPARSEABLE);
  });
});

/** [cell value, context, expected] for non-text cells and blanks. */
const VALUE_CASES: readonly (readonly [string, CellValue, DeadlineContext, Deadline])[] = [
  ["null", null, Y2023, MISSING],
  ["empty text", "", Y2023, MISSING],
  ["blank text", "  \u3000 ", Y2023, MISSING],
  ["Date at UTC midnight", new Date(Date.UTC(2023, 5, 30)), {}, on("2023-06-30")],
  ["Date late in the UTC day", new Date(Date.UTC(2023, 5, 30, 23, 59, 59)), {}, on("2023-06-30")],
  ["invalid Date", new Date(Number.NaN), {}, UNPARSEABLE],
  ["1900 serial in a date cell", 45107, { isDate: true }, on("2023-06-30")],
  ["1900 serial with a time of day", 45107.75, { isDate: true }, on("2023-06-30")],
  ["1904 serial in a date cell", 45107, { isDate: true, date1904: true }, on("2027-07-01")],
  ["1904 serial of 2023-06-30", 43645, { isDate: true, date1904: true }, on("2023-06-30")],
  ["old serial in a date cell", 100, { isDate: true }, on("1900-04-09")],
  ["Lotus leap day in a date cell", 60, { isDate: true }, UNPARSEABLE],
  ["serial 0 in a 1900 date cell", 0, { isDate: true }, UNPARSEABLE],
  ["serial 0 in a 1904 date cell", 0, { isDate: true, date1904: true }, on("1904-01-01")],
  ["plausible serial, format unknown", 45107, {}, on("2023-06-30")],
  ["plausible serial, format not a date", 45107, { isDate: false }, on("2023-06-30")],
  ["plausible 1904 serial, format unknown", 45107, { date1904: true }, on("2027-07-01")],
  ["year as a number", 2023, {}, UNPARSEABLE],
  ["small number", 6.3, {}, UNPARSEABLE],
  ["serial before 2000, format unknown", 36525, {}, UNPARSEABLE],
  ["serial after 2099, format unknown", 73051, {}, UNPARSEABLE],
  ["NaN", Number.NaN, { isDate: true }, UNPARSEABLE],
  ["Infinity", Number.POSITIVE_INFINITY, {}, UNPARSEABLE],
  ["negative", -1, { isDate: true }, UNPARSEABLE],
  ["boolean", true, Y2023, UNPARSEABLE],
  ["Excel error", { error: "#N/A" }, Y2023, UNPARSEABLE],
];

describe("parseDeadline: other cells", () => {
  it.each(VALUE_CASES)("%s", (_name, value, ctx, expected) => {
    expect(parseDeadline(value, ctx)).toEqual(expected);
  });

  it("never throws and always answers a known kind", () => {
    const kinds = new Set(["date", "recurring", "vague", "unparseable", "missing"]);
    const cell: fc.Arbitrary<CellValue> = fc.oneof(
      fc.string(),
      fc.string({ unit: "grapheme" }),
      fc.stringMatching(/^[0-9〇○零一二三四五六七八九十两年月日号底末前季度上下半每按qQ\-/. ]{0,12}$/),
      fc.double(),
      fc.integer(),
      fc.date({ noInvalidDate: false }),
      fc.boolean(),
      fc.constant(null),
      fc.record({ error: fc.string() }),
    );
    const ctx: fc.Arbitrary<DeadlineContext> = fc.record(
      { year: fc.oneof(fc.integer(), fc.double()), date1904: fc.boolean(), isDate: fc.boolean() },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(cell, ctx, (value, context) => {
        const result = parseDeadline(value, context);
        expect(kinds.has(result.kind)).toBe(true);
        if (result.kind === "date") expect(parseIsoDate(result.date)).toBe(result.date);
      }),
      { numRuns: 2000 },
    );
  });

  it("stays linear on hostile cells as long as Excel allows", () => {
    const longest = 32_767;
    const started = performance.now();
    expect(parseDeadline(`${"前".repeat(longest - 1)}x`, Y2023)).toEqual(UNPARSEABLE);
    expect(parseDeadline(`每月${"前".repeat(longest - 3)}x`, Y2023)).toEqual(every("month"));
    expect(parseDeadline(`${"截至".repeat(16_383)}x`, Y2023)).toEqual(UNPARSEABLE);
    expect(parseDeadline(`1${" ".repeat(longest - 6)}1:00x`, Y2023)).toEqual(UNPARSEABLE);
    // A backtracking /(?:前)+$/ strip takes over a second on the first cell alone.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("parseDeadline: a year.month typed as a number", () => {
  const cases: [number, Deadline][] = [
    [2023.12, on("2023-12-31")],
    [2023.6, on("2023-06-30")],
    [2023.06, on("2023-06-30")],
    [2024.02, on("2024-02-29")],
    [2023.11, on("2023-11-30")],
    // Excel keeps 2023.10 as 2023.1: January, or October without its zero.
    [2023.1, { kind: "date", date: "2023-01-31", alternative: "2023-10-31" }],
    [2023.13, UNPARSEABLE],
    [2023.123, UNPARSEABLE],
  ];
  it.each(cases)("%s", (value, expected) => {
    expect(parseDeadline(value, Y2023)).toEqual(expected);
  });

  it("leaves numbers outside 1900–2100, whole years and date cells to the serial rules", () => {
    expect(parseDeadline(45107, Y2023)).toEqual(on("2023-06-30"));
    expect(parseDeadline(2023, Y2023)).toEqual(UNPARSEABLE);
    expect(parseDeadline(1899.5, Y2023)).toEqual(UNPARSEABLE);
    expect(parseDeadline(2023.12, { ...Y2023, isDate: true })).toEqual(on("1905-07-15"));
  });

  it("reads the text a format shows (2023.10) as October", () => {
    expect(parseDeadline("2023.10", Y2023)).toEqual(on("2023-10-31"));
    expect(parseDeadline("2023.1", Y2023)).toEqual(on("2023-01-31"));
  });
});

describe("parseDeadline: milestones and the other rhythms", () => {
  it.each([
    ["7月1日、9月30日", { kind: "date", date: "2023-09-30", milestones: ["2023-07-01", "2023-09-30"] }],
    ["6月底前，12月底前", { kind: "date", date: "2023-12-31", milestones: ["2023-06-30", "2023-12-31"] }],
    ["9月30日和7月1日", { kind: "date", date: "2023-09-30", milestones: ["2023-09-30", "2023-07-01"] }],
    ["每两个月", every("two-months")],
    ["双月", every("two-months")],
    ["每学期", every("half-year")],
    ["年中", on("2023-06-30")],
    ["2024年年中", on("2024-06-30")],
    ["7月1日、长期坚持", VAGUE],
    ["7月1日、明年", UNPARSEABLE],
  ] as const)("%s", (text, expected) => {
    expect(parseDeadline(text, Y2023)).toEqual(expected);
  });
});

describe("describeDeadline", () => {
  it.each([
    [on("2023-06-30"), "2023-06-30"],
    [every("quarter"), "every quarter"],
    [VAGUE, "vague"],
    [UNPARSEABLE, "unparseable"],
    [MISSING, "missing"],
  ] as const)("%j → %s", (deadline, text) => {
    expect(describeDeadline(deadline)).toBe(text);
  });
});

describe("parseChineseNumber", () => {
  it.each([
    ["0", 0],
    ["30", 30],
    ["六", 6],
    ["十", 10],
    ["十二", 12],
    ["二十", 20],
    ["三十一", 31],
    ["两", 2],
    ["二〇二三", 2023],
    ["二零二三", 2023],
    ["", null],
    ["十十", null],
    ["〇十", null],
    ["百", null],
    ["1十", null],
  ] as const)("%s → %s", (text, expected) => {
    expect(parseChineseNumber(text)).toBe(expected);
  });
});

describe("excelSerialToIso", () => {
  it.each([
    [1, false, "1900-01-01"],
    [59, false, "1900-02-28"],
    [60, false, null],
    [61, false, "1900-03-01"],
    [0, false, null],
    [0.5, false, null],
    [-1, false, null],
    [25569, false, "1970-01-01"],
    [45107, false, "2023-06-30"],
    [45107.999, false, "2023-06-30"],
    [2958465, false, "9999-12-31"],
    [2958466, false, null],
    [0, true, "1904-01-01"],
    [1, true, "1904-01-02"],
    [45107, true, "2027-07-01"],
    [45107 - 1462, true, "2023-06-30"],
    [2958465 - 1462, true, "9999-12-31"],
    [2958465 - 1461, true, null],
    [-1, true, null],
    [Number.NaN, false, null],
    [Number.POSITIVE_INFINITY, true, null],
  ] as const)("%s (1904: %s) → %s", (serial, date1904, expected) => {
    expect(excelSerialToIso(serial, date1904)).toBe(expected);
  });

  it("the two systems name the same day 1462 serials apart", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1462, max: 2958465 }), (serial) => {
        expect(excelSerialToIso(serial - 1462, true)).toBe(excelSerialToIso(serial, false));
      }),
    );
  });
});

describe("dateToIso", () => {
  it.each([
    [new Date(Date.UTC(2023, 5, 30)), "2023-06-30"],
    [new Date(Date.UTC(2024, 1, 29, 12)), "2024-02-29"],
    [new Date(Date.UTC(2023, 11, 31, 23, 59, 59, 999)), "2023-12-31"],
    [new Date(Number.NaN), null],
    [new Date(Date.UTC(10000, 0, 1)), null],
  ] as const)("%s → %s", (date, expected) => {
    expect(dateToIso(date)).toBe(expected);
  });
});

describe("isDateFormat", () => {
  it.each([
    'yyyy"年"m"月"d"日"',
    "m/d/yy",
    "yyyy-mm-dd",
    "yyyy/m/d",
    "[$-804]yyyy年m月d日",
    "[DBNum1][$-804]yyyy年m月d日",
    "yyyy\\-mm\\-dd",
    "yyyy-mm-dd;@",
    "d-mmm-yy",
    "mmm-yy",
    "mmmm",
    "dd",
    "yyyy",
    "yyyy-mm-dd hh:mm:ss",
    "m/d/yy h:mm AM/PM",
    "[$-F800]dddd, mmmm dd, yyyy",
    "[Red]yyyy-mm-dd",
  ])("%s is a date format", (fmt) => {
    expect(isDateFormat(fmt)).toBe(true);
  });

  it.each([
    "General",
    "general",
    "0%",
    "0.00",
    "#,##0",
    "0.00E+00",
    "@",
    "[h]:mm",
    "[h]:mm:ss",
    "[mm]:ss",
    "h:mm",
    "hh:mm:ss",
    "mm:ss",
    "h:mm AM/PM",
    'h"时"mm"分"',
    '"date"0',
    '"yyyy"0',
    "[Red]0.00",
    "[$¥-804]#,##0.00",
    "#,##0_);[Red](#,##0)",
    "\\d0",
    "",
    null,
    undefined,
  ])("%s is not a date format", (fmt) => {
    expect(isDateFormat(fmt)).toBe(false);
  });
});

describe("calendar helpers", () => {
  it.each([
    [2023, 1, 31],
    [2023, 2, 28],
    [2024, 2, 29],
    [1900, 2, 28],
    [2000, 2, 29],
    [2023, 4, 30],
    [2023, 12, 31],
  ])("lastDayOfMonth(%i, %i) = %i", (y, m, d) => {
    expect(lastDayOfMonth(y, m)).toBe(d);
  });

  it.each([
    [2023, 6, 30, true],
    [2024, 2, 29, true],
    [2023, 2, 29, false],
    [2023, 13, 1, false],
    [2023, 0, 1, false],
    [2023, 1, 0, false],
    [2023, 1, 32, false],
    [0, 1, 1, false],
    [2023.5, 1, 1, false],
    [2023, Number.NaN, 1, false],
  ])("isValidDate(%s, %s, %s) = %s", (y, m, d, expected) => {
    expect(isValidDate(y, m, d)).toBe(expected);
  });

  it.each([
    ["2023-06-30", "2023-06-30"],
    ["2024-02-29", "2024-02-29"],
    ["2023-02-29", null],
    ["2023-6-30", null],
    ["2023-06-30 ", null],
    ["2023/06/30", null],
    ["2023-00-10", null],
    ["", null],
  ])("parseIsoDate(%j) = %s", (text, expected) => {
    expect(parseIsoDate(text)).toBe(expected);
  });

  it("compareIso orders days", () => {
    expect(compareIso("2023-06-30", "2023-12-31")).toBeLessThan(0);
    expect(compareIso("2024-01-01", "2023-12-31")).toBeGreaterThan(0);
    expect(compareIso("2023-06-30", "2023-06-30")).toBe(0);
  });
});
