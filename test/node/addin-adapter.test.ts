/**
 * The Office.js adapter (addin/excel) against the simulated Excel host (test/helpers/fake-office),
 * through the simulated host's own proxies here and through Microsoft's client library in
 * addin-office-js.test.ts (which imports this file after choosing that client):
 * the same findings and scores as the command line, bounded round trips at 14 and 20,000 rows,
 * marks that give the user's fills back, the merged-area fallback, and requirement sets missing.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { clearMarks, markColors, markFindings, SNAPSHOT_KEY } from "../../addin/excel/marks.ts";
import {
  PAYLOAD_LIMIT,
  READ_MARGIN,
  RESULTS_SHEET,
  type ReadResult,
  readWorkbook,
  readWorkbookWithStats,
} from "../../addin/excel/read.ts";
import { requirements, supports } from "../../addin/excel/requirements.ts";
import { writeResultsSheet } from "../../addin/excel/results-sheet.ts";
import { selectCell } from "../../addin/excel/select.ts";
import { charactersToPoints, insertTemplate } from "../../addin/excel/template.ts";
import { generateList } from "../../bench/core.ts";
import { templateBuffer } from "../../cli/template.ts";
import { readBook, readBookFile } from "../../cli/xlsx.ts";
import { analyzeBook, type Report } from "../../shared/analyze.ts";
import type { Finding } from "../../shared/findings.ts";
import type { Area, Book, CellValue } from "../../shared/grid.ts";
import { starTaskOptions, template, templateSheets } from "../../shared/template.ts";
import { createOfficeHost, excelClient, type OfficeHost } from "../helpers/excel-client.ts";
import { FakeWorkbook, fakeWorkbookFromBook } from "../helpers/fake-office/index.ts";
import type { RealHostOptions } from "../helpers/fake-office/real-client.ts";
import { fixtureWorkbooks } from "../helpers/fixtures.ts";
import { canonicalSpec, type Layout, layoutBook, namedLayouts, xlsxOf } from "../helpers/layouts.ts";

let uninstall: (() => void) | undefined;
afterEach(() => {
  uninstall?.();
  uninstall = undefined;
});

/** A host over the workbook, installed as the globals office.js would set. */
function host(workbook: FakeWorkbook, options: RealHostOptions = {}): OfficeHost {
  uninstall?.();
  const fake = createOfficeHost(workbook, options);
  uninstall = fake.install();
  return fake;
}

/** Runs one adapter call in its own Excel.run and reports the syncs the host counted. */
async function counted<T>(fake: OfficeHost, work: (context: Excel.RequestContext) => Promise<T>) {
  uninstall?.();
  uninstall = fake.install();
  const before = fake.stats.syncs;
  const result = await fake.Excel.run(work);
  return { result, syncs: fake.stats.syncs - before };
}

async function read(fake: OfficeHost): Promise<{ result: ReadResult; syncs: number }> {
  const { result, syncs } = await counted(fake, (context) => readWorkbookWithStats(context));
  if (!result.ok) throw new Error(result.message);
  return { result, syncs };
}

const key = (f: Finding) => ({ code: f.code, sheet: f.sheet, cell: f.cell, severity: f.severity });

describe.each(fixtureWorkbooks)(`fixture $name through the ${excelClient()}`, ({ file, expected }) => {
  let cli: Report;
  let book: Book;
  beforeAll(async () => {
    book = await readBookFile(file);
    cli = analyzeBook(book, { asOf: expected.asOf });
  });

  it("gives the command line's findings and score, in 3 syncs", async () => {
    const fake = host(fakeWorkbookFromBook(book));
    const { result, syncs } = await read(fake);
    expect(syncs).toBe(3);
    expect(result.syncs).toBe(3);
    const report = analyzeBook(result.book, { asOf: expected.asOf });
    expect(report.findings.map(key)).toEqual(cli.findings.map(key));
    // Values and messages too: dates come through Excel as serials and must read the same.
    expect(report.findings).toEqual(cli.findings);
    expect(report.score).toEqual(cli.score);
    expect(report.branch).toEqual(cli.branch);
    expect(report.period).toBe(cli.period);
  });

  it("marks in 2 syncs and clears in 2, leaving the fills as they were", async () => {
    const workbook = fakeWorkbookFromBook(book);
    const sheet = workbook.sheets[0];
    sheet?.setFill("A1", "#FFFF00");
    const fake = host(workbook);
    const before = workbook.sheets.map((s) => s.fills());
    const { result: marked, syncs: markSyncs } = await counted(fake, (c) => markFindings(c, cli.findings));
    expect(marked.ok).toBe(true);
    expect(markSyncs).toBeLessThanOrEqual(2);
    const { syncs: clearSyncs } = await counted(fake, (c) => clearMarks(c));
    expect(clearSyncs).toBeLessThanOrEqual(2);
    expect(workbook.sheets.map((s) => s.fills())).toEqual(before);
  });
});

