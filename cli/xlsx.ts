/**
 * The Node host: reads an .xlsx file into the core's Book with ExcelJS.
 * Every way a file can fail ends in a WorkbookFileError with a message a branch secretary can act
 * on; nothing else escapes, so the command line never prints a stack trace for a bad upload.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename } from "node:path";

import ExcelJS from "exceljs";
import JSZip from "jszip";

import { type Area, type Book, type CellValue, type Grid, parseArea } from "../shared/grid.ts";

export type FileErrorCode = "file.empty" | "file.not-xlsx" | "file.unreadable" | "file.legacy-xls";

export interface LocalizedText {
  "zh-CN": string;
  en: string;
}

export const fileErrorMessages: Record<FileErrorCode, LocalizedText> = {
  "file.empty": {
    "zh-CN": "文件是空的（0 字节），请重新导出或重新上传工作簿。",
    en: "The file is empty (0 bytes). Export or upload the workbook again.",
  },
  "file.not-xlsx": {
    "zh-CN": "这不是 Excel 工作簿（.xlsx）文件，请在 Excel 中打开后另存为“Excel 工作簿 (*.xlsx)”再校验。",
    en: 'This is not an Excel workbook (.xlsx). Open it in Excel and save it as "Excel Workbook (*.xlsx)", then validate again.',
  },
  "file.unreadable": {
    "zh-CN": "无法读取该工作簿，文件可能已损坏或不完整。请在 Excel 中打开确认无误，另存为 .xlsx 后再校验。",
    en: "The workbook cannot be read; the file may be damaged or incomplete. Open it in Excel, check it, save it as .xlsx and validate again.",
  },
  "file.legacy-xls": {
    "zh-CN": "这是旧版 .xls 文件，请在 Excel 中另存为 .xlsx 后再校验。",
    en: "This is an old-style .xls file. Save it as .xlsx in Excel and validate again.",
  },
};

/** Causes precise enough to deserve their own advice; the code stays one of the four above. */
export const fileErrorDetails = {
  encrypted: {
    "zh-CN":
      "该工作簿设置了打开密码，无法读取。请在 Excel 中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存再校验。",
    en: "The workbook is password-protected and cannot be read. Remove the password in Excel (File → Info → Protect Workbook → Encrypt with Password, clear it), save, and validate again.",
  },
  word: {
    "zh-CN": "这是 Word 文档，不是 Excel 工作簿。请上传填好的重点任务清单 .xlsx 文件。",
    en: "This is a Word document, not an Excel workbook. Upload the filled-in task list (.xlsx).",
  },
  powerpoint: {
    "zh-CN": "这是 PowerPoint 演示文稿，不是 Excel 工作簿。请上传填好的重点任务清单 .xlsx 文件。",
    en: "This is a PowerPoint presentation, not an Excel workbook. Upload the filled-in task list (.xlsx).",
  },
  opendocument: {
    "zh-CN": "这是 OpenDocument 表格（.ods）文件，请另存为 Excel 工作簿（.xlsx）后再校验。",
    en: "This is an OpenDocument spreadsheet (.ods). Save it as an Excel workbook (.xlsx) and validate again.",
  },
  xlsb: {
    "zh-CN": "这是 Excel 二进制工作簿（.xlsb），请在 Excel 中另存为 .xlsx 后再校验。",
    en: "This is an Excel binary workbook (.xlsb). Save it as .xlsx in Excel and validate again.",
  },
  "no-workbook": {
    "zh-CN":
      "压缩包中没有 Excel 工作簿内容，文件可能已损坏或并非 .xlsx。请在 Excel 中另存为 .xlsx 后再校验。",
    en: "The archive holds no Excel workbook; the file may be damaged or not an .xlsx. Save it as .xlsx in Excel and validate again.",
  },
  "no-worksheets": {
    "zh-CN": "工作簿中没有可读取的工作表（只有图表工作表或工作表缺失）。",
    en: "The workbook has no readable worksheets (only chart sheets, or the sheets are missing).",
  },
  "not-found": {
    "zh-CN": "找不到该文件，请检查路径。",
    en: "The file does not exist; check the path.",
  },
  "no-access": {
    "zh-CN": "没有读取该文件的权限。",
    en: "Permission to read the file was denied.",
  },
  directory: {
    "zh-CN": "这是一个文件夹，不是工作簿文件。",
    en: "This is a folder, not a workbook file.",
  },
} satisfies Record<string, LocalizedText>;

