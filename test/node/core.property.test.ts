/** Properties of rules and scoring that must hold for any workbook, not just the fixtures. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeBook, evaluate } from "../../shared/analyze.ts";
import { langs, sortFindings, unfilled } from "../../shared/findings.ts";
import type { Book, CellValue, Grid } from "../../shared/grid.ts";
import { evaluationInput, submissionFromReport, submissionSchema } from "../../shared/submission.ts";
import { template } from "../../shared/template.ts";

const headers = template.tasks.columns.map((column) => column.header);
const asOf = "2023-06-30";

const anyCell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constant(null),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    ...headers,
    "创建“模范星”",
    "選樹“服務星”",
    "先锋",
    "待定",
    "已完成",
    "已驗收",
    "推进中",
    "每季度",
    "年底前",
    "长期坚持",
    "2023年13月",
    "80%",
    "注：",
    "合计",
  ),
  fc.double({ noNaN: false }),
  fc.integer({ min: -5, max: 60000 }),
  fc.boolean(),
  fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 0, 1)) }),
  fc.constant({ error: "#N/A" }),
  fc.string({ minLength: 2000, maxLength: 4000 }).map((s) => s.repeat(8)),
);

const anyGrid: fc.Arbitrary<Grid> = fc
  .record({
    name: fc.string({ minLength: 1, maxLength: 10 }),
    values: fc.array(fc.array(anyCell, { maxLength: 12 }), { maxLength: 30 }),
    withHeader: fc.boolean(),
    merges: fc.array(
      fc
        .record({ top: fc.nat(40), left: fc.nat(14), h: fc.nat(5), w: fc.nat(5) })
        .map(({ top, left, h, w }) => ({
          top,
          left,
          bottom: top + h,
          right: left + w,
        })),
      { maxLength: 8 },
    ),
  })
  .map(({ name, values, withHeader, merges }) => ({
    name,
    values: withHeader ? [headers, ...values] : values,
    merges,
  }));

const anyBook: fc.Arbitrary<Book> = fc.record({
  sheets: fc.array(anyGrid, { maxLength: 4 }),
  date1904: fc.boolean(),
});

function categorySum(score: { byCategory: Record<string, number> }): number {
  return Object.values(score.byCategory).reduce((a, b) => a + b, 0);
}

describe("any workbook", () => {
  it("never throws, keeps 0 ≤ total ≤ max and categories summing to the total", () => {
    fc.assert(
      fc.property(anyBook, (book) => {
        const report = analyzeBook(book, { asOf });
        const { total, max } = report.score;
        expect(Number.isFinite(total)).toBe(true);
        expect(total).toBeGreaterThanOrEqual(0);
        expect(total).toBeLessThanOrEqual(max + 1e-9);
        expect(max).toBe(100);
        expect(Math.abs(categorySum(report.score) - total)).toBeLessThan(1e-9);
        // Findings are data: every one renders whole in both languages, no placeholder left over.
        for (const f of report.findings) for (const lang of langs) expect(unfilled(f, lang)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

/* A well-formed table whose cells vary; then one cell is made clear. */
const star = fc.constantFrom("创建“模范星”", "选树“服务星”", "锻造“先锋星”", "其他");
const owner = fc.constantFrom(null, "", "待定", "无", "王建华", "李红梅");
const target = fc.constantFrom(null, "按要求完成", "抓好落实", "完成自查评估，形成方案1份", "短");
const deadline = fc.constantFrom<CellValue>(
  null,
  "长期坚持",
  "每季度",
  "2023年13月",
  "2023-03-31",
  "2023年6月底前",
  "年底前",
  new Date(Date.UTC(2023, 0, 31)),
);
const status = fc.constantFrom(null, "未启动", "推进中", "已完成", "已验收", "搁置中");
const progress = fc.constantFrom<CellValue>(null, 0, 0.3, 1, 1.5, "80%");
const evidence = fc.constantFrom(null, "台账");

const projectRow = fc.tuple(
  star,
  // A name that is only spaces leaves a row that is no project until another cell is filled,
  // and a project more shares the points: not what "making a cell clear" means here.
  fc.string({ minLength: 1, maxLength: 8 }).filter((name) => name.trim() !== ""),
  target,
  owner,
  deadline,
  status,
  progress,
  evidence,
);
const table = fc.array(projectRow, { minLength: 1, maxLength: 20 });

function bookOf(rows: CellValue[][]): Book {
  const values: CellValue[][] = [headers.slice(1, 9), ...rows];
  return {
    sheets: [
      {
        name: "重点任务清单",
        values,
        merges: [],
        formats: values.map((r) => r.map((_, c) => (c === 6 ? "0%" : null))),
      },
    ],
  };
}

function total(rows: CellValue[][]): number {
  return analyzeBook(bookOf(rows), { asOf }).score.total;
}

const column = { target: 2, owner: 3, deadline: 4 } as const;
const clearValue: Record<keyof typeof column, fc.Arbitrary<CellValue>> = {
  owner: fc.constantFrom("张敏", "赵志刚"),
  target: fc.constantFrom("党员参与率达到90%以上", "形成创标方案1份"),
  // Not before the as-of date, so never overdue.
  deadline: fc.constantFrom("2023-06-30", "2023年12月底前", "每月", new Date(Date.UTC(2023, 11, 31))),
};

describe.each(Object.keys(column) as (keyof typeof column)[])("making the %s clear", (field) => {
  it("never lowers the score", () => {
    fc.assert(
      fc.property(table, fc.nat(), clearValue[field], (rows, pick, value) => {
        const i = pick % rows.length;
        const before = total(rows);
        const changed = rows.map((r, j) =>
          j === i ? r.map((v, c) => (c === column[field] ? value : v)) : r,
        );
        expect(total(changed)).toBeGreaterThanOrEqual(before - 1e-9);
      }),
      { numRuns: 200 },
    );
  });
});

/* What the server computes from a submission must be what the workbook showed. */
const dataMerges = fc.array(
  fc
    .record({ top: fc.integer({ min: 1, max: 20 }), left: fc.nat(7), h: fc.nat(3), w: fc.nat(2) })
    .map(({ top, left, h, w }) => ({ top, left, bottom: top + h, right: left + w })),
  { maxLength: 6 },
);

describe("a submission of any list", () => {
  it("gets the same findings, cells and score from the server as from the workbook", () => {
    fc.assert(
      fc.property(table, dataMerges, (rows, merges) => {
        const book = bookOf(rows);
        (book.sheets[0] as Grid).merges = merges;
        const report = analyzeBook(book, { asOf });
        const sent = submissionFromReport(report, {
          campaign: "c",
          branch: "b1",
          period: asOf.slice(0, 7),
          workbook: { name: "list.xlsx", sha256: "0".repeat(64) },
          client: { app: "cli", version: "1" },
        });
        const received = submissionSchema.parse(JSON.parse(JSON.stringify(sent)));
        const server = evaluate(evaluationInput(received), { asOf });
        // Branch, period and column findings come from the file, which the server never sees.
        const fromRows = report.findings.filter((f) => !/^(info|sheet|column)\./.test(f.code));
        expect(sortFindings(server.findings)).toEqual(fromRows);
        expect(server.score).toEqual(report.score);
      }),
      { numRuns: 300 },
    );
  });
});