describe("a 20,000-row list", () => {
  let book: Book;
  let workbook: FakeWorkbook;
  let fake: OfficeHost;
  let findings: Finding[];
  let readSyncs: number;
  let result: ReadResult;
  const asOf = "2023-06-30";

  beforeAll(async () => {
    book = await readBook(await generateList(20_000));
    workbook = fakeWorkbookFromBook(book);
    const sheet = workbook.sheet("重点任务清单");
    // The user's own fills, on cells that will be marked and on cells that will not.
    sheet.setFill("E3", "#FFFF00"); // 待定 owner: owner.placeholder
    sheet.setFill("D3", "#92D050"); // 按要求完成 target: target.vague
    sheet.setFill("B2:J2", "#D9E1F2"); // the header row
    sheet.setFill("C10", "#00B0F0");
    const e40 = sheet.cellForWrite(39, 4);
    e40.fill = { color: "#FFC000", pattern: "Gray50", patternColor: "#000000" };
    fake = host(workbook);
    ({ result, syncs: readSyncs } = await read(fake));
    findings = analyzeBook(result.book, { asOf }).findings;
    // Generating and parsing the .xlsx takes seconds on a busy 2-core machine.
  }, 120_000);

  it("is read in 4 syncs, each response within the planned share of Excel on the web's 5 MB", () => {
    expect(readSyncs).toBe(4);
    expect(result.sheets[0]).toMatchObject({ rows: 20_002, columns: 10, merges: 1, mergeSource: "sheet" });
    const largest = Math.max(...fake.stats.history.map((h) => h.responseBytes));
    expect(largest).toBeLessThanOrEqual(READ_MARGIN * PAYLOAD_LIMIT);
  });

  it.each(["GeneralException", "null"] as const)(
    "is read in smaller parts when Excel answers a large read with %s",
    async (answer) => {
      const strict = host(fakeWorkbookFromBook(book), { oversizedRead: { cells: 30_000, answer } });
      const { result: parts, syncs } = await read(strict);
      expect(syncs).toBeGreaterThan(4);
      expect(parts.notes.map((n) => n.code)).toContain("read.split");
      expect(analyzeBook(parts.book, { asOf }).findings.map(key)).toEqual(findings.map(key));
    },
  );

  it("gives the same findings and score as the command line", () => {
    const cli = analyzeBook(book, { asOf });
    expect(findings.length).toBeGreaterThan(1000);
    expect(findings.map(key)).toEqual(cli.findings.map(key));
    expect(analyzeBook(result.book, { asOf }).score).toEqual(cli.score);
  });

  it("is marked in 2 syncs and cleared in 2, every fill given back", async () => {
    const sheet = workbook.sheet("重点任务清单");
    const before = sheet.fills();
    const { result: marked, syncs } = await counted(fake, (c) => markFindings(c, findings));
    expect(syncs).toBeLessThanOrEqual(2);
    if (!marked.ok) throw new Error(marked.message);
    const cells = new Set(findings.filter((f) => f.cell).map((f) => f.cell));
    expect(marked.marked.error + marked.marked.warning + marked.marked.info).toBe(cells.size);
    expect(sheet.fillAt("E3")).toBe(markColors.error);
    const overdue = findings.find((f) => f.code === "deadline.overdue" && f.severity === "warning");
    if (
      overdue?.cell &&
      findings.filter((f) => f.cell === overdue.cell).every((f) => f.severity === "warning")
    )
      expect(sheet.fillAt(overdue.cell)).toBe(markColors.warning);
    expect(sheet.fillAt("B2")).toBe("#D9E1F2");
    expect(workbook.settings[SNAPSHOT_KEY]).toBeTruthy();

    const { syncs: clearSyncs } = await counted(fake, (c) => clearMarks(c));
    expect(clearSyncs).toBeLessThanOrEqual(2);
    expect(sheet.fills()).toEqual(before);
    expect(workbook.settings[SNAPSHOT_KEY]).toBeUndefined();
  });

  it("keeps the first fills when marked twice, even across a pane reload", async () => {
    const sheet = workbook.sheet("重点任务清单");
    const before = sheet.fills();
    await counted(fake, (c) => markFindings(c, findings));
    // The pane reloads: a new host over the same document sees only the saved settings.
    fake = host(workbook);
    // Fewer findings the second time: the cells no longer found lose their mark.
    const fewer = findings.filter((f) => f.cell !== "D3");
    const { result: again, syncs } = await counted(fake, (c) => markFindings(c, fewer));
    expect(syncs).toBeLessThanOrEqual(2);
    if (!again.ok) throw new Error(again.message);
    expect(again.restored).toBe(1);
    expect(sheet.fillAt("D3")).toBe("#92D050");
    expect(sheet.fillAt("E3")).toBe(markColors.error);
    await counted(fake, (c) => clearMarks(c));
    expect(sheet.fills()).toEqual(before);
  });

  it("leaves a cell the user painted after marking as they painted it", async () => {
    const sheet = workbook.sheet("重点任务清单");
    await counted(fake, (c) => markFindings(c, findings));
    sheet.setFill("E3", "#7030A0");
    const { result: cleared } = await counted(fake, (c) => clearMarks(c));
    if (!cleared.ok) throw new Error(cleared.message);
    expect(cleared.keptUserFills).toBe(1);
    expect(cleared.notes.map((n) => n.code)).toContain("marks.kept-user-fill");
    expect(sheet.fillAt("E3")).toBe("#7030A0");
    sheet.setFill("E3", "#FFFF00");
  });

  it("is read in more, smaller syncs when the payload limit is lower", async () => {
    const small = host(fakeWorkbookFromBook(book), { payloadLimit: 1024 * 1024 });
    const { result: parts, syncs } = await read(small);
    expect(syncs).toBeGreaterThan(3);
    expect(parts.notes.map((n) => n.code)).toContain("read.split");
    expect(analyzeBook(parts.book, { asOf }).findings.map(key)).toEqual(findings.map(key));
    for (const h of small.stats.history.filter((r) => !r.error))
      expect(h.responseBytes).toBeLessThanOrEqual(1024 * 1024);
  });
});

// ----------------------------------------------------------------------------------------------

