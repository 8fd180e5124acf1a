/**
 * Broken and odd workbooks (issue 6, README.md “Command line”, docs/quality.md): every file of the corpus ends in findings or in
 * a file-level error (WorkbookFileError with one of the four codes), never in another exception,
 * a hang, or a report with a score that is not a number. Then random byte mutations of valid
 * files, and a sample of the corpus through `juxing validate --json` as a user runs it.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import CFB from "cfb";
import type ExcelJS from "exceljs";
import fc from "fast-check";
import JSZip from "jszip";
import officeCrypto from "officecrypto-tool";
import { afterAll, describe, expect, it } from "vitest";
import { readWorkbook } from "../../cli/read-workbook.ts";
import { type FileErrorCode, readBook, WorkbookFileError } from "../../cli/xlsx.ts";
import { analyzeBook, type Report } from "../../shared/analyze.ts";
import { findingCodes, langs, unfilled } from "../../shared/findings.ts";
import type { Book } from "../../shared/grid.ts";
import {
  AS_OF,
  BRANCH,
  bytesOf,
  cleanRow,
  cutPoints,
  datedDeadlines,
  datedWorkbook,
  editSheet,
  hugeCells,
  part,
  rezip,
  taskWorkbook,
  withMerges,
  zipOf,
} from "./corpus.ts";

const root = join(import.meta.dirname, "..", "..");
const fixtures = join(root, "test", "fixtures", "robust");
const canonicalFile = join(root, "test", "fixtures", "workbooks", "canonical.xlsx");

/** What the suite saw, printed at the end (and read by `npm run bench`). */
const tally = {
  files: 0,
  fileErrors: {} as Record<string, number>,
  reports: 0,
  crashes: 0,
  mutations: 0,
  mutationFileErrors: 0,
  mutationReports: 0,
  mutationSeconds: 0,
};

type Outcome = { error: WorkbookFileError; report?: undefined } | { report: Report; error?: undefined };

/** A report's numbers and findings are well-formed whatever the input was. */
function expectSane(report: Report): void {
  const { score } = report;
  for (const value of [score.total, score.max, score.clarityRate, score.completionRate, score.overdue])
    expect(Number.isFinite(value), JSON.stringify(score)).toBe(true);
  expect(score.total).toBeGreaterThanOrEqual(0);
  expect(score.total).toBeLessThanOrEqual(score.max + 1e-9);
  const parts = Object.values(score.byCategory).reduce((a, b) => a + b, 0);
  expect(parts).toBeCloseTo(score.total, 6);
  for (const rate of [score.clarityRate, score.completionRate]) {
    expect(rate).toBeGreaterThanOrEqual(0);
    expect(rate).toBeLessThanOrEqual(1);
  }
  for (const finding of report.findings) {
    expect(findingCodes).toContain(finding.code);
    expect(["error", "warning", "info"]).toContain(finding.severity);
    for (const lang of langs) expect(unfilled(finding, lang)).toEqual([]);
    if (finding.cell !== null) expect(finding.cell).toMatch(/^[A-Z]{1,3}[1-9]\d*$/);
  }
}

/** What a reader made of a file: its Book, or the code it refused the file with. */
async function readerOutcome(read: () => Book | Promise<Book>): Promise<{ book: Book } | { error: string }> {
  try {
    return { book: await read() };
  } catch (error) {
    if (error instanceof WorkbookFileError) return { error: error.code };
    throw error;
  }
}

/**
 * The command line's reader then analyzeBook; anything else thrown is a crash. Every corpus file
 * is also read by the ExcelJS adapter, which must agree cell for cell (the differential test;
 * random byte mutations are left out: two parsers may differ on garbage, as long as neither crashes).
 */
