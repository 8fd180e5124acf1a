/**
 * Broken and odd workbooks for the robustness suite (issue 6, docs/quality.md "nothing crashes on bad
 * input"), built in memory with ExcelJS and JSZip so the corpus needs no committed files except the
 * few that only another program can write (test/fixtures/robust/, see its README).
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { starTaskOptions, template } from "../../shared/template.ts";

export const BRANCH = "县审计局机关党支部";
export const AS_OF = "2023-06-30";

const stars = starTaskOptions;

export const header = template.tasks.columns.map((column) => column.header);

export interface TaskRow {
  category?: ExcelJS.CellValue;
  name?: ExcelJS.CellValue;
  target?: ExcelJS.CellValue;
  owner?: ExcelJS.CellValue;
  deadline?: ExcelJS.CellValue;
  status?: ExcelJS.CellValue;
  progress?: ExcelJS.CellValue;
  evidence?: ExcelJS.CellValue;
}

/** A clear, accepted project: it earns its full share, so any finding on it comes from the oddity under test. */
export function cleanRow(i: number): Required<TaskRow> {
  return {
    category: stars[i % 3] as string,
    name: `项目${i + 1}：开展主题党日活动`,
    target: "全年开展主题党日活动12次，覆盖全体党员",
    owner: `李${i + 1}`,
    deadline: "2023年12月31日",
    status: "已验收",
    progress: 1,
    evidence: `佐证材料${i + 1}.pdf`,
  };
}

/**
 * The canonical layout on one sheet: a title row naming the branch and the period, the header,
 * then `rows` projects. `row(i)` overrides any field of project i. `widen` leaves an empty column
 * after 目标任务 (E) and after 佐证材料 (K), room for staff to merge those cells wider.
 */
export function taskWorkbook(
  options: { rows?: number; row?: (i: number) => TaskRow; date1904?: boolean; widen?: boolean } = {},
): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.properties.date1904 = options.date1904 === true;
  const ws = workbook.addWorksheet("重点任务清单");
  const layout = (cells: ExcelJS.CellValue[]) =>
    options.widen ? [...cells.slice(0, 4), null, ...cells.slice(4, 9), null, ...cells.slice(9)] : cells;
  const col = (n: number) => (options.widen ? n + (n > 4 ? 1 : 0) + (n > 9 ? 1 : 0) : n);
  ws.addRow([`填报单位：${BRANCH}    填报时间：2023年6月30日`]);
  ws.mergeCells(1, 1, 1, col(10));
  ws.addRow(layout(header));
  const count = options.rows ?? 14;
  for (let i = 0; i < count; i++) {
    const spec = { ...cleanRow(i), ...options.row?.(i) };
    const row = ws.addRow(
      layout([
        i + 1,
        spec.category,
        spec.name,
        spec.target,
        spec.owner,
        spec.deadline,
        spec.status,
        spec.progress,
        spec.evidence,
        null,
      ]),
    );
    row.getCell(col(8)).numFmt = "0%";
    if (spec.deadline instanceof Date) row.getCell(col(6)).numFmt = 'yyyy"年"m"月"d"日"';
  }
  return workbook;
}

export async function bytesOf(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Re-packs an .xlsx after `edit`; `store` leaves every part uncompressed (byte mutations then hit the XML). */
export async function rezip(
  bytes: Uint8Array,
  edit: (zip: JSZip) => Promise<void> | void = () => undefined,
  store = false,
): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  await edit(zip);
  return zip.generateAsync({ type: "uint8array", compression: store ? "STORE" : "DEFLATE" });
}

export async function part(zip: JSZip, path: string): Promise<string> {
  const file = zip.file(path);
  if (!file) throw new Error(`no ${path}`);
  return file.async("string");
}

const SHEET1 = "xl/worksheets/sheet1.xml";

/** Replaces the first sheet's XML through `edit`. */
export function editSheet(bytes: Uint8Array, edit: (xml: string) => string): Promise<Uint8Array> {
  return rezip(bytes, async (zip) => {
    zip.file(SHEET1, edit(await part(zip, SHEET1)));
  });
}