/** A list of `rows` projects in three merged star groups, each row's evidence merged over I:J. */
function mergedList(rows: number): Book {
  const values: CellValue[][] = [
    ["县直机关重点任务清单"],
    template.tasks.columns.map((column) => column.header),
  ];
  const merges: Area[] = [{ top: 0, left: 0, bottom: 0, right: 9 }];
  const stars = starTaskOptions;
  const group = Math.ceil(rows / 3);
  for (let i = 0; i < rows; i++) {
    const r = i + 2;
    values.push([
      i + 1,
      i % group === 0 ? (stars[Math.floor(i / group)] ?? null) : null,
      `项目${i + 1}`,
      `完成第${i + 1}项工作，形成材料1份`,
      i % 50 === 0 ? "待定" : `责任人${i % 7}`,
      "2023年12月底前",
      "推进中",
      0.5,
      "台账",
      null,
    ]);
    if (i % group === 0)
      merges.push({ top: r, left: 1, bottom: Math.min(r + group - 1, rows + 1), right: 1 });
    merges.push({ top: r, left: 8, bottom: r, right: 9 });
  }
  return {
    sheets: [
      {
        name: "任务清单",
        values,
        merges,
        formats: values.map((line) => line.map((_, c) => (c === 7 ? "0%" : null))),
      },
    ],
  };
}

describe("merged areas", () => {
  const asOf = "2023-06-30";
  const book = mergedList(600);
  const cli = analyzeBook(book, { asOf });

  it("past Excel's 512 per call, are read in tiles and give the same findings", async () => {
    expect(book.sheets[0]?.merges.length).toBeGreaterThan(600);
    const fake = host(fakeWorkbookFromBook(book));
    const { result, syncs } = await read(fake);
    // One more sync than usual: the batch that asked for all merges at once failed.
    expect(syncs).toBe(4);
    expect(fake.stats.history.some((h) => h.error === "GeneralException")).toBe(true);
    expect(result.sheets[0]).toMatchObject({ mergeSource: "tiles", merges: book.sheets[0]?.merges.length });
    const report = analyzeBook(result.book, { asOf });
    expect(cli.findings.length).toBeGreaterThan(0);
    expect(report.findings.map(key)).toEqual(cli.findings.map(key));
    expect(report.score).toEqual(cli.score);
  });

  it("still validate when Excel answers a null object past the limit", async () => {
    const fake = host(fakeWorkbookFromBook(book), { mergedAreaOverflow: "null" });
    const { result, syncs } = await read(fake);
    expect(syncs).toBe(3);
    const report = analyzeBook(result.book, { asOf });
    // Blank star cells carry down as "same as above": the list still validates the same.
    expect(report.findings.map(key)).toEqual(cli.findings.map(key));
  });

  it("still validate without ExcelApi 1.13, with a note", async () => {
    const fake = host(fakeWorkbookFromBook(book), { requirementSets: { ExcelApi: "1.12" } });
    const { result, syncs } = await read(fake);
    expect(syncs).toBe(3);
    expect(result.notes.map((n) => n.code)).toEqual(["merges.unavailable"]);
    expect(result.notes[0]?.message).toContain("ExcelApi 1.13");
    expect(result.sheets[0]?.mergeSource).toBe("none");
    expect(analyzeBook(result.book, { asOf }).findings.map(key)).toEqual(cli.findings.map(key));
  });
});

describe("dates", () => {
  it("reads serials of a 1904-system workbook as the command line reads its dates", async () => {
    const values: CellValue[][] = [
      ["星级任务", "项目名称", "目标任务", "责任人", "时间节点", "完成情况"],
      [
        "创建“模范星”",
        "学习",
        "组织党员参加专题学习1次以上",
        "王建华",
        new Date(Date.UTC(2023, 4, 31)),
        "推进中",
      ],
      [
        "创建“模范星”",
        "调研",
        "形成调研报告1份并提交支委会",
        "李明",
        new Date(Date.UTC(2023, 11, 31)),
        "推进中",
      ],
    ];
    const formats = values.map((line) => line.map((_, c) => (c === 4 ? 'yyyy"年"m"月"d"日"' : null)));
    for (const date1904 of [false, true]) {
      const book: Book = { sheets: [{ name: "清单", values, formats, merges: [] }], date1904 };
      const workbook = fakeWorkbookFromBook(book);
      expect(typeof workbook.sheet("清单").valueAt("E2")).toBe("number");
      const { result } = await read(host(workbook));
      expect(result.book.date1904).toBe(date1904);
      const asOf = "2023-06-30";
      const ours = analyzeBook(result.book, { asOf }).findings.map(key);
      expect(ours).toEqual(analyzeBook(book, { asOf }).findings.map(key));
      expect(ours).toContainEqual({
        code: "deadline.overdue",
        sheet: "清单",
        cell: "E2",
        severity: "warning",
      });
    }
  });

  it("takes the used range's position as the grid's origin", async () => {
    const workbook = new FakeWorkbook({ sheets: ["Sheet1"] });
    const sheet = workbook.sheet("Sheet1");
    const header = ["星级任务", "项目名称", "目标任务", "责任人", "时间节点"];
    header.forEach((h, i) => {
      sheet.set(`${"CDEFG"[i]}4`, h);
    });
    ["创建“模范星”", "学习", "组织党员参加专题学习1次以上", "待定", "2023年12月底前"].forEach((v, i) => {
      sheet.set(`${"CDEFG"[i]}5`, v);
    });
    const { result } = await read(host(workbook));
    expect(result.book.sheets[0]?.origin).toEqual({ row: 3, col: 2 });
    const findings = analyzeBook(result.book, { asOf: "2023-06-30" }).findings;
    expect(findings.map(key)).toContainEqual({
      code: "owner.placeholder",
      sheet: "Sheet1",
      cell: "F5",
      severity: "error",
    });
  });
});