async function outcome(bytes: Uint8Array, into: "corpus" | "mutation" = "corpus"): Promise<Outcome> {
  if (into === "corpus") {
    tally.files += 1;
    const oracle = await readerOutcome(() => readBook(bytes));
    expect(
      await readerOutcome(() => readWorkbook(bytes)),
      "the streaming reader differs from ExcelJS",
    ).toStrictEqual(oracle);
  }
  let book: Book;
  try {
    book = readWorkbook(bytes);
  } catch (error) {
    if (error instanceof WorkbookFileError) {
      if (into === "corpus") tally.fileErrors[error.code] = (tally.fileErrors[error.code] ?? 0) + 1;
      else tally.mutationFileErrors += 1;
      // The message a branch secretary sees: both languages, no internals.
      expect(error.text["zh-CN"].length).toBeGreaterThan(5);
      expect(error.text.en).not.toMatch(/\bat \w|\.js:\d|undefined|\[object/);
      return { error };
    }
    tally.crashes += 1;
    throw error;
  }
  try {
    const report = analyzeBook(book, { asOf: AS_OF });
    expectSane(report);
    if (into === "corpus") tally.reports += 1;
    else tally.mutationReports += 1;
    return { report };
  } catch (error) {
    tally.crashes += 1;
    throw error;
  }
}

async function expectFileError(bytes: Uint8Array, code: FileErrorCode): Promise<WorkbookFileError> {
  const result = await outcome(bytes);
  expect(result.error?.code, result.report ? "read as a workbook" : undefined).toBe(code);
  return result.error as WorkbookFileError;
}

async function expectReport(bytes: Uint8Array): Promise<Report> {
  const result = await outcome(bytes);
  if (result.error) throw new Error(`unexpected ${result.error.code}: ${result.error.message}`);
  return result.report;
}

/** A formula cell as a file holds it before Excel ever calculated it: no cached result. */
const formula = (text: string): ExcelJS.CellFormulaValue => ({ formula: text, date1904: false });
const sharedFormula = (master: string): ExcelJS.CellSharedFormulaValue => ({
  sharedFormula: master,
  date1904: false,
});

const codesOf = (report: Report) => report.findings.map((f) => f.code);
const errorsOf = (report: Report) => report.findings.filter((f) => f.severity === "error");

/** Expected 1900-system and 1904-system serials, computed without ExcelJS. */
function serialOf(iso: string, date1904: boolean): number {
  const day = Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  return date1904 ? day - Date.UTC(1904, 0, 1) / 86_400_000 : day - Date.UTC(1899, 11, 30) / 86_400_000;
}

let cleanBytes: Promise<Uint8Array> | undefined;
/** The 14 clean projects of corpus.ts, written by ExcelJS. */
function clean(): Promise<Uint8Array> {
  cleanBytes ??= bytesOf(taskWorkbook());
  return cleanBytes;
}

afterAll(() => {
  console.log(`juxing-figure ${JSON.stringify({ suite: "workbooks", ...tally })}`);
});

describe("files that are not workbooks", () => {
  it("an empty file", async () => {
    await expectFileError(new Uint8Array(0), "file.empty");
  });

  it("a workbook cut short at every kind of place", async () => {
    for (const store of [false, true]) {
      const whole = await rezip(await clean(), undefined, store);
      for (const at of cutPoints(whole.length)) {
        // Under four bytes the zip signature itself is gone.
        await expectFileError(whole.subarray(0, at), at < 4 ? "file.not-xlsx" : "file.unreadable");
      }
    }
  });

  it("other files under an .xlsx name", async () => {
    const text = (s: string) => new TextEncoder().encode(s);
    const others: [string, Uint8Array][] = [
      ["CSV", text("序号,项目名称,责任人\n1,学习,张三\n")],
      [
        "an HTML table saved as .xls",
        text("<html><body><table><tr><td>项目名称</td></tr></table></body></html>"),
      ],
      ["a PDF", text("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")],
      ["a PNG", Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)],
      ["gzip", Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3)],
      ["UTF-16 text", Uint8Array.from([0xff, 0xfe, ...new Uint8Array(Buffer.from("项目名称", "utf16le"))])],
      ["noise", Uint8Array.from({ length: 65_536 }, (_, i) => (i * 2_654_435_761) >>> 24)],
    ];
    for (const [, bytes] of others) await expectFileError(bytes, "file.not-xlsx");
  });

  it("zips that hold no workbook", async () => {
    await expectFileError(await zipOf({ "readme.txt": "说明" }), "file.unreadable");
    await expectFileError(await zipOf({ "xl/workbook.bin": "\u0000" }), "file.unreadable");
    await expectFileError(await zipOf({ "word/document.xml": "<w:document/>" }), "file.not-xlsx");
    await expectFileError(
      await zipOf({ mimetype: "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office/>" }),
      "file.not-xlsx",
    );
    await expectFileError(
      Uint8Array.of(0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)),
      "file.unreadable",
    );
    const gutted = await rezip(await clean(), (zip) => {
      zip.remove("xl/workbook.xml");
    });
    await expectFileError(gutted, "file.unreadable");
  });

  it("a password-protected workbook, encrypted as Excel does (agile and standard)", async () => {
    const plain = Buffer.from(await clean());
    for (const type of [undefined, "standard" as const]) {
      const encrypted = officeCrypto.encrypt(plain, { password: "聚星2023", ...(type ? { type } : {}) });
      // A real encrypted package: an OLE2 container with an EncryptedPackage stream.
      const container = CFB.read(encrypted, { type: "buffer" });
      expect(CFB.find(container, "EncryptedPackage")).toBeTruthy();
      if (!type)
        expect(Buffer.compare(await officeCrypto.decrypt(encrypted, { password: "聚星2023" }), plain)).toBe(
          0,
        );
      const error = await expectFileError(new Uint8Array(encrypted), "file.unreadable");
      expect(error.text["zh-CN"]).toContain("密码");
    }
  }, 30_000);

  it("an .xls written by LibreOffice (BIFF8)", async () => {
    const bytes = readFileSync(join(fixtures, "legacy.xls"));
    // The fixture is what it claims: a Workbook stream opening with a BIFF8 BOF record (0x0809, 0x0600).
    const stream = CFB.find(CFB.read(bytes, { type: "buffer" }), "Workbook");
    const content = Buffer.from(stream?.content as Uint8Array);
    expect(content.readUInt16LE(0)).toBe(0x0809);
    expect(content.readUInt16LE(4)).toBe(0x0600);
    const error = await expectFileError(new Uint8Array(bytes), "file.legacy-xls");
    expect(error.text["zh-CN"]).toContain(".xlsx");
  });
});

