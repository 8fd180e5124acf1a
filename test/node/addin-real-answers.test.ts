/**
 * The adapter through Microsoft's client (excel-web-16.00.js) against the simulated host answering
 * as a real Excel did: one run per file in test/fixtures/real-excel/ — recordings made with the
 * Script Lab snippet of docs/real-excel.md, and documented.json for what Microsoft documents.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { clearMarks, markColors, markFindings } from "../../addin/excel/marks.ts";
import { readWorkbookWithStats } from "../../addin/excel/read.ts";
import type { Finding } from "../../shared/findings.ts";
import { FakeWorkbook } from "../helpers/fake-office/index.ts";
import { createRealOffice } from "../helpers/fake-office/real-client.ts";
import { hostOptionsFrom, realExcelAnswers } from "../helpers/real-excel-answers.ts";

let uninstall: (() => void) | undefined;
afterEach(() => uninstall?.());

const findings: Finding[] = ["E3", "E5", "E7", "E9"].map((cell) => ({
  code: "owner.missing",
  severity: "error",
  sheet: "任务清单",
  cell,
  row: Number(cell.slice(1)),
  column: "E",
  value: null,
  params: {},
}));

describe.each(realExcelAnswers())("an Excel answering as $file", ({ answers }) => {
  const office = (workbook: FakeWorkbook) => {
    uninstall?.();
    const real = createRealOffice(workbook, hostOptionsFrom(answers));
    uninstall = real.install();
    return real;
  };

  it("gets every fill back after 标注 and 清除标注 across a reopen: none, white and the user's own", async () => {
    const workbook = new FakeWorkbook({ sheets: ["任务清单"] });
    const sheet = workbook.sheet("任务清单");
    sheet.set("E1", "责任人").setFill("E5", "#FFFFFF").setFill("E7", "#FFFF00");
    const before = sheet.fills();
    const marked = await office(workbook).Excel.run((c) => markFindings(c, findings));
    expect(marked).toMatchObject({ ok: true, marked: { error: 4 } });
    expect(sheet.fillAt("E3")).toBe(markColors.error);
    if (answers.sheetIds.changedOnReopen) workbook.reopen();
    const cleared = await office(workbook).Excel.run((c) => clearMarks(c));
    expect(cleared).toMatchObject({ ok: true, restored: 4 });
    expect(sheet.fills()).toEqual(before);
    expect(sheet.cell(2, 4)?.fill).toBeUndefined();
  });

  it("reads a sheet of 513 merged areas, every merge included", async () => {
    const workbook = new FakeWorkbook({ sheets: ["任务清单"] });
    const sheet = workbook.sheet("任务清单");
    for (let r = 1; r <= 513; r++) sheet.set(`A${r}`, `项目${r}`).merge(`A${r}:B${r}`);
    const result = await office(workbook).Excel.run((c) => readWorkbookWithStats(c));
    if (!result.ok) throw new Error(result.message);
    expect(result.book.sheets[0]?.merges).toHaveLength(513);
  });
});

describe("the Script Lab snippet (docs/real-excel.yaml)", () => {
  it("records every answer the host options are made from", () => {
    const yaml = readFileSync(join(import.meta.dirname, "../../docs/real-excel.yaml"), "utf8");
    expect(yaml).toMatch(/^host: EXCEL$/m);
    for (const key of [
      "out.fills",
      "noFill",
      "changedOnReopen",
      "out.mergedAreas513",
      "out.read20000x12",
      "out.mark20000",
    ])
      expect(yaml).toContain(key);
    const documented = realExcelAnswers().find((r) => r.file === "documented.json");
    expect(Object.keys(documented?.answers ?? {})).toEqual(
      expect.arrayContaining(["fills", "sheetIds", "mergedAreas513", "read20000x12", "mark20000"]),
    );
  });
});
