import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import ExcelJS from "exceljs";
import fc from "fast-check";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";

import { templateBuffer, writeTemplate } from "../../cli/template.ts";
import { type FileErrorCode, readBook, readBookFile, WorkbookFileError } from "../../cli/xlsx.ts";
import { type Book, type CellValue, type Grid, parseAddress } from "../../shared/grid.ts";
import { starTaskOptions, statusOptions, templateLayout, templateSheets } from "../../shared/template.ts";

const workbooks = join(import.meta.dirname, "..", "fixtures", "workbooks");

function sheet(book: Book, name: string): Grid {
  const grid = book.sheets.find((s) => s.name === name);
  if (!grid) throw new Error(`no sheet ${name} among ${book.sheets.map((s) => s.name).join(", ")}`);
  return grid;
}

function at(grid: Grid, address: string): CellValue | undefined {
  const { row, col } = parseAddress(address) ?? { row: -1, col: -1 };
  return grid.values[row]?.[col];
}

function formatAt(grid: Grid, address: string): string | null | undefined {
  const { row, col } = parseAddress(address) ?? { row: -1, col: -1 };
  return grid.formats?.[row]?.[col];
}

const utcDate = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

async function bytesOf(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** One sheet "S" built by `fill`, written by ExcelJS and read back through readBook. */
async function roundTrip(fill: (ws: ExcelJS.Worksheet) => void, date1904 = false): Promise<Grid> {
  const workbook = new ExcelJS.Workbook();
  workbook.properties.date1904 = date1904;
  fill(workbook.addWorksheet("S"));
  return sheet(await readBook(await bytesOf(workbook)), "S");
}

async function rezip(bytes: Uint8Array, edit: (zip: JSZip) => Promise<void> | void): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  await edit(zip);
  return zip.generateAsync({ type: "uint8array" });
}

async function part(zip: JSZip, path: string): Promise<string> {
  const file = zip.file(path);
  if (!file) throw new Error(`no ${path}`);
  return file.async("string");
}

async function fileError(read: Promise<unknown>): Promise<WorkbookFileError> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkbookFileError);
  return error as WorkbookFileError;
}

async function expectCode(read: Promise<unknown>, code: FileErrorCode): Promise<WorkbookFileError> {
  const error = await fileError(read);
  expect(error.code).toBe(code);
  expect(error.text["zh-CN"]).not.toBe("");
  expect(error.text.en).not.toBe("");
  return error;
}