export class WorkbookFileError extends Error {
  readonly code: FileErrorCode;
  /** What to tell the user, in both languages: the detail when the cause is known, else the code's text. */
  readonly text: LocalizedText;

  constructor(code: FileErrorCode, options: { text?: LocalizedText; cause?: unknown } = {}) {
    const text = options.text ?? fileErrorMessages[code];
    super(text.en, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "WorkbookFileError";
    this.code = code;
    this.text = text;
  }
}

/** A file's Book, named after the file: lists arrive by email named for their branch and month. */
export async function readBookFile(path: string): Promise<Book> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    const errno = (cause as NodeJS.ErrnoException | undefined)?.code;
    const detail = errno ? fsErrorDetails[errno] : undefined;
    throw new WorkbookFileError("file.unreadable", {
      text: detail ? withPath(detail, path) : undefined,
      cause,
    });
  }
  return readBook(bytes, basename(path));
}

const fsErrorDetails: Record<string, LocalizedText> = {
  ENOENT: fileErrorDetails["not-found"],
  ENOTDIR: fileErrorDetails["not-found"],
  EACCES: fileErrorDetails["no-access"],
  EPERM: fileErrorDetails["no-access"],
  EISDIR: fileErrorDetails.directory,
};

function withPath(text: LocalizedText, path: string): LocalizedText {
  return { "zh-CN": `${text["zh-CN"]}（${path}）`, en: `${text.en} (${path})` };
}

/** `fileName`, when given, travels with the Book: the core reads a branch and a period from it. */
export async function readBook(input: Uint8Array | ArrayBuffer, fileName?: string): Promise<Book> {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  sniff(bytes);
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const { date1904, merges } = await inspectPackage(buffer);
    const workbook = new ExcelJS.Workbook();
    // ExcelJS's typings declare their own Buffer as an ArrayBuffer; at run time it takes Node's.
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer, { ignoreNodes });
    const sheets = workbook.worksheets.map((ws) =>
      toGrid(ws, { excelJs1904: workbook.properties.date1904 === true, date1904 }, merges.get(ws.name) ?? []),
    );
    if (sheets.length === 0)
      throw new WorkbookFileError("file.unreadable", { text: fileErrorDetails["no-worksheets"] });
    return fileName === undefined ? { sheets, date1904 } : { sheets, date1904, fileName };
  } catch (cause) {
    if (cause instanceof WorkbookFileError) throw cause;
    throw new WorkbookFileError("file.unreadable", { cause });
  }
}

// ----------------------------------------------------------------------------------------------
// Recognising the file before ExcelJS sees it

const zipSignatures = [
  [0x50, 0x4b, 0x03, 0x04],
  // An archive with no entries: still a zip, so it fails later as unreadable rather than not-xlsx.
  [0x50, 0x4b, 0x05, 0x06],
];
const ole2Signature = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * OLE2 compound files are old .xls, but also .doc, and — because Office wraps an encrypted
 * .xlsx in one — every password-protected workbook. Their directory names the streams (UTF-16LE).
 */
const oleStreams: { stream: string; code: FileErrorCode; text: LocalizedText }[] = [
  { stream: "EncryptedPackage", code: "file.unreadable", text: fileErrorDetails.encrypted },
  { stream: "WordDocument", code: "file.not-xlsx", text: fileErrorDetails.word },
  { stream: "PowerPoint Document", code: "file.not-xlsx", text: fileErrorDetails.powerpoint },
];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

function sniff(bytes: Uint8Array): void {
  if (bytes.byteLength === 0) throw new WorkbookFileError("file.empty");
  if (startsWith(bytes, ole2Signature)) {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (const { stream, code, text } of oleStreams) {
      if (buffer.includes(Buffer.from(stream, "utf16le"))) throw new WorkbookFileError(code, { text });
    }
    throw new WorkbookFileError("file.legacy-xls");
  }
  if (!zipSignatures.some((signature) => startsWith(bytes, signature)))
    throw new WorkbookFileError("file.not-xlsx");
}

/** Other Office-like zips, recognised by a part only they have. */
const foreignParts: { part: string; code: FileErrorCode; text: LocalizedText }[] = [
  { part: "xl/workbook.bin", code: "file.unreadable", text: fileErrorDetails.xlsb },
  { part: "word/document.xml", code: "file.not-xlsx", text: fileErrorDetails.word },
  { part: "ppt/presentation.xml", code: "file.not-xlsx", text: fileErrorDetails.powerpoint },
  { part: "content.xml", code: "file.not-xlsx", text: fileErrorDetails.opendocument },
];

