/**
 * The streaming reader (shared/xlsx) against the ExcelJS adapter (cli/xlsx.ts), its oracle: for
 * every workbook the project has and for 200 generated ones, both give the same Book cell for cell —
 * values, number formats, merged areas, sheets and their order, the date system — or both refuse the
 * file with the same code. (The robust corpus is compared in test/robust/workbooks.test.ts.)
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateList } from "../../bench/core.ts";
import { readWorkbook } from "../../cli/read-workbook.ts";
import { templateBuffer } from "../../cli/template.ts";
import { readBook } from "../../cli/xlsx.ts";
import { demoWorkbook } from "../../scripts/demo/workbook.ts";
import type { Book } from "../../shared/grid.ts";
import { WorkbookFileError } from "../../shared/workbook-file.ts";
import { fflateInflate } from "../../shared/xlsx/fflate.ts";
import { readXlsx } from "../../shared/xlsx/read.ts";

const root = join(import.meta.dirname, "..", "..");

type Outcome = { book: Book } | { error: string };

async function excelJs(bytes: Uint8Array): Promise<Outcome> {
  try {
    return { book: await readBook(bytes) };
  } catch (error) {
    if (error instanceof WorkbookFileError) return { error: error.code };
    throw error;
  }
}

/** The browser's way (fflate) and the command line's (Node's zlib) must agree too. */
function streaming(bytes: Uint8Array): Outcome[] {
  return [(b: Uint8Array) => readXlsx(b, { inflate: fflateInflate }), readWorkbook].map((read) => {
    try {
      return { book: read(bytes) };
    } catch (error) {
      if (error instanceof WorkbookFileError) return { error: error.code };
      throw error;
    }
  });
}

async function expectSameBook(bytes: Uint8Array, label: string): Promise<void> {
  const expected = await excelJs(bytes);
  for (const actual of streaming(bytes)) expect(actual, label).toStrictEqual(expected);
}

function workbookFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.xlsx?$/i.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("the streaming reader reads what ExcelJS reads", () => {
  const files = [...workbookFiles(join(root, "test")), ...workbookFiles(join(root, "docs"))];

  it("finds the repository's workbooks", () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files.map((file) => [relative(root, file), file]))("%s", async (_, file) => {
    await expectSameBook(new Uint8Array(readFileSync(file)), file);
  });

  it("the template, the demo branches' lists and a generated 300-row list", async () => {
    await expectSameBook(await templateBuffer(), "template");
    for (const [i, diligence] of [0, 0.3, 0.7, 1].entries()) {
      const bytes = await demoWorkbook({ code: `b${i}`, name: `支部${i}` }, 2023, 1 + i * 3, diligence);
      await expectSameBook(bytes, `demo ${diligence}`);
    }
    await expectSameBook(await generateList(300), "generated list");
  });
});

describe("formula results both readers keep", () => {
  it("a cached 0 or FALSE is a value, and a text result under a date format stays text", async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet("S");
    ws.getCell("A1").value = { formula: 'COUNTIF(B:B,"已完成")', result: 0 };
    ws.getCell("A2").value = { formula: "B1>0", result: false };
    ws.getCell("A3").value = { formula: 'IF(B1,B1,"待定")', result: "待定" };
    ws.getCell("A3").numFmt = 'yyyy"年"m"月"d"日"';
    const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    for (const book of [await readBook(bytes), readXlsx(bytes, { inflate: fflateInflate })]) {
      expect(book.sheets[0]?.values).toStrictEqual([[0], [false], ["待定"]]);
    }
  });
});

// ------------------------------------------------------------------------------------------------
// 200 generated workbooks

const formats = [
  undefined,
  "0%",
  "0.00",
  "#,##0",
  "@",
  'yyyy"年"m"月"d"日"',
  "yyyy-mm-dd",
  "mm-dd-yy",
  "h:mm",
  "[Red]0.00",
  '0.0"分"',
  "\\-0",
];

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.constantFrom(
    "责任人",
    "待定",
    " 前后空格 ",
    "a & b < c > d \"'",
    "_x000D_",
    "换\n行",
    "=SUM(A1)",
    "已完成",
  ),
);