describe("fixtures", () => {
  it("canonical: sheets, values, dates, merges and formats", async () => {
    const book = await readBookFile(join(workbooks, "canonical.xlsx"));
    expect(book.sheets.map((s) => s.name)).toEqual(["基本信息", "重点任务清单", "亮晒比评", "红地标"]);
    expect(book.date1904).toBe(false);
    const tasks = sheet(book, "重点任务清单");
    expect(tasks.origin).toEqual({ row: 0, col: 0 });
    expect(at(tasks, "C4")).toBe("对标达标创标行动");
    expect(at(tasks, "A4")).toBe(1);
    expect(at(tasks, "F4")).toEqual(utcDate(2023, 4, 30));
    expect(formatAt(tasks, "F4")).toBe('yyyy"年"m"月"d"日"');
    expect(at(tasks, "H4")).toBe(1);
    expect(formatAt(tasks, "H4")).toBe("0%");
    expect(formatAt(tasks, "C4")).toBeNull();
    expect(tasks.merges).toContainEqual({ top: 3, left: 1, bottom: 7, right: 1 });
    expect(tasks.merges).toContainEqual({ top: 0, left: 0, bottom: 0, right: 9 });
    // Merged cells other than the top-left hold nothing; the core fills them.
    expect(at(tasks, "B4")).toBe("创建“模范星”");
    expect(at(tasks, "B5") ?? null).toBeNull();
    expect(at(tasks, "J1") ?? null).toBeNull();
    expect(tasks.values).toHaveLength(17);
    expect(at(sheet(book, "基本信息"), "B4")).toBe("2023-06");
    expect(at(sheet(book, "亮晒比评"), "A2")).toEqual(utcDate(2023, 1, 31));
    expect(at(sheet(book, "红地标"), "A5")).toBe("一个现场讲解点");
  });

  it("messy: two-row header merges and a sheet under another name", async () => {
    const book = await readBookFile(join(workbooks, "messy.xlsx"));
    expect(book.sheets.map((s) => s.name)).toEqual(["任务清单"]);
    const tasks = sheet(book, "任务清单");
    expect(at(tasks, "G3")).toBe("完成情况");
    expect(at(tasks, "H3") ?? null).toBeNull();
    expect(at(tasks, "G4")).toBe("进展状态");
    expect(at(tasks, "C5")).toBe("对标达标创标行动");
    expect(at(tasks, "F5")).toEqual(utcDate(2023, 4, 30));
    expect(at(tasks, "F15")).toBe("2023.10.31");
    expect(tasks.merges).toContainEqual({ top: 2, left: 6, bottom: 2, right: 8 });
    expect(tasks.merges).toContainEqual({ top: 2, left: 0, bottom: 3, right: 0 });
  });

  it("traditional: traditional-script names and values", async () => {
    const book = await readBookFile(join(workbooks, "traditional.xlsx"));
    expect(book.sheets.map((s) => s.name)).toEqual(["基本資訊", "重點任務清單"]);
    const tasks = sheet(book, "重點任務清單");
    expect(at(tasks, "C3")).toBe("對標達標創標行動");
    expect(at(tasks, "F3")).toEqual(utcDate(2023, 4, 30));
    expect(formatAt(tasks, "H3")).toBe("0%");
    expect(tasks.merges).toContainEqual({ top: 2, left: 1, bottom: 6, right: 1 });
  });

  it("reads the same from bytes, an ArrayBuffer and a file", async () => {
    const path = join(workbooks, "canonical.xlsx");
    const bytes = new Uint8Array(await readFile(path));
    const fromFile = await readBookFile(path);
    expect(await readBook(bytes, "canonical.xlsx")).toEqual(fromFile);
    expect(await readBook(bytes.slice().buffer, "canonical.xlsx")).toEqual(fromFile);
    expect(fromFile.fileName).toBe("canonical.xlsx");
    expect((await readBook(bytes)).fileName).toBeUndefined();
  });
});

describe("sheet visibility", () => {
  it("marks hidden and very hidden sheets, and only those", async () => {
    const workbook = new ExcelJS.Workbook();
    for (const [name, state] of [
      ["4月", "hidden"],
      ["5月", "veryHidden"],
      ["6月", "visible"],
    ] as const) {
      workbook.addWorksheet(name, { state }).getCell("A1").value = "项目名称";
    }
    const book = await readBook(await bytesOf(workbook));
    expect(book.sheets.map((s) => [s.name, s.hidden === true])).toEqual([
      ["4月", true],
      ["5月", true],
      ["6月", false],
    ]);
  });
});