describe("odd workbooks get findings", () => {
  it("cells of 32,767 characters in every column", async () => {
    const bytes = await bytesOf(
      taskWorkbook({
        row: (i) => {
          const at = (k: number) => hugeCells[(i + k) % hugeCells.length];
          return {
            category: at(5),
            name: at(0),
            target: at(1),
            owner: at(2),
            deadline: at(0),
            status: at(3),
            progress: at(9),
            evidence: at(4),
          };
        },
      }),
    );
    const started = performance.now();
    const report = await expectReport(bytes);
    // Linear-time parsing: a backtracking pattern on these would take minutes, not a moment.
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(report.projects).toHaveLength(14);
    expect(report.rows[0]?.values.name).toBe(hugeCells[0]);
    expect(report.branch.name).toBe(BRANCH);
    // None of the categories names a star, so each row says so and no project earns points.
    expect(codesOf(report).filter((c) => c === "category.unknown")).toHaveLength(14);
    expect(
      report.score.byCategory.model + report.score.byCategory.service + report.score.byCategory.vanguard,
    ).toBe(0);
    expect(report.projects.every((p) => p.deadline.kind !== "date")).toBe(true);
  }, 60_000);

  it("10,000 merged areas in the task table", async () => {
    const rows = 5_000;
    const areas: string[] = [];
    // Each project's target and evidence widened over two columns, as staff do for long text.
    for (let r = 3; r < rows + 3; r++) areas.push(`D${r}:E${r}`, `J${r}:K${r}`);
    const bytes = await withMerges(await bytesOf(taskWorkbook({ rows, widen: true })), areas);
    expect(
      (await part(await JSZip.loadAsync(bytes), "xl/worksheets/sheet1.xml")).match(/<mergeCell /g),
    ).toHaveLength(areas.length + 1);
    const started = performance.now();
    const report = await expectReport(bytes);
    console.log(`10,000 merged areas: read and analysed in ${Math.round(performance.now() - started)} ms`);
    expect(report.projects).toHaveLength(rows);
    expect(report.projects.every((p, i) => p.target === cleanRow(i).target)).toBe(true);
    expect(codesOf(report)).not.toContain("evidence.missing");
    expect(codesOf(report)).not.toContain("column.duplicate");
    expect(errorsOf(report)).toEqual([]);
  }, 120_000);

  it("overlapping merges (a damaged file)", async () => {
    const bytes = await withMerges(await clean(), ["B3:C4", "C4:D5"]);
    const result = await outcome(bytes);
    // Excel repairs such a file on open; refusing it as unreadable or reading it are both fine.
    if (result.error) expect(result.error.code).toBe("file.unreadable");
    else expect(result.report.projects.length).toBeGreaterThan(0);
  });

  it("a sheet of only formulas without cached values", async () => {
    const workbook = taskWorkbook({ rows: 0 });
    const ws = workbook.getWorksheet("重点任务清单");
    if (!ws) throw new Error("no sheet");
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        const text = String(cell.value).replaceAll('"', '""');
        cell.value = formula(`"${text}"`);
      });
    });
    for (let r = 3; r < 17; r++) {
      for (let c = 1; c <= 10; c++) {
        ws.getCell(r, c).value =
          r === 3 ? formula(`"项目"&ROW()&"-"&${c}`) : sharedFormula(`${"ABCDEFGHIJ"[c - 1]}3`);
      }
    }
    const bytes = await bytesOf(workbook);
    const xml = await part(await JSZip.loadAsync(bytes), "xl/worksheets/sheet1.xml");
    expect(xml).toContain("<f>");
    expect(xml).not.toMatch(/<v>/);
    const report = await expectReport(bytes);
    // Nothing was ever calculated, so nothing can be read: no table, no branch, no period.
    expect(codesOf(report)).toEqual(
      expect.arrayContaining(["sheet.task-table-missing", "info.branch-missing", "info.period-missing"]),
    );
    expect(report.projects).toEqual([]);
    expect(report.score.total).toBe(0);
  });

  it("a typed header over rows of formulas without cached values", async () => {
    const workbook = taskWorkbook({ rows: 14 });
    const ws = workbook.getWorksheet("重点任务清单");
    for (let r = 3; r < 17; r++) {
      for (let c = 1; c <= 10; c++) {
        const cell = ws?.getCell(r, c);
        if (cell && cell.value !== null) cell.value = formula(`Z${r}`);
      }
    }
    const report = await expectReport(await bytesOf(workbook));
    expect(report.table?.sheet).toBe("重点任务清单");
    expect(report.projects).toEqual([]);
    expect(codesOf(report)).toEqual(
      expect.arrayContaining(["campaign.project-count", "campaign.category-empty"]),
    );
    expect(report.score.total).toBe(0);
  });

  it("1904 dates come out on the right day, and so does overdue", async () => {
    for (const date1904 of [false, true]) {
      const bytes = await bytesOf(datedWorkbook(date1904));
      // The serials in the file, checked against arithmetic rather than ExcelJS.
      const xml = await part(await JSZip.loadAsync(bytes), "xl/worksheets/sheet1.xml");
      expect(xml).toContain(`<v>${serialOf(datedDeadlines[0]?.date as string, date1904)}</v>`);
      const report = await expectReport(bytes);
      expect(report.projects.map((p) => p.deadline)).toEqual(
        datedDeadlines.map(({ date }) => ({ kind: "date", date })),
      );
      expect(report.projects.map((p) => p.overdue)).toEqual(datedDeadlines.map((d) => d.overdue));
    }
  });

  it("1904 serials typed as numbers under a date format", async () => {
    const workbook = datedWorkbook(true);
    const ws = workbook.getWorksheet("重点任务清单");
    datedDeadlines.forEach(({ date }, i) => {
      const cell = ws?.getCell(i + 3, 6);
      if (!cell) return;
      cell.value = serialOf(date, true);
      cell.numFmt = "yyyy/m/d";
    });
    const report = await expectReport(await bytesOf(workbook));
    expect(report.projects.map((p) => p.deadline)).toEqual(
      datedDeadlines.map(({ date }) => ({ kind: "date", date })),
    );
  });

  it("a workbook written by LibreOffice reads like the original", async () => {
    const original = await expectReport(new Uint8Array(readFileSync(canonicalFile)));
    const bytes = readFileSync(join(fixtures, "libreoffice.xlsx"));
    const app = await part(await JSZip.loadAsync(bytes), "docProps/app.xml");
    expect(app).toContain("LibreOffice");
    const report = await expectReport(new Uint8Array(bytes));
    expect(report.score.total).toBeCloseTo(68.8, 6);
    expect(report.score).toEqual(original.score);
    expect(report.branch).toEqual(original.branch);
    expect(report.period).toBe(original.period);
    expect(report.findings.map((f) => [f.code, f.sheet, f.cell])).toEqual(
      original.findings.map((f) => [f.code, f.sheet, f.cell]),
    );
  });

  it('a 1904 workbook written by LibreOffice (date1904="true")', async () => {
    const bytes = readFileSync(join(fixtures, "libreoffice-1904.xlsx"));
    const xml = await part(await JSZip.loadAsync(bytes), "xl/workbook.xml");
    expect(xml).toMatch(/date1904="true"/);
    const report = await expectReport(new Uint8Array(bytes));
    expect(report.projects.map((p) => p.deadline)).toEqual(
      datedDeadlines.map(({ date }) => ({ kind: "date", date })),
    );
    expect(report.projects.map((p) => p.overdue)).toEqual(datedDeadlines.map((d) => d.overdue));
  });

  it("cells Excel would not write: NaN, an overflow, -0, serials past 9999, stray types", async () => {
    // Turns a shared-string cell into a number, error or boolean cell holding `value`.
    const retype = (xml: string, cell: string, type: string, value: string) =>
      xml.replace(new RegExp(`<c r="${cell}"([^>]*)>(<v>)[^<]*(</v>)`), (_, attrs: string) => {
        const kept = attrs.replace(/\st="\w+"/, "");
        return `<c r="${cell}"${kept}${type ? ` t="${type}"` : ""}><v>${value}</v>`;
      });
    const bytes = await editSheet(await clean(), (xml) => {
      let out = retype(xml, "H3", "", "NaN");
      out = retype(out, "H4", "", "1e999");
      out = retype(out, "H5", "", "-0");
      out = retype(out, "F6", "", "2958466");
      out = retype(out, "F7", "e", "#N/A");
      out = retype(out, "E8", "b", "1");
      expect(out.match(/<v>(NaN|1e999|-0|2958466|#N\/A)<\/v>/g)).toHaveLength(5);
      return out;
    });
    const report = await expectReport(bytes);
    expect(report.projects).toHaveLength(14);
    const at = (code: string) =>
      report.findings
        .filter((f) => f.code === code)
        .map((f) => f.cell)
        .sort();
    expect(at("progress.out-of-range")).toEqual(["H3", "H4"]);
    expect(at("progress.inconsistent")).toEqual(["H5"]);
    expect(at("deadline.unparseable")).toEqual(["F6", "F7"]);
  });

  it("a shared-string index past the end of the table", async () => {
    const bytes = await editSheet(await clean(), (xml) =>
      xml.replace(/(<c r="C9"[^>]*t="s"[^>]*>)<v>[^<]*<\/v>/, "$1<v>99999</v>"),
    );
    // A dangling reference is a damaged file (Excel offers to repair it): refused, not a crash.
    await expectFileError(bytes, "file.unreadable");
  });

  it("an entity-expansion bomb in the sheet XML", async () => {
    const lol = `<!DOCTYPE worksheet [<!ENTITY a "${"x".repeat(100)}">${Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`,
    ).join("")}]>`;
    const bytes = await editSheet(await clean(), (xml) =>
      xml
        .replace(/^(<\?xml[^>]*\?>)?/, `$1${lol}`)
        .replace(/(<c r="C3"[^>]*t=")s("[^>]*>)<v>[^<]*<\/v>/, "$1inlineStr$2<is><t>&j;</t></is>"),
    );
    const started = performance.now();
    // The XML parser refuses entities declared in a DTD (Excel never writes one): ten billion
    // characters were not expanded, and the file is refused rather than half read.
    await expectFileError(bytes, "file.unreadable");
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("stray values in the last column and in the last row, and sheets with odd names", async () => {
    for (const far of ["XFD2", "A1048576"]) {
      const workbook = taskWorkbook();
      const ws = workbook.getWorksheet("重点任务清单");
      if (ws) ws.getCell(far).value = "尾";
      workbook.addWorksheet("😀 'quoted' & <x>");
      workbook.addWorksheet("空");
      const started = performance.now();
      const report = await expectReport(await bytesOf(workbook));
      // Minutes, not seconds, if the core walked every row across every column.
      expect(performance.now() - started, far).toBeLessThan(30_000);
      expect(report.projects, far).toHaveLength(14);
      expect(errorsOf(report), far).toEqual([]);
    }
  });
});

/** Flips, overwrites, inserts or deletes bytes; `digit` rewrites the n-th ASCII digit (cell refs, serials, sizes). */
type ByteEdit = { op: "flip" | "set" | "insert" | "delete" | "digit"; at: number; byte: number };

function mutate(base: Uint8Array, edits: ByteEdit[]): Uint8Array {
  let bytes = Uint8Array.from(base);
  for (const { op, at, byte } of edits) {
    const i = at % Math.max(bytes.length, 1);
    if (op === "flip") bytes[i] = (bytes[i] as number) ^ (1 << (byte % 8));
    else if (op === "set") bytes[i] = byte;
    else if (op === "insert") bytes = Uint8Array.from([...bytes.subarray(0, i), byte, ...bytes.subarray(i)]);
    else if (op === "delete") bytes = Uint8Array.from([...bytes.subarray(0, i), ...bytes.subarray(i + 1)]);
    else {
      const digits: number[] = [];
      bytes.forEach((b, k) => {
        if (b >= 0x30 && b <= 0x39) digits.push(k);
      });
      const k = digits[at % Math.max(digits.length, 1)];
      if (k !== undefined) bytes[k] = 0x30 + (byte % 10);
    }
  }
  return bytes;
}

describe("random byte mutations of valid workbooks", () => {
  it("end in a report or a file-level error, nothing else", async () => {
    const deflated = await clean();
    // Stored (uncompressed) parts put most mutations into the XML instead of the deflate stream.
    const stored = await rezip(deflated, undefined, true);
    const canonical = new Uint8Array(readFileSync(canonicalFile));
    const edit = fc.record({
      op: fc.constantFrom("flip", "set", "insert", "delete", "digit"),
      at: fc.nat(),
      byte: fc.nat({ max: 255 }),
    }) as fc.Arbitrary<ByteEdit>;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(deflated, stored, canonical),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        async (base, edits) => {
          tally.mutations += 1;
          await outcome(mutate(base, edits), "mutation");
        },
      ),
      { numRuns: 2_000, interruptAfterTimeLimit: 30_000, markInterruptAsFailure: false },
    );
    tally.mutationSeconds = (performance.now() - started) / 1000;
    console.log(
      `byte mutations: ${tally.mutations} in ${tally.mutationSeconds.toFixed(1)} s, ${tally.mutationReports} reports, ${tally.mutationFileErrors} file errors, crashes ${tally.crashes}`,
    );
    expect(tally.mutations).toBeGreaterThanOrEqual(150);
    // Both outcomes happen: mutations that land in text still read, others break the file.
    expect(tally.mutationReports).toBeGreaterThan(0);
    expect(tally.mutationFileErrors).toBeGreaterThan(0);
  }, 90_000);
});

describe("the command line on a sample of the corpus", () => {
  const dir = mkdtempSync(join(tmpdir(), "juxing-robust-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function juxing(...args: string[]) {
    try {
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        [join(root, "bin", "juxing.js"), ...args],
        { cwd: root, maxBuffer: 64 * 1024 * 1024 },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it("answers exit 2 with ok:false per unreadable file, a report for the rest, no stack trace", async () => {
    const whole = await clean();
    const encrypted = officeCrypto.encrypt(Buffer.from(whole), { password: "x", type: "standard" });
    const sample: [string, Uint8Array | Buffer, FileErrorCode | null][] = [
      ["empty.xlsx", new Uint8Array(0), "file.empty"],
      ["truncated.xlsx", whole.subarray(0, whole.length >> 1), "file.unreadable"],
      ["cut-at-3.xlsx", whole.subarray(0, 3), "file.not-xlsx"],
      ["table.xlsx", new TextEncoder().encode("<html><table></table></html>"), "file.not-xlsx"],
      ["no-workbook.xlsx", await zipOf({ "readme.txt": "x" }), "file.unreadable"],
      ["locked.xlsx", encrypted, "file.unreadable"],
      ["legacy.xls", readFileSync(join(fixtures, "legacy.xls")), "file.legacy-xls"],
      ["libreoffice.xlsx", readFileSync(join(fixtures, "libreoffice.xlsx")), null],
      ["libreoffice-1904.xlsx", readFileSync(join(fixtures, "libreoffice-1904.xlsx")), null],
      ["mutated.xlsx", mutate(await rezip(whole, undefined, true), [{ op: "digit", at: 7, byte: 0 }]), null],
    ];
    for (const [name, bytes] of sample) writeFileSync(join(dir, name), bytes);
    const files = sample.map(([name]) => join(dir, name));
    const result = await juxing("validate", ...files, "--as-of", AS_OF, "--json");
    expect(result.code).toBe(2);
    expect(result.stderr).not.toMatch(/\bat .*:\d+:\d+|Error:/);
    const json = JSON.parse(result.stdout) as {
      files: {
        file: string;
        ok: boolean;
        error?: { code: string; message: string };
        score?: { total: number };
      }[];
    };
    expect(json.files.map((f) => f.file)).toEqual(files);
    sample.forEach(([name, , code], i) => {
      const entry = json.files[i];
      if (code) {
        expect(entry, name).toMatchObject({ ok: false, error: { code } });
        expect(entry?.error?.message.length, name).toBeGreaterThan(10);
      } else if (entry?.ok) {
        expect(Number.isFinite(entry.score?.total), name).toBe(true);
      } else {
        // A mutation may break the file: then it is one of the four codes.
        expect(["file.unreadable", "file.not-xlsx"], name).toContain(entry?.error?.code);
      }
    });
    expect(json.files[7]).toMatchObject({ ok: true, score: { total: expect.closeTo(68.8, 6) } });

    // Only readable odd files: never exit 2.
    const readable = await juxing("validate", files[7] as string, files[8] as string, "--as-of", AS_OF);
    expect([0, 1]).toContain(readable.code);
    expect(readable.stdout).toContain(BRANCH);
    expect(readable.stderr).toBe("");
  }, 60_000);
});