// ----------------------------------------------------------------------------------------------

describe("Excel refusing", () => {
  it("says in words that a protected sheet cannot be marked, and leaves it as it was", async () => {
    const workbook = new FakeWorkbook({ sheets: ["任务清单"] });
    const sheet = workbook.sheet("任务清单");
    sheet.setFill("E5", "#FFFF00");
    sheet.protected = true;
    const fake = host(workbook);
    const { result } = await counted(fake, (c) => markFindings(c, scatteredFindings("任务清单", 3)));
    expect(result).toMatchObject({ ok: false, code: "protected" });
    if (!result.ok) expect(result.message).toContain("撤消工作表保护");
    expect(sheet.fills()).toEqual({ E5: "#FFFF00" });
    // Once unprotected, the saved fills (written before the refused paint) give E5 back its yellow.
    sheet.protected = false;
    await counted(fake, (c) => markFindings(c, scatteredFindings("任务清单", 3)));
    await counted(fake, (c) => clearMarks(c));
    expect(sheet.fills()).toEqual({ E5: "#FFFF00" });
  });

  it("says in words that Excel is editing a cell, in the user's language", async () => {
    const workbook = new FakeWorkbook({ sheets: ["S"] });
    workbook.sheet("S").set("A1", "序号");
    const fake = host(workbook, { cellEditMode: true });
    const { result } = await counted(fake, (c) => readWorkbookWithStats(c, { lang: "en" }));
    expect(result).toMatchObject({ ok: false, code: "editing" });
    if (!result.ok) expect(result.message).toMatch(/Press Enter or Esc/);
    const cleared = await fake.Excel.run((c) => writeResultsSheet(c, [], { lang: "zh-CN" }));
    expect(cleared).toMatchObject({ ok: false, code: "editing" });
  });

  it("says so in words when even one row of values comes back null", async () => {
    const workbook = new FakeWorkbook({ sheets: ["S"] });
    workbook.sheet("S").set("A1", "序号").set("B1", "项目名称").set("A2", 1).set("B2", "x");
    const fake = host(workbook, { oversizedRead: { cells: 1, answer: "null" }, displayLanguage: "en-US" });
    const { result } = await counted(fake, (c) => readWorkbookWithStats(c));
    expect(result).toMatchObject({ ok: false, code: "read-failed" });
    if (!result.ok) expect(result.message).toMatch(/did not return/);
  });
});

describe("missing requirement sets", () => {
  async function messy(): Promise<FakeWorkbook> {
    const fixture = fixtureWorkbooks.find((f) => f.name === "messy");
    if (!fixture) throw new Error("messy fixture missing");
    return fakeWorkbookFromBook(await readBookFile(fixture.file));
  }

  it("degrade with a localized message, never an exception", async () => {
    const old = host(await messy(), { requirementSets: { ExcelApi: "1.3" } });
    const read13 = await old.Excel.run((c) => readWorkbookWithStats(c));
    expect(read13).toMatchObject({ ok: false, code: "unsupported", feature: "read" });
    if (!read13.ok) expect(read13.message).toContain("ExcelApi 1.4");
    const mark = await old.Excel.run((c) => markFindings(c, []));
    expect(mark).toMatchObject({ ok: false, feature: "mark" });
    if (!mark.ok) expect(mark.message).toMatch(/标注.*ExcelApi 1\.9/);
    expect(await old.Excel.run((c) => clearMarks(c))).toMatchObject({ ok: false, feature: "mark" });
    expect(await old.Excel.run((c) => insertTemplate(c))).toMatchObject({ ok: false, feature: "template" });
    expect(await old.Excel.run((c) => writeResultsSheet(c, []))).toMatchObject({
      ok: false,
      feature: "resultsSheet",
    });
    expect(old.stats.syncs).toBe(0);
    await expect(old.Excel.run((c) => readWorkbook(c))).rejects.toMatchObject({ name: "AdapterError" });

    const english = host(await messy(), { requirementSets: { ExcelApi: "1.8" }, displayLanguage: "en-US" });
    const enMark = await english.Excel.run((c) => markFindings(c, []));
    if (enMark.ok) throw new Error("marking needs ExcelApi 1.9");
    expect(enMark.message).toMatch(/cannot be marked.*ExcelApi 1\.9/);
    // Reading still works at 1.8, merges aside.
    const { result } = await read(english);
    expect(result.notes[0]?.message).toMatch(/merged cells/i);
  });

  it("switch features off one by one, as the table says", () => {
    host(new FakeWorkbook({ sheets: ["Sheet1"] }), { requirementSets: { ExcelApi: "1.9" } });
    expect(supports("read")).toBe(true);
    expect(supports("mark")).toBe(true);
    expect(supports("mergedAreas")).toBe(false);
    expect(requirements.mergedAreas.version).toBe("1.13");
    uninstall?.();
    uninstall = undefined;
    expect(supports("read")).toBe(false);
  });

  it("inserts the template without dropdowns below ExcelApi 1.8", async () => {
    const fake = host(new FakeWorkbook({ sheets: ["Sheet1"] }), { requirementSets: { ExcelApi: "1.7" } });
    const { result } = await counted(fake, (c) => insertTemplate(c));
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.notes.map((n) => n.code)).toEqual(["template.no-validation"]);
    expect(fake.workbook.sheet("重点任务清单").validations).toEqual([]);
  });
});