describe("cell values", () => {
  it("flattens rich text, hyperlinks, formulas and errors", async () => {
    const grid = await roundTrip((ws) => {
      ws.getCell("A1").value = { richText: [{ text: "党建" }, { text: "品牌", font: { bold: true } }] };
      ws.getCell("A2").value = { text: "佐证材料", hyperlink: "https://example.org/a" };
      // Shapes ExcelJS reads from files but leaves out of its typings.
      ws.getCell("A3").value = {
        text: { richText: [{ text: "富" }, { text: "文本" }] },
        hyperlink: "https://example.org/b",
      } as unknown as ExcelJS.CellValue;
      ws.getCell("B1").value = { formula: "1+1", result: 2 };
      ws.getCell("B2").value = { formula: '"推进"&"中"', result: "推进中" };
      ws.getCell("B3").value = { formula: "1+1", date1904: false };
      ws.getCell("B4").value = { formula: "NA()", result: { error: "#N/A" } };
      ws.getCell("B5").value = { formula: "TRUE()", result: true };
      ws.getCell("B6").value = { formula: "DATE(2023,4,30)", result: utcDate(2023, 4, 30) };
      ws.getCell("B6").numFmt = "yyyy-mm-dd";
      ws.getCell("C1").value = {
        formula: "ROW()",
        result: 1,
        shareType: "shared",
        ref: "C1:C3",
      } as unknown as ExcelJS.CellValue;
      ws.getCell("C2").value = { sharedFormula: "C1", result: 2 };
      ws.getCell("C3").value = { sharedFormula: "C1", result: 3 };
      ws.getCell("D1").value = { error: "#REF!" };
      ws.getCell("D2").value = false;
      ws.getCell("D3").value = "";
      ws.getCell("D4").value = 0.5;
      ws.getCell("D4").numFmt = "0%";
      ws.getCell("D5").value = 12;
      ws.getCell("D5").numFmt = "General";
    });
    expect(at(grid, "A1")).toBe("党建品牌");
    expect(at(grid, "A2")).toBe("佐证材料");
    expect(at(grid, "A3")).toBe("富文本");
    expect(at(grid, "B1")).toBe(2);
    expect(at(grid, "B2")).toBe("推进中");
    expect(at(grid, "B3")).toBeNull();
    expect(at(grid, "B4")).toEqual({ error: "#N/A" });
    expect(at(grid, "B5")).toBe(true);
    expect(at(grid, "B6")).toEqual(utcDate(2023, 4, 30));
    expect([at(grid, "C1"), at(grid, "C2"), at(grid, "C3")]).toEqual([1, 2, 3]);
    expect(at(grid, "D1")).toEqual({ error: "#REF!" });
    expect(at(grid, "D2")).toBe(false);
    expect(at(grid, "D3") ?? null).toBeNull();
    expect(at(grid, "D4")).toBe(0.5);
    expect(formatAt(grid, "D4")).toBe("0%");
    expect(formatAt(grid, "D5")).toBeNull();
  });

  it("keeps rows dense without holes and stops at the last value", async () => {
    const grid = await roundTrip((ws) => {
      ws.getCell("A1").value = "a";
      ws.getCell("E10").value = "e";
    });
    expect(grid.values).toHaveLength(10);
    expect(grid.values[4]).toEqual([]);
    const last = grid.values[9] ?? [];
    expect(last).toEqual([null, null, null, null, "e"]);
    expect(Object.keys(last)).toHaveLength(5);
    expect(grid.formats?.[9]).toHaveLength(5);
  });

  it("does not size the grid by an absurd used range", async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet("S");
    ws.getCell("A1").value = "only";
    ws.getCell("XFD1048576").numFmt = "0";
    ws.getCell("XFD1048575").value = "";
    const bytes = await rezip(await bytesOf(workbook), async (zip) => {
      const xml = await part(zip, "xl/worksheets/sheet1.xml");
      zip.file(
        "xl/worksheets/sheet1.xml",
        xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>'),
      );
    });
    const grid = sheet(await readBook(bytes), "S");
    expect(grid.values).toEqual([["only"]]);
  });

  it("reads a merge's top-left value only", async () => {
    const grid = await roundTrip((ws) => {
      ws.getCell("B2").value = "星";
      ws.mergeCells("B2:C4");
    });
    expect(grid.merges).toEqual([{ top: 1, left: 1, bottom: 3, right: 2 }]);
    expect(grid.values).toEqual([[], [null, "星"]]);
  });
});