/**
 * Checks the package holds a workbook and reads its date system. ExcelJS silently returns an empty
 * workbook for a zip without xl/workbook.xml, and reads date1904 only when written "1" — LibreOffice
 * writes "true", which ExcelJS takes as the 1900 system and shifts every date by four years.
 *
 * Merged areas are read here too, straight from each sheet's <mergeCell ref="…"> list: ExcelJS
 * checks every merge against every earlier one, so 10,000 merges took it 15 s.
 */
async function inspectPackage(buffer: Buffer): Promise<{ date1904: boolean; merges: Map<string, Area[]> }> {
  const zip = await JSZip.loadAsync(buffer);
  const workbookPart = zip.file("xl/workbook.xml");
  if (!workbookPart) {
    const foreign = foreignParts.find(({ part }) => zip.file(part));
    throw new WorkbookFileError(foreign?.code ?? "file.unreadable", {
      text: foreign?.text ?? fileErrorDetails["no-workbook"],
    });
  }
  const xml = await workbookPart.async("string");
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*?\bdate1904\s*=\s*["'](?:1|true|on)["']/i.test(xml);
  return { date1904, merges: await mergesBySheet(zip, xml) };
}

const xmlEntities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function attribute(tag: string, name: string): string | undefined {
  const raw = new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1];
  return raw?.replace(/&(amp|lt|gt|quot|apos);/g, (_, entity: string) => xmlEntities[entity] ?? "");
}

/** Sheet name → merged areas, following workbook.xml's sheets through their relationships. */
async function mergesBySheet(zip: JSZip, workbookXml: string): Promise<Map<string, Area[]>> {
  const rels = (await zip.file("xl/_rels/workbook.xml.rels")?.async("string")) ?? "";
  const targets = new Map<string, string>();
  for (const [tag] of rels.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
    const id = attribute(tag, "Id");
    const target = attribute(tag, "Target");
    if (id && target) targets.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  }
  const merges = new Map<string, Area[]>();
  for (const [tag] of workbookXml.matchAll(/<(?:\w+:)?sheet\b[^>]*>/g)) {
    const name = attribute(tag, "name");
    const path = targets.get(attribute(tag, "r:id") ?? attribute(tag, "\\w+:id") ?? "");
    const part = path ? zip.file(path) : null;
    if (!name || !part) continue;
    const sheetXml = await part.async("string");
    const start = sheetXml.lastIndexOf("<mergeCells");
    const areas: Area[] = [];
    if (start >= 0) {
      for (const [, ref] of sheetXml
        .slice(start)
        .matchAll(/<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*"([^"]+)"/g)) {
        const area = parseArea(ref as string);
        if (area) areas.push(area);
      }
    }
    merges.set(name, areas);
  }
  return merges;
}

// ----------------------------------------------------------------------------------------------
// ExcelJS → Grid

/**
 * Only cell data and merges matter here; skipping the rest is faster and avoids ExcelJS's known
 * crashes on unusual drawings, hyperlinks and conditional formats in otherwise fine files.
 */
const ignoreNodes = [
  // Read by inspectPackage instead (see there).
  "mergeCells",
  "sheetPr",
  "dimension",
  "sheetViews",
  "sheetFormatPr",
  "cols",
  "autoFilter",
  "rowBreaks",
  "hyperlinks",
  "pageMargins",
  "dataValidations",
  "pageSetup",
  "headerFooter",
  "printOptions",
  "picture",
  "drawing",
  "sheetProtection",
  "tableParts",
  "conditionalFormatting",
  "extLst",
];

/**
 * The built-in formats 27–36 and 50–58 are locale-dependent, so files omit their format code and
 * ExcelJS, knowing none, reads such dates as plain numbers. Chinese Excel uses them for 2023年4月30日
 * and the like; these are their zh-CN codes, from ECMA-376 Part 1 §18.8.30.
 */