// ----------------------------------------------------------------------------------------------

describe("selecting, the results sheet and the template", () => {
  it("clears marks on a renamed sheet at the cost of two syncs, and keeps a deleted one's fills", async () => {
    const fixture = fixtureWorkbooks.find((f) => f.name === "messy");
    const book = await readBookFile(fixture?.file ?? "");
    const findings = analyzeBook(book, { asOf: fixture?.expected.asOf ?? "2023-09-30" }).findings;
    const workbook = fakeWorkbookFromBook(book);
    workbook.addSheet("其他").set("A1", "x");
    const fake = host(workbook);
    const before = workbook.sheet("任务清单").fills();
    await counted(fake, (c) => markFindings(c, findings));
    workbook.sheet("任务清单").name = "清单（改名）";
    // Asked for by name, it is not there: one sync lists the sheets, one more finds it by its id.
    const renamed = await counted(fake, (c) => clearMarks(c));
    expect(renamed.syncs).toBe(4);
    expect(workbook.sheet("清单（改名）").fills()).toEqual(before);

    const marked = await counted(fake, (c) =>
      markFindings(
        c,
        findings.map((f) => ({ ...f, sheet: f.sheet && "清单（改名）" })),
      ),
    );
    expect(marked.result).toMatchObject({ ok: true });
    workbook.sheets.splice(0, 1);
    const deleted = await counted(fake, (c) => clearMarks(c));
    expect(deleted.result).toMatchObject({ ok: true, restored: 0 });
    expect(deleted.syncs).toBeLessThanOrEqual(3);
    // Its saved fills stay saved (the sheet may come back, say from a copy of the file), with a note.
    if (deleted.result.ok) expect(deleted.result.notes.map((n) => n.code)).toEqual(["marks.sheet-missing"]);
    expect(workbook.settings[SNAPSHOT_KEY]).toBeTruthy();
    // Findings on a sheet that is gone are reported, not thrown.
    const gone = await counted(fake, (c) => markFindings(c, findings));
    expect(gone.result).toMatchObject({ ok: true, marked: { error: 0, warning: 0, info: 0 } });
    if (gone.result.ok) expect(gone.result.notes.map((n) => n.code)).toEqual(["marks.sheet-missing"]);
  });

  it("selects a finding's cell in one sync", async () => {
    const fixture = fixtureWorkbooks.find((f) => f.name === "messy");
    const workbook = fakeWorkbookFromBook(await readBookFile(fixture?.file ?? ""));
    workbook.addSheet("其他");
    workbook.activeSheetId = workbook.sheet("其他").id;
    const fake = host(workbook);
    const { result, syncs } = await counted(fake, (c) => selectCell(c, "任务清单", "E6"));
    expect(result).toMatchObject({ ok: true });
    expect(syncs).toBe(1);
    expect(workbook.selection).toEqual({ sheet: "任务清单", address: "E6" });
    const gone = await fake.Excel.run((c) => selectCell(c, "不存在", "A1"));
    expect(gone).toMatchObject({ ok: false, code: "sheet-missing" });
  });

  it("writes the 校验结果 sheet in 2 syncs, replaces it, and never reads it back", async () => {
    const fixture = fixtureWorkbooks.find((f) => f.name === "messy");
    const book = await readBookFile(fixture?.file ?? "");
    const findings = analyzeBook(book, { asOf: fixture?.expected.asOf ?? "2023-09-30" }).findings;
    const workbook = fakeWorkbookFromBook(book);
    const fake = host(workbook);
    const first = await counted(fake, (c) => writeResultsSheet(c, findings));
    expect(first.syncs).toBe(2);
    const again = await counted(fake, (c) => writeResultsSheet(c, findings.slice(0, 3), { activate: true }));
    expect(again.syncs).toBe(2);
    const results = workbook.sheet(RESULTS_SHEET);
    expect(workbook.sheets.filter((s) => s.name === RESULTS_SHEET)).toHaveLength(1);
    expect(results.valueAt("A1")).toBe("严重程度");
    expect(results.valueAt("G1")).toBe("说明");
    expect(results.valueAt("B2")).toBe(findings[0]?.code);
    expect(results.valueAt("D2")).toBe(findings[0]?.cell);
    expect(results.cell(1, 3)?.formula).toContain("HYPERLINK");
    expect(results.valueAt("A5")).toBeNull();
    expect(workbook.selection?.sheet).toBe(RESULTS_SHEET);
    const { result } = await read(fake);
    expect(result.book.sheets.map((s) => s.name)).toEqual(["任务清单"]);
  });

  it("inserts the template the command line writes, with list validation, in 3 syncs", async () => {
    const workbook = new FakeWorkbook({ sheets: ["Sheet1"] });
    const fake = host(workbook);
    const { result, syncs } = await counted(fake, (c) => insertTemplate(c));
    expect(result).toMatchObject({ ok: true });
    expect(syncs).toBe(3);
    expect(workbook.sheets.map((s) => s.name)).toEqual(templateSheets.map((s) => s.name));
    const tasks = workbook.sheet("重点任务清单");
    expect(tasks.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 9 }]);
    expect(tasks.valueAt("B2")).toBe("星级任务");
    expect(tasks.formatAt("F3")).toBe('yyyy"年"m"月"d"日"');
    expect(tasks.formatAt("H1000")).toBe("0%");
    expect(tasks.columnWidths.get(3)).toBe(charactersToPoints(40));
    expect(tasks.frozenRows).toBe(2);
    const lists = tasks.validations.map((v) => ({ area: v.area, rule: v.rule }));
    expect(lists).toEqual([
      {
        area: { top: 2, left: 1, bottom: 999, right: 1 },
        rule: { list: { inCellDropDown: true, source: "创建“模范星”,选树“服务星”,锻造“先锋星”" } },
      },
      {
        area: { top: 2, left: 6, bottom: 999, right: 6 },
        rule: { list: { inCellDropDown: true, source: "未启动,推进中,已完成,已验收" } },
      },
    ]);
    expect(workbook.selection?.sheet).toBe("重点任务清单");

    // The same workbook as the command line's template, as far as the core can tell.
    const cliBook = await readBook(await templateBuffer());
    const { result: ours } = await read(fake);
    const asOf = "2023-06-30";
    expect(analyzeBook(ours.book, { asOf }).findings).toEqual(analyzeBook(cliBook, { asOf }).findings);
    // Office gives the used range as a rectangle, ExcelJS only the cells that hold something.
    const trim = (lines: CellValue[][] = []) =>
      lines.map((line) => {
        const out = [...line];
        while (out.length > 0 && out[out.length - 1] === null) out.pop();
        return out;
      });
    for (const grid of cliBook.sheets) {
      const mine = ours.book.sheets.find((s) => s.name === grid.name);
      expect(trim(mine?.values), grid.name).toEqual(trim(grid.values));
      expect(mine?.merges).toEqual(grid.merges);
    }

    // A second insert would overwrite the list: refused, nothing written.
    tasks.set("C3", "学习");
    const refused = await fake.Excel.run((c) => insertTemplate(c));
    expect(refused).toMatchObject({ ok: false, code: "template-conflict" });
    if (!refused.ok) expect(refused.message).toContain("重点任务清单");
  });
});