describe("dates", () => {
  const april30 = utcDate(2023, 4, 30);

  it("reads a 1904-system workbook on the right calendar date", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.properties.date1904 = true;
    const ws = workbook.addWorksheet("S");
    ws.getCell("A1").value = april30;
    ws.getCell("A1").numFmt = 'yyyy"年"m"月"d"日"';
    const bytes = await bytesOf(workbook);
    // Excel's own serial for 2023-04-30 in the 1904 system, so the check does not rest on ExcelJS alone.
    expect(await part(await JSZip.loadAsync(bytes), "xl/worksheets/sheet1.xml")).toContain("<v>43584</v>");
    const book = await readBook(bytes);
    expect(book.date1904).toBe(true);
    expect(at(sheet(book, "S"), "A1")).toEqual(april30);
  });

  it('reads date1904="true" (as LibreOffice writes it) as the 1904 system', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.properties.date1904 = true;
    const ws = workbook.addWorksheet("S");
    ws.getCell("A1").value = april30;
    ws.getCell("A1").numFmt = "yyyy-mm-dd";
    ws.getCell("A2").value = { formula: "A1", result: april30 };
    ws.getCell("A2").numFmt = "yyyy-mm-dd";
    const bytes = await rezip(await bytesOf(workbook), async (zip) => {
      const xml = await part(zip, "xl/workbook.xml");
      expect(xml).toContain('date1904="1"');
      zip.file("xl/workbook.xml", xml.replace('date1904="1"', 'date1904="true"'));
    });
    const book = await readBook(bytes);
    expect(book.date1904).toBe(true);
    expect(at(sheet(book, "S"), "A1")).toEqual(april30);
    expect(at(sheet(book, "S"), "A2")).toEqual(april30);
  });

  it("round-trips any date in either date system", async () => {
    const dates = fc.sample(
      fc.date({ min: utcDate(1900, 3, 1), max: utcDate(2099, 12, 31), noInvalidDate: true }),
      60,
    );
    for (const date1904 of [false, true]) {
      const days = dates.map((d) => utcDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()));
      const grid = await roundTrip((ws) => {
        days.forEach((day, i) => {
          const cell = ws.getCell(i + 1, 1);
          cell.value = day;
          cell.numFmt = "yyyy-mm-dd";
        });
      }, date1904);
      expect(grid.values.map((row) => row[0])).toEqual(days);
    }
  });

  it("counts Excel's fictitious 1900-02-29 like Excel does", async () => {
    const grid = await roundTrip((ws) => {
      for (const [row, serial] of [1, 59, 61].entries()) {
        ws.getCell(row + 1, 1).value = serial;
        ws.getCell(row + 1, 1).numFmt = "yyyy-mm-dd";
      }
    });
    expect(grid.values.map((row) => row[0])).toEqual([
      utcDate(1900, 1, 1),
      utcDate(1900, 2, 28),
      utcDate(1900, 3, 1),
    ]);
  });

  it("recognises the Chinese built-in date formats files leave undeclared", async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet("S");
    ws.getCell("A1").value = april30;
    ws.getCell("A1").numFmt = 'yyyy"年"m"月"d"日"';
    ws.getCell("A2").value = april30;
    ws.getCell("A2").numFmt = 'yyyy"年"m"月"';
    const bytes = await rezip(await bytesOf(workbook), async (zip) => {
      const xml = await part(zip, "xl/styles.xml");
      const ids = [...xml.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/g)];
      let styles = xml.replace(/<numFmts[\s\S]*?<\/numFmts>/, "");
      // Point the custom codes at the built-in ids zh-CN Excel uses, without declaring them.
      for (const [, id, code] of ids) {
        const builtIn = code?.includes("d") ? "31" : "57";
        styles = styles.replaceAll(`numFmtId="${id}"`, `numFmtId="${builtIn}"`);
      }
      zip.file("xl/styles.xml", styles);
    });
    const grid = sheet(await readBook(bytes), "S");
    expect(at(grid, "A1")).toEqual(april30);
    expect(formatAt(grid, "A1")).toBe('yyyy"年"m"月"d"日"');
    expect(at(grid, "A2")).toEqual(april30);
    expect(formatAt(grid, "A2")).toBe('yyyy"年"m"月"');
  });
});