const cjkBuiltInFormats: Record<number, string> = {
  27: 'yyyy"年"m"月"',
  28: 'm"月"d"日"',
  29: 'm"月"d"日"',
  30: "m-d-yy",
  31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"',
  33: 'h"时"mm"分"ss"秒"',
  34: '上午/下午h"时"mm"分"',
  35: '上午/下午h"时"mm"分"ss"秒"',
  36: 'yyyy"年"m"月"',
  50: 'yyyy"年"m"月"',
  51: 'm"月"d"日"',
  52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"',
  54: 'm"月"d"日"',
  55: '上午/下午h"时"mm"分"',
  56: '上午/下午h"时"mm"分"ss"秒"',
  57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

interface NumFmtXform {
  getDefaultFmtCode(id: number): string | undefined;
}
// ExcelJS looks the code up through this static at read time only (writing uses a table built at
// load), so wrapping it teaches the reader the CJK codes without changing what ExcelJS writes.
const numFmtXform = createRequire(import.meta.url)(
  "exceljs/lib/xlsx/xform/style/numfmt-xform.js",
) as NumFmtXform;
const defaultFmtCode = numFmtXform.getDefaultFmtCode.bind(numFmtXform);
numFmtXform.getDefaultFmtCode = (id) => defaultFmtCode(id) ?? cjkBuiltInFormats[id];

interface DateSystems {
  /** The date system ExcelJS converted with. */
  excelJs1904: boolean;
  /** The workbook's actual date system. */
  date1904: boolean;
}

function toGrid(ws: ExcelJS.Worksheet, dates: DateSystems, merges: Area[]): Grid {
  const values: CellValue[][] = [];
  const formats: (string | null)[][] = [];
  // Rows and cells come from what the file holds, never from its claimed dimensions, so an
  // A1:XFD1048576 used range with one value in it costs one row.
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const rowValues: CellValue[] = [];
    const rowFormats: (string | null)[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      // ExcelJS repeats the top-left value in every merged cell; the core fills merges itself.
      if (cell.type === ExcelJS.ValueType.Merge) return;
      const value = toCellValue(cell.value, dates);
      if (value === null) return;
      for (let c = rowValues.length; c < colNumber - 1; c++) {
        rowValues.push(null);
        rowFormats.push(null);
      }
      rowValues.push(value);
      rowFormats.push(formatOf(cell.numFmt));
    });
    if (rowValues.length === 0) return;
    for (let r = values.length; r < rowNumber - 1; r++) {
      values.push([]);
      formats.push([]);
    }
    values.push(rowValues);
    formats.push(rowFormats);
  });
  const grid: Grid = { name: ws.name, values, formats, origin: { row: 0, col: 0 }, merges };
  if (ws.state === "hidden" || ws.state === "veryHidden") grid.hidden = true;
  return grid;
}

function formatOf(numFmt: string | undefined): string | null {
  return numFmt && numFmt !== "General" ? numFmt : null;
}

/** Converts an ExcelJS cell value (or formula result) to a core CellValue. */
function toCellValue(value: unknown, dates: DateSystems): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return calendarDate(value, dates);
  if (typeof value !== "object") return null;
  if ("richText" in value && Array.isArray(value.richText)) {
    const text = value.richText
      .map((run: { text?: unknown }) => (typeof run.text === "string" ? run.text : ""))
      .join("");
    return text === "" ? null : text;
  }
  if ("error" in value && typeof value.error === "string") return { error: value.error };
  // Formulas, shared or not, are read as their cached result; none cached (never calculated) is blank.
  if ("formula" in value || "sharedFormula" in value) {
    return "result" in value ? toCellValue(value.result, dates) : null;
  }
  if ("text" in value) return toCellValue(value.text, dates);
  return null;
}

const msPerDay = 86_400_000;
/** 1970-01-01 as a 1900-system serial. */
const unixEpochSerial = 25_569;
/** Days from 1900-01-00 to 1904-01-01: the difference between the two systems' serials. */
const offset1904 = 1_462;

/**
 * ExcelJS converts serials as if every 1900-system day were real; Excel counts a fictitious
 * 1900-02-29 (Lotus's bug), so serials 1–59 come out a day early. It also may have used the wrong
 * date system (see inspectPackage). Both are fixed by recovering the serial and converting again.
 */
function calendarDate(date: Date, dates: DateSystems): Date {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return date;
  const serial = ms / msPerDay + unixEpochSerial - (dates.excelJs1904 ? offset1904 : 0);
  const leapBugDays = !dates.date1904 && serial >= 1 && serial < 60 ? 1 : 0;
  if (dates.excelJs1904 === dates.date1904 && leapBugDays === 0) return date;
  const days = serial - unixEpochSerial + (dates.date1904 ? offset1904 : 0) + leapBugDays;
  return new Date(Math.round(days * msPerDay));
}