// ----------------------------------------------------------------------------------------------

describe(`Office.js semantics through the ${excelClient()}`, () => {
  function workbookWithData(): FakeWorkbook {
    const workbook = new FakeWorkbook({ sheets: ["Sheet1"] });
    workbook.sheet("Sheet1").set("A1", "before").set("B2", 42);
    return workbook;
  }

  it("refuses to read a property before load and sync", async () => {
    const fake = host(workbookWithData());
    await fake.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2");
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      range.load("values");
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      expect(() => range.address).toThrow(/not available/);
      await context.sync();
      expect(range.values).toEqual([
        ["before", ""],
        ["", 42],
      ]);
      expect(() => range.numberFormat).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
    });
    expect(fake.stats.syncs).toBe(1);
  });

  it("applies writes only at sync", async () => {
    const workbook = workbookWithData();
    const fake = host(workbook);
    await fake.Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Sheet1");
      const a1 = sheet.getRange("A1");
      a1.load("values");
      await context.sync();
      a1.values = [["after"]];
      a1.format.fill.color = "#FF0000";
      sheet.getRange("C3").select();
      context.workbook.worksheets.add("New");
      expect(workbook.sheet("Sheet1").valueAt("A1")).toBe("before");
      expect(workbook.sheet("Sheet1").fillAt("A1")).toBeNull();
      expect(workbook.selection?.address).toBe("A1");
      expect(workbook.find("New")).toBeUndefined();
      expect(a1.values).toEqual([["after"]]); // Office.js keeps what was set as the local value
      await context.sync();
      expect(workbook.sheet("Sheet1").valueAt("A1")).toBe("after");
      expect(workbook.sheet("Sheet1").fillAt("A1")).toBe("#FF0000");
      expect(workbook.selection).toEqual({ sheet: "Sheet1", address: "C3" });
      expect(workbook.find("New")?.name).toBe("New");
    });
  });

  it("gives null objects, counts syncs, and fails a batch past the merged-area limit", async () => {
    const workbook = workbookWithData();
    workbook.addSheet("Blank");
    const sheet = workbook.sheet("Sheet1");
    for (let r = 0; r < 6; r++) sheet.merge(`D${r + 1}:E${r + 1}`);
    const fake = host(workbook, { mergedAreaLimit: 5 });
    await fake.Excel.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject("Nope");
      const blank = context.workbook.worksheets.getItem("Blank").getUsedRangeOrNullObject(true);
      expect(() => missing.isNullObject).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      missing.load("name");
      blank.load("address");
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(blank.isNullObject).toBe(true);
      const merged = context.workbook.worksheets.getItem("Sheet1").getRange().getMergedAreasOrNullObject();
      merged.load("address");
      await expect(context.sync()).rejects.toMatchObject({ code: "GeneralException" });
      const some = context.workbook.worksheets
        .getItem("Sheet1")
        .getRange("D1:E3")
        .getMergedAreasOrNullObject();
      some.load("address,areaCount");
      await context.sync();
      expect(some.address).toBe("Sheet1!D1:E1,Sheet1!D2:E2,Sheet1!D3:E3");
    });
    expect(fake.stats.syncs).toBe(3);
    expect(fake.stats.history[1]?.error).toBe("GeneralException");
  });

  it("keeps document settings only once saved, across a reload", async () => {
    const workbook = workbookWithData();
    const first = host(workbook, { partitionKey: "p1", displayLanguage: "en-US" });
    const settings = first.Office.context.document.settings;
    settings.set("a", { n: 1 });
    settings.set("b", 2);
    await new Promise<void>((resolve) => {
      settings.saveAsync(() => resolve());
    });
    settings.set("c", 3); // never saved
    const reloaded = host(workbook);
    expect(reloaded.Office.context.document.settings.get("a")).toEqual({ n: 1 });
    expect(reloaded.Office.context.document.settings.get("c")).toBeNull();
    expect(first.Office.context.partitionKey).toBe("p1");
    expect(first.Office.context.displayLanguage).toBe("en-US");
    expect(await first.Office.onReady()).toMatchObject({ host: "Excel" });
  });

  it("travels as JSON, to a browser page and back", async () => {
    const fixture = fixtureWorkbooks.find((f) => f.name === "messy");
    const workbook = fakeWorkbookFromBook(await readBookFile(fixture?.file ?? ""));
    workbook.sheet("任务清单").setFill("E6", "#FFFF00");
    const copy = FakeWorkbook.fromJSON(JSON.parse(JSON.stringify(workbook)));
    expect(copy.toJSON()).toEqual(workbook.toJSON());
    const { result: a } = await read(host(workbook));
    const { result: b } = await read(host(copy));
    expect(b.book).toEqual(a.book);
  });

  it("rejects a response over the payload limit", async () => {
    const workbook = new FakeWorkbook({ sheets: ["Big"] });
    const sheet = workbook.sheet("Big");
    for (let r = 1; r <= 2000; r++) sheet.set(`A${r}`, "一段相当长的中文文字，用来让回复变大。".repeat(4));
    const fake = host(workbook, { payloadLimit: 100_000 });
    await fake.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Big").getRange("A1:A2000").load("values");
      await expect(context.sync()).rejects.toMatchObject({ code: "ResponsePayloadSizeLimitExceeded" });
    });
  });
});