describe("file errors", () => {
  const canonical = () => readFile(join(workbooks, "canonical.xlsx")).then((b) => new Uint8Array(b));

  it("empty file", async () => {
    await expectCode(readBook(new Uint8Array(0)), "file.empty");
    await expectCode(readBook(new ArrayBuffer(0)), "file.empty");
  });

  it("not a zip at all", async () => {
    await expectCode(readBook(new TextEncoder().encode("单位名称,县财政局\n")), "file.not-xlsx");
    await expectCode(
      readBook(Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)),
      "file.not-xlsx",
    );
    await expectCode(readBook(Uint8Array.of(0x50)), "file.not-xlsx");
  });

  const ole2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  const oleFile = (stream?: string) => {
    const bytes = new Uint8Array(2048);
    bytes.set(ole2);
    if (stream) bytes.set(Buffer.from(stream, "utf16le"), 1024);
    return bytes;
  };

  it("an old .xls", async () => {
    const error = await expectCode(readBook(oleFile("Workbook")), "file.legacy-xls");
    expect(error.text["zh-CN"]).toContain(".xls");
  });

  it("a password-protected .xlsx", async () => {
    const error = await expectCode(readBook(oleFile("EncryptedPackage")), "file.unreadable");
    expect(error.text["zh-CN"]).toContain("密码");
    expect(error.text.en).toContain("password");
  });

  it("a truncated .xlsx", async () => {
    const bytes = await canonical();
    await expectCode(readBook(bytes.subarray(0, bytes.length >> 1)), "file.unreadable");
    await expectCode(readBook(bytes.subarray(0, bytes.length - 10)), "file.unreadable");
  });

  it("a zip without a workbook", async () => {
    const zip = new JSZip();
    zip.file("readme.txt", "not a workbook");
    await expectCode(readBook(await zip.generateAsync({ type: "uint8array" })), "file.unreadable");
    const withoutWorkbook = await rezip(await canonical(), (z) => {
      z.remove("xl/workbook.xml");
    });
    await expectCode(readBook(withoutWorkbook), "file.unreadable");
  });

  it("an empty zip", async () => {
    await expectCode(
      readBook(Uint8Array.of(0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0))),
      "file.unreadable",
    );
  });

  it("a Word document", async () => {
    const zip = new JSZip();
    zip.file("word/document.xml", "<w:document/>");
    await expectCode(readBook(await zip.generateAsync({ type: "uint8array" })), "file.not-xlsx");
  });

  it("corrupt XML inside", async () => {
    const badSheet = await rezip(await canonical(), (z) => {
      z.file("xl/worksheets/sheet2.xml", "<worksheet><sheetData><row r='1'><c r='A1'");
    });
    await expectCode(readBook(badSheet), "file.unreadable");
    const badWorkbook = await rezip(await canonical(), (z) => {
      z.file("xl/workbook.xml", "garbage");
    });
    await expectCode(readBook(badWorkbook), "file.unreadable");
  });

  it("a workbook whose sheets are missing", async () => {
    const bytes = await rezip(await canonical(), (z) => {
      for (const name of Object.keys(z.files)) if (name.startsWith("xl/worksheets/")) z.remove(name);
    });
    await expectCode(readBook(bytes), "file.unreadable");
  });

  it("a path that cannot be read", async () => {
    const error = await expectCode(readBookFile(join(workbooks, "no-such-file.xlsx")), "file.unreadable");
    expect(error.text.en).toContain("no-such-file.xlsx");
    await expectCode(readBookFile(workbooks), "file.unreadable");
  });
});

