/**
 * The ExcelJS adapter: reads an .xlsx file into the core's Book with ExcelJS. The product reads with
 * the streaming reader (shared/xlsx/read.ts); this stays as its test oracle — the differential
 * test requires both to give the same Grids — and for the benchmark's comparison.
 * Every way a file can fail ends in a WorkbookFileError with a message a branch secretary can act
 * on; nothing else escapes.
 */
import { createRequire } from "node:module";
import { basename } from "node:path";

import ExcelJS from "exceljs";
import JSZip from "jszip";

import { type Area, type Book, type CellValue, type Grid, parseArea } from "../shared/grid.ts";
import {
  fileErrorDetails,
  noWorkbookError,
  sniffWorkbook,
  WorkbookFileError,
} from "../shared/workbook-file.ts";
import { builtInFormats } from "../shared/xlsx/formats.ts";
import { readFileBytes } from "./read-workbook.ts";

export {
  type FileErrorCode,
  fileErrorDetails,
  fileErrorMessages,
  type LocalizedText,
  WorkbookFileError,
} from "../shared/workbook-file.ts";

/**
 * Reads a file with ExcelJS (the test oracle; the command line reads with readWorkbookFile), named
 * after the file: lists arrive by email named for their branch and month.
 */
export async function readBookFile(path: string): Promise<Book> {
  return readBook(await readFileBytes(path), basename(path));
}

/** `fileName`, when given, travels with the Book: the core reads a branch and a period from it. */
export async function readBook(input: Uint8Array | ArrayBuffer, fileName?: string): Promise<Book> {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  sniffWorkbook(bytes);
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
  if (!workbookPart) throw noWorkbookError((part) => zip.file(part) !== null);
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

interface NumFmtXform {
  getDefaultFmtCode(id: number): string | undefined;
}
// ExcelJS knows no code for the locale-dependent built-in formats 27–36 and 50–58, so files that
// omit them read as plain numbers; Chinese Excel uses them for 2023年4月30日 and the like. ExcelJS
// looks the code up through this static at read time only (writing uses a table built at load), so
// wrapping it teaches the reader the zh-CN codes without changing what ExcelJS writes.
const numFmtXform = createRequire(import.meta.url)(
  "exceljs/lib/xlsx/xform/style/numfmt-xform.js",
) as NumFmtXform;
const defaultFmtCode = numFmtXform.getDefaultFmtCode.bind(numFmtXform);
numFmtXform.getDefaultFmtCode = (id) => defaultFmtCode(id) ?? builtInFormats[id];

interface ExcelJsUtils {
  excelToDate(value: unknown, date1904: boolean): unknown;
}
// ExcelJS turns a formula's cached result into a date whenever the cell has a date format, even
// when the result is text (" " became 1899-12-30, "待定" an invalid date); only numbers are serials.
const excelJsUtils = createRequire(import.meta.url)("exceljs/lib/utils/utils.js") as ExcelJsUtils;
const excelToDate = excelJsUtils.excelToDate.bind(excelJsUtils);
excelJsUtils.excelToDate = (value, date1904) =>
  typeof value === "number" ? excelToDate(value, date1904) : value;

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
      // A formula reads as its cached result. cell.value drops a falsy one (0, FALSE), which is a
      // result all the same — a count of zero — so it is taken from cell.result.
      const value = toCellValue(cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value, dates);
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