describe("what the workbook says about itself", () => {
  it("reads which sheets are hidden and the file name from the document's URL", async () => {
    const workbook = new FakeWorkbook();
    for (const name of ["4月", "6月"]) workbook.addSheet(name).cellForWrite(0, 0).value = "项目名称";
    (workbook.sheets[0] as (typeof workbook.sheets)[number]).visibility = "Hidden";
    const fake = host(workbook, {
      documentUrl:
        "https://x.sharepoint.com/sites/d/Shared%20Documents/%E9%99%84%E4%BB%B62-%E5%8E%BF%E6%B0%91%E6%94%BF%E5%B1%80.xlsx",
    });
    const { result, syncs } = await read(fake);
    expect(result.book.sheets.map((s) => [s.name, s.hidden === true])).toEqual([
      ["4月", true],
      ["6月", false],
    ]);
    expect(result.book.fileName).toBe("附件2-县民政局.xlsx");
    expect(syncs).toBe(3);
  });

  it("gives no file name for a new workbook", async () => {
    const workbook = new FakeWorkbook();
    workbook.addSheet("S").cellForWrite(0, 0).value = "x";
    const { result } = await read(host(workbook));
    expect(result.book.fileName).toBeUndefined();
  });
});

// ----------------------------------------------------------------------------------------------

/** Findings on `count` cells of column E, every other row: no two of them touch. */
function scatteredFindings(sheet: string, count: number): Finding[] {
  return Array.from({ length: count }, (_, i) => ({
    code: "owner.missing",
    severity: i % 3 === 0 ? "warning" : "error",
    sheet,
    cell: `E${3 + 2 * i}`,
    row: 3 + 2 * i,
    column: "E",
    value: null,
    params: {},
  }));
}

/** Excel on the web refuses a request or a response over 5 MB; we keep clear of it. */
const WEB_LIMIT = 5_000_000;