/** Whole milliseconds between 1900 and 2100: the range a task list's dates live in. */
const date = fc
  .integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) })
  .map((ms) => new Date(ms - (ms % 1000)));

const value: fc.Arbitrary<ExcelJS.CellValue> = fc.oneof(
  text,
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
  fc.integer({ min: -1000, max: 100_000 }),
  fc.boolean(),
  date,
  fc.constant(null),
  fc.array(fc.record({ text, bold: fc.boolean() }), { minLength: 1, maxLength: 3 }).map((runs) => ({
    richText: runs.map((run) => ({ text: run.text, font: run.bold ? { bold: true } : {} })),
  })),
  fc
    .constantFrom("#N/A", "#REF!", "#DIV/0!", "#VALUE!")
    .map((error) => ({ error }) as ExcelJS.CellErrorValue),
  fc
    .oneof(fc.integer(), text, fc.boolean(), date, fc.constant(undefined))
    .map((result) => ({ formula: "1+1", result }) as ExcelJS.CellFormulaValue),
  text.map((t) => ({ text: t, hyperlink: "https://example.org/a?b=1&c=2" })),
);

const cell = fc.record({
  row: fc.integer({ min: 1, max: 30 }),
  col: fc.integer({ min: 1, max: 12 }),
  value,
  format: fc.constantFrom(...formats),
});

const merge = fc.record({
  top: fc.integer({ min: 1, max: 30 }),
  left: fc.integer({ min: 1, max: 12 }),
  height: fc.integer({ min: 1, max: 4 }),
  width: fc.integer({ min: 1, max: 4 }),
});

const sheet = fc.record({
  name: fc.constantFrom("重点任务清单", "基本信息", "Sheet 1", "A&B", "引'号", "任务<2023>"),
  cells: fc.array(cell, { maxLength: 60 }),
  merges: fc.array(merge, { maxLength: 4 }),
  state: fc.constantFrom(
    "visible",
    "visible",
    "hidden",
    "veryHidden",
  ) as fc.Arbitrary<ExcelJS.WorksheetState>,
});

const workbookSpec = fc.record({
  date1904: fc.boolean(),
  sharedStrings: fc.boolean(),
  sheets: fc.uniqueArray(sheet, { minLength: 1, maxLength: 3, selector: (s) => s.name }),
});

type WorkbookSpec = typeof workbookSpec extends fc.Arbitrary<infer T> ? T : never;

async function build(spec: WorkbookSpec): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.properties.date1904 = spec.date1904;
  for (const s of spec.sheets) {
    const ws = workbook.addWorksheet(s.name, { state: s.state });
    for (const c of s.cells) {
      const target = ws.getCell(c.row, c.col);
      target.value = c.value;
      if (c.format) target.numFmt = c.format;
    }
    for (const m of s.merges) {
      try {
        ws.mergeCells(m.top, m.left, m.top + m.height - 1, m.left + m.width - 1);
      } catch {
        // Overlaps an earlier merge: Excel would refuse it too.
      }
    }
  }
  const buffer = await workbook.xlsx.writeBuffer({ useSharedStrings: spec.sharedStrings });
  return new Uint8Array(buffer as ArrayBuffer);
}

describe("200 generated workbooks", () => {
  it("merges, rich text, dates in both date systems, shared and inline strings, formulas, errors", async () => {
    await fc.assert(
      fc.asyncProperty(workbookSpec, async (spec) => {
        const bytes = await build(spec);
        const expected = await excelJs(bytes);
        // Every generated workbook is readable: the comparison is of Grids, not of two refusals.
        expect(expected).toHaveProperty("book");
        for (const actual of streaming(bytes)) expect(actual).toStrictEqual(expected);
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});