describe("template", () => {
  it("reads back with the four sheets and their headers", async () => {
    const book = await readBook(await templateBuffer());
    expect(book.sheets.map((s) => s.name)).toEqual(["基本信息", "重点任务清单", "亮晒比评", "红地标"]);
    for (const definition of templateSheets) {
      const grid = sheet(book, definition.name);
      const { headerRow } = templateLayout(definition);
      expect(grid.values[headerRow - 1]).toEqual(definition.columns.map((c) => c.header));
    }
    const tasks = sheet(book, "重点任务清单");
    expect(at(tasks, "A1")).toBe("县直机关“聚星点亮”示范引领行动重点任务清单");
    expect(tasks.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 9 }]);
    expect(tasks.values[1]).toEqual([
      "序号",
      "星级任务",
      "项目名称",
      "目标任务",
      "责任人",
      "时间节点",
      "完成情况",
      "完成进度",
      "佐证材料",
      "备注",
    ]);
    expect(tasks.values).toHaveLength(2);
    expect(sheet(book, "基本信息").values.map((row) => row[0])).toEqual([
      "项目",
      "单位名称",
      "单位代码",
      "填报周期",
      "填报人",
      "联系电话",
    ]);
    expect(sheet(book, "亮晒比评").values).toEqual([["日期", "活动", "周期", "成绩", "名次", "备注"]]);
    expect(sheet(book, "红地标").values.map((row) => row[0])).toEqual([
      "标准",
      "一个党建品牌",
      "一套规范化制度",
      "一份经验材料",
      "一个现场讲解点",
    ]);
  });

  it("has dropdowns, formats and a frozen header", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await templateBuffer()) as unknown as ArrayBuffer);
    const tasks = workbook.getWorksheet("重点任务清单");
    if (!tasks) throw new Error("no task sheet");
    const listOf = (ws: ExcelJS.Worksheet, address: string) => {
      const validation = ws.getCell(address).dataValidation;
      return validation?.type === "list"
        ? String(validation.formulae[0]).replace(/^"|"$/g, "").split(",")
        : undefined;
    };
    for (const row of [3, 500, 1000]) {
      expect(listOf(tasks, `B${row}`)).toEqual([...starTaskOptions]);
      expect(listOf(tasks, `G${row}`)).toEqual([...statusOptions]);
    }
    expect(listOf(tasks, "B2")).toBeUndefined();
    expect(listOf(tasks, "C3")).toBeUndefined();
    expect(tasks.getCell("H3").numFmt).toBe("0%");
    expect(tasks.getCell("F3").numFmt).toBe('yyyy"年"m"月"d"日"');
    expect(tasks.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
    expect(tasks.getCell("B2").font?.bold).toBe(true);
    expect(tasks.getColumn(4).width).toBeGreaterThan(tasks.getColumn(1).width ?? 0);

    const landmark = workbook.getWorksheet("红地标");
    if (!landmark) throw new Error("no landmark sheet");
    for (const row of [2, 5]) expect(listOf(landmark, `B${row}`)).toEqual([...statusOptions]);

    const info = workbook.getWorksheet("基本信息");
    expect(info?.getCell("B4").numFmt).toBe("@");
    expect(info?.getCell("B4").dataValidation?.prompt).toContain("YYYY-MM");
  });

  it("writes to a file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "juxing-template-"));
    try {
      const path = join(dir, "重点任务清单.xlsx");
      await writeTemplate(path);
      expect((await readBookFile(path)).sheets).toHaveLength(4);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("merged areas", () => {
  it("are read per sheet from the file, whatever the sheet is called", async () => {
    const wb = new ExcelJS.Workbook();
    const plain = wb.addWorksheet("清单");
    plain.getCell("A1").value = "标题";
    plain.mergeCells("A1:C1");
    const odd = wb.addWorksheet('R&D <"2023">');
    odd.getCell("B2").value = "模范星";
    odd.mergeCells("B2:B4");
    odd.mergeCells("C2:D2");
    const book = await readBook(new Uint8Array(await wb.xlsx.writeBuffer()));
    const byName = Object.fromEntries(book.sheets.map((s) => [s.name, s.merges]));
    expect(byName.清单).toEqual([{ top: 0, left: 0, bottom: 0, right: 2 }]);
    expect(byName['R&D <"2023">']).toHaveLength(2);
    expect(byName['R&D <"2023">']).toEqual(
      expect.arrayContaining([
        { top: 1, left: 1, bottom: 3, right: 1 },
        { top: 1, left: 2, bottom: 1, right: 3 },
      ]),
    );
  });
});