describe("marks as real Excel keeps them", () => {
  function listWorkbook(): FakeWorkbook {
    const workbook = new FakeWorkbook({ sheets: ["任务清单"] });
    const sheet = workbook.sheet("任务清单");
    sheet.set("A1", "序号").set("E1", "责任人");
    sheet.setFill("E5", "#FFFF00"); // the user's own yellow
    sheet.setFill("E9", "#FFFFFF"); // a deliberate solid white
    return workbook;
  }

  it("gives a cell without fill back no fill, not solid white (office-js#4900)", async () => {
    const workbook = listWorkbook();
    const sheet = workbook.sheet("任务清单");
    const before = sheet.fills();
    const fake = host(workbook);
    const findings = scatteredFindings("任务清单", 5); // E3 E5 E7 E9 E11
    await counted(fake, (c) => markFindings(c, findings));
    expect(sheet.fillAt("E3")).toBe(markColors.warning);
    await counted(fake, (c) => clearMarks(c));
    expect(sheet.cell(2, 4)?.fill).toBeUndefined(); // E3: no fill at all, gridlines showing
    expect(sheet.fills()).toEqual(before); // E5 yellow and E9 solid white as they were
  });

  it("finds its saved fills after the workbook is reopened with new sheet ids (office-js#1390)", async () => {
    const workbook = listWorkbook();
    const sheet = workbook.sheet("任务清单");
    const before = sheet.fills();
    await counted(host(workbook), (c) => markFindings(c, scatteredFindings("任务清单", 5)));
    workbook.reopen();
    const { result: cleared } = await counted(host(workbook), (c) => clearMarks(c));
    if (!cleared.ok) throw new Error(cleared.message);
    expect(cleared.restored).toBe(5);
    expect(sheet.fills()).toEqual(before);
    expect(workbook.settings[SNAPSHOT_KEY]).toBeUndefined();
  });

  it("keeps the saved fills of a sheet it cannot find, and says so", async () => {
    const workbook = listWorkbook();
    const sheet = workbook.sheet("任务清单");
    const before = sheet.fills();
    await counted(host(workbook), (c) => markFindings(c, scatteredFindings("任务清单", 5)));
    // Renamed and reopened: neither its name nor its id is the one saved.
    sheet.name = "任务清单（旧）";
    workbook.reopen();
    const { result: lost } = await counted(host(workbook), (c) => clearMarks(c));
    if (!lost.ok) throw new Error(lost.message);
    expect(lost.restored).toBe(0);
    expect(lost.notes.map((n) => n.code)).toContain("marks.sheet-missing");
    expect(lost.notes.find((n) => n.code === "marks.sheet-missing")?.message).toContain("任务清单");
    expect(workbook.settings[SNAPSHOT_KEY]).toBeTruthy();
    // Named back, the next 清除标注 gives every fill back.
    sheet.name = "任务清单";
    const { result: found } = await counted(host(workbook), (c) => clearMarks(c));
    if (!found.ok) throw new Error(found.message);
    expect(found.restored).toBe(5);
    expect(sheet.fills()).toEqual(before);
  });

  it("says when conditional formatting covers cells it marks, since Excel draws that colour over ours", async () => {
    const covered = listWorkbook();
    const sheet = covered.sheet("任务清单");
    sheet.conditionalFormats.push({ area: { top: 4, left: 4, bottom: 4, right: 4 }, fill: "#FF0000" }); // E5
    const { result } = await counted(host(covered), (c) => markFindings(c, scatteredFindings("任务清单", 5)));
    if (!result.ok) throw new Error(result.message);
    expect(result.notes.map((n) => n.code)).toContain("marks.conditional-format");
    expect(sheet.fillAt("E5")).toBe(markColors.error);
    // A conditional format away from the marked cells says nothing.
    const elsewhere = listWorkbook();
    elsewhere
      .sheet("任务清单")
      .conditionalFormats.push({ area: { top: 99, left: 0, bottom: 99, right: 0 }, fill: "#FF0000" });
    const { result: quiet } = await counted(host(elsewhere), (c) =>
      markFindings(c, scatteredFindings("任务清单", 5)),
    );
    if (!quiet.ok) throw new Error(quiet.message);
    expect(quiet.notes.map((n) => n.code)).not.toContain("marks.conditional-format");
  });

  it("never saves its own mark colour as the user's fill", async () => {
    const workbook = listWorkbook();
    const sheet = workbook.sheet("任务清单");
    const fake = host(workbook);
    await counted(fake, (c) => markFindings(c, scatteredFindings("任务清单", 5)));
    // The saved fills are lost (another copy of the file, settings cleared): marks are on the cells.
    delete workbook.settings[SNAPSHOT_KEY];
    const again = host(workbook);
    await counted(again, (c) => markFindings(c, scatteredFindings("任务清单", 5)));
    await counted(again, (c) => clearMarks(c));
    expect(sheet.fillAt("E3")).toBeNull();
    expect(Object.values(sheet.fills())).not.toContain(markColors.error);
  });

  it("marks and clears 20,000 findings with every request and response under 5,000,000 bytes", async () => {
    const workbook = listWorkbook();
    const sheet = workbook.sheet("任务清单");
    sheet.setFill("E101", "#92D050");
    const before = sheet.fills();
    const fake = host(workbook);
    const findings = scatteredFindings("任务清单", 20_000);
    const { result: marked, syncs } = await counted(fake, (c) => markFindings(c, findings));
    if (!marked.ok) throw new Error(marked.message);
    expect(marked.marked.error + marked.marked.warning).toBe(20_000);
    expect(syncs).toBe(marked.syncs);
    expect(syncs).toBeLessThanOrEqual(4);
    expect(sheet.fillAt("E40001")).toBe(markColors.error);
    const { result: cleared, syncs: clearSyncs } = await counted(fake, (c) => clearMarks(c));
    if (!cleared.ok) throw new Error(cleared.message);
    expect(cleared.restored).toBe(20_000);
    expect(clearSyncs).toBeLessThanOrEqual(4);
    expect(sheet.fills()).toEqual(before);
    for (const request of fake.stats.history) {
      expect(request.requestBytes).toBeLessThan(WEB_LIMIT);
      expect(request.responseBytes).toBeLessThan(WEB_LIMIT);
    }
  }, 120_000);
});

describe("a list laid out as offices keep it", () => {
  it("reads per-star sheets, named in the file only, as the command line does, in 3 syncs", async () => {
    const layout = namedLayouts["per-star sheets, traditional, English, in the file name"] as Layout;
    const generated = layoutBook(await canonicalSpec(), layout);
    const fileName = generated.fileName as string;
    const cliBook = await readBook(await xlsxOf(generated), fileName);
    const fake = host(fakeWorkbookFromBook(cliBook), {
      documentUrl: `C:\\Users\\dangban\\Downloads\\${fileName}`,
    });
    const { result, syncs } = await read(fake);
    const asOf = "2023-06-30";
    const pane = analyzeBook(result.book, { asOf });
    const cli = analyzeBook(cliBook, { asOf });
    expect(pane.table?.sheets).toEqual(["Model star", "Service star", "Vanguard star"]);
    expect(pane.branch.name).toBe("縣財政局機關黨支部");
    expect(pane.period).toBe("2023-06");
    expect(pane.projects).toHaveLength(14);
    expect(pane.findings).toEqual(cli.findings);
    expect(pane.projects).toEqual(cli.projects);
    expect(pane.score).toEqual(cli.score);
    expect(pane.score.total).toBeCloseTo(68.8, 9);
    expect(syncs).toBe(3);
  });
});