/**
 * `areas` merge refs written straight into the sheet XML: ExcelJS's own mergeCells checks every
 * new merge against all earlier ones, which would make building 10,000 of them take longer than
 * reading them.
 */
export function withMerges(bytes: Uint8Array, areas: string[]): Promise<Uint8Array> {
  return editSheet(bytes, (xml) => {
    const existing = [...xml.matchAll(/<mergeCell ref="([^"]+)"\/>/g)].map((m) => m[1] as string);
    const all = [...existing, ...areas];
    const element = `<mergeCells count="${all.length}">${all.map((ref) => `<mergeCell ref="${ref}"/>`).join("")}</mergeCells>`;
    const stripped = xml.replace(/<mergeCells[^>]*>[\s\S]*?<\/mergeCells>/, "");
    // CT_Worksheet orders mergeCells right after sheetData (and sheetProtection and the like, absent here).
    return stripped.replace("</sheetData>", `</sheetData>${element}`);
  });
}

/** Text of exactly `length` characters made by repeating `unit` (Excel's cell limit is 32,767). */
export function longText(unit: string, length = 32_767): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/**
 * Cells shaped to probe the core's parsers at Excel's maximum length: repeated date fragments,
 * digits and brackets are what a backtracking regular expression chokes on.
 */
export const hugeCells = [
  longText("2023年6月"),
  longText("0"),
  `${longText(" ", 32_766)}x`,
  longText("6月30日前"),
  longText("("),
  longText("每月"),
  longText("重点任务清单"),
  longText("a1"),
  longText("已完成"),
  longText("80%"),
  // Whole surrogate pairs: 16,383 emoji are 32,766 UTF-16 units, the way Excel counts.
  longText("😀", 32_766),
  longText("﻿\u200b"),
  longText("按要求完成"),
  longText("待定"),
];

/**
 * Deadlines written as date cells with the date each must read as: the month's edges, a leap day,
 * and the days either side of the as-of date, where a shift of one day flips `deadline.overdue`.
 * A workbook on the wrong date system would be four years and a day off (1,462 days).
 */
export const datedDeadlines: { date: string; overdue: boolean }[] = [
  { date: "2023-06-29", overdue: true },
  { date: "2023-06-30", overdue: false },
  { date: "2023-07-01", overdue: false },
  { date: "2023-01-01", overdue: true },
  { date: "2023-12-31", overdue: false },
  { date: "2024-02-29", overdue: false },
  { date: "2023-02-28", overdue: true },
  { date: "2023-03-01", overdue: true },
  { date: "1904-01-02", overdue: true },
  { date: "2099-12-31", overdue: false },
  { date: "2023-09-30", overdue: false },
  { date: "2023-05-31", overdue: true },
  { date: "2023-06-01", overdue: true },
  { date: "2023-10-01", overdue: false },
];

/** The canonical list with `datedDeadlines` as its deadlines, every project still in progress. */
export function datedWorkbook(date1904: boolean): ExcelJS.Workbook {
  return taskWorkbook({
    date1904,
    row: (i) => {
      const [y, m, d] = (datedDeadlines[i]?.date ?? "").split("-").map(Number) as [number, number, number];
      return { deadline: new Date(Date.UTC(y, m - 1, d)), status: "推进中", progress: 0.5, evidence: null };
    },
  });
}

/** A minimal zip holding the given parts and no workbook. */
export async function zipOf(parts: Record<string, string>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [path, text] of Object.entries(parts)) zip.file(path, text);
  return zip.generateAsync({ type: "uint8array" });
}

/** Cut points into a file of `length` bytes: inside the local header, the data, the central directory. */
export function cutPoints(length: number): number[] {
  const points = [
    1,
    2,
    4,
    10,
    30,
    100,
    1000,
    length >> 2,
    length >> 1,
    length - 200,
    length - 22,
    length - 1,
  ];
  return [...new Set(points.filter((n) => n > 0 && n < length))].sort((a, b) => a - b);
}
