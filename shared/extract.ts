/**
 * From located tables to source rows: every value the rules will look at, as read, and where it
 * was read. These rows are what a submission carries, so the server can run the very same rules.
 */
import { dateToIso, excelSerialToIso, isDateFormat, isoMonth } from "./dates.ts";
import { type Book, cellAddress, columnLetters, isCellError, SheetView } from "./grid.ts";
import {
  type ActivityField,
  activityFields,
  type FieldSpec,
  infoLabels,
  type LandmarkField,
  landmarkFields,
  noteRowPrefixes,
  starKeys,
  type TaskField,
  taskFields,
} from "./lexicon.ts";
import { type LocatedTable, locateTable } from "./locate.ts";
import { cellText, normalizeText, toSimplified } from "./text.ts";

/** A cell value as the rules see it: dates as YYYY-MM-DD, percent-formatted numbers as "80%". */
export type Scalar = string | number | boolean | null;

/**
 * One row of a table. A list may hold tens of thousands of rows, so a row keeps its values and
 * shares its table's column letters rather than carrying an address object per cell.
 */
export interface SourceRow<F extends string> {
  sheet: string;
  /** 1-based sheet row. */
  row: number;
  /** The value of every field the table has a column for; null when the cell is blank. */
  values: Partial<Record<F, Scalar>>;
  /** Column letters per field, one object shared by the rows of a table. */
  columns: Partial<Record<F, string>>;
  /** Addresses that are not the field's column on this row: a merged cell's top-left, a category carried down. */
  at?: Partial<Record<F, string>>;
}

/** The A1 address a field's value was read from; undefined when the table has no such column. */
export function cellOf<F extends string>(source: SourceRow<F>, field: F): string | undefined {
  const at = source.at?.[field];
  if (at !== undefined) return at;
  const letters = source.columns[field];
  return letters === undefined ? undefined : `${letters}${source.row}`;
}

export type ProjectRow = SourceRow<TaskField>;
export type ActivityRow = SourceRow<ActivityField>;
export type LandmarkRow = SourceRow<LandmarkField>;

/** 0.1 * 100 is 10.000000000000002 in binary; a percent cell shows 10 %. */
function trimNumber(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

/** Reads one cell the way every host must agree on. */
export function readScalar(view: SheetView, row: number, col: number, date1904: boolean): Scalar {
  const value = view.value(row, col);
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return dateToIso(value);
  if (isCellError(value)) return value.error;
  if (typeof value === "number") {
    const format = view.formatAt(row, col);
    if (isDateFormat(format)) return excelSerialToIso(value, date1904) ?? value;
    if (format?.includes("%")) return `${trimNumber(value * 100)}%`;
    return value;
  }
  if (typeof value === "string") return cellText(value) || null;
  return value;
}

/**
 * Columns recognized only so that they are not taken for others (序号, 备注, 自评得分): no rule
 * reads them, so rows and submissions leave them out.
 */
const recognizedOnly: ReadonlySet<string> = new Set(["index", "note", "selfScore"]);

interface ColumnPlan<F extends string> {
  list: { field: F; col: number }[];
  letters: Partial<Record<F, string>>;
}

/** The table's columns, resolved once per table rather than once per row. */
function columnPlan<F extends string>(table: LocatedTable<F>): ColumnPlan<F> {
  const list = (Object.entries(table.columns) as [F, { col: number }][])
    .filter(([field]) => !recognizedOnly.has(field))
    .map(([field, match]) => ({ field, col: match.col }));
  const letters: Partial<Record<F, string>> = {};
  for (const { field, col } of list) letters[field] = columnLetters(col);
  return { list, letters };
}

function readRow<F extends string>(
  view: SheetView,
  columns: ColumnPlan<F>,
  row: number,
  date1904: boolean,
): SourceRow<F> {
  const values: Partial<Record<F, Scalar>> = {};
  let at: Partial<Record<F, string>> | undefined;
  for (const { field, col } of columns.list) {
    values[field] = readScalar(view, row, col, date1904);
    const anchor = view.mergeAnchor(row, col);
    if (anchor) {
      at ??= {};
      at[field] = cellAddress(anchor.row, anchor.col);
    }
  }
  const source: SourceRow<F> = { sheet: view.name, row: row + 1, values, columns: columns.letters };
  if (at) source.at = at;
  return source;
}

const notePattern = new RegExp(`^(${noteRowPrefixes.join("|")})([:：、.．0-9一二三①]|$)`);

function isNoteRow(view: SheetView, row: number): boolean {
  const width = view.rowWidth(row);
  for (let col = 0; col < width; col++) {
    const text = normalizeText(cellText(view.value(row, col)).slice(0, 16));
    if (text) return notePattern.test(text);
  }
  return false;
}

/** A row whose only content is one merged cell across the table: a section heading such as 一、创建“模范星”. */
function sectionHeading<F extends string>(
  view: SheetView,
  table: LocatedTable<F>,
  row: number,
): string | null {
  let first = -1;
  const width = view.rowWidth(row);
  for (let col = 0; col < width && first < 0; col++) if (view.value(row, col) !== null) first = col;
  if (first < 0) return null;
  const anchor = view.anchor(row, first);
  const merge = view.mergeAt(anchor.row, anchor.col);
  if (!merge || merge.right === merge.left) return null;
  for (let col = merge.right + 1; col < width; col++) if (cellText(view.value(row, col))) return null;
  const fieldCols = Object.values(table.columns) as { col: number }[];
  const spanned = fieldCols.filter((m) => m.col >= merge.left && m.col <= merge.right).length;
  return spanned > 1 ? cellText(view.value(row, first)) || null : null;
}

function hasAny<F extends string>(row: SourceRow<F>, fields: F[]): boolean {
  return fields.some((f) => row.values[f] !== null && row.values[f] !== undefined);
}

/**
 * Where a blank category ("same as above") takes its value from: the last row or section heading
 * that named one. A row is kept as is, so that rows naming their own category cost nothing more.
 */
type CategorySource = ProjectRow | { cell: string; value: Scalar };

function categoryFrom(source: CategorySource): { cell: string; value: Scalar } {
  if (!("values" in source)) return source;
  return { cell: cellOf(source, "category") as string, value: source.values.category ?? null };
}

/** Project rows of the task table: blank, note and total rows skipped; blank categories carried down. */
export function extractProjects(
  view: SheetView,
  table: LocatedTable<TaskField>,
  date1904: boolean,
): ProjectRow[] {
  const rows: ProjectRow[] = [];
  let carried: CategorySource | undefined;
  const columns = columnPlan(table);
  for (let row = table.firstDataRow; row < view.rowCount; row++) {
    if (view.rowWidth(row) === 0 || isNoteRow(view, row)) continue;
    const heading = sectionHeading(view, table, row);
    if (heading !== null) {
      const cell = view.anchor(row, 0);
      carried = categoryOf(heading) ? { cell: cellAddress(cell.row, cell.col), value: heading } : carried;
      continue;
    }
    const source = readRow(view, columns, row, date1904);
    if (!hasAny(source, ["name", "target", "owner"])) continue;
    if (table.columns.category || carried) {
      const own = source.values.category;
      if (own !== null && own !== undefined) carried = source;
      else if (carried) {
        const { cell, value } = categoryFrom(carried);
        source.values.category = value;
        source.at = { ...source.at, category: cell };
      }
    }
    rows.push(source);
  }
  return rows;
}

function extractSimple<F extends string>(
  view: SheetView,
  table: LocatedTable<F>,
  date1904: boolean,
  keyFields: F[],
) {
  const rows: SourceRow<F>[] = [];
  const columns = columnPlan(table);
  for (let row = table.firstDataRow; row < view.rowCount; row++) {
    if (isNoteRow(view, row)) continue;
    const source = readRow(view, columns, row, date1904);
    if (hasAny(source, keyFields)) rows.push(source);
  }
  return rows;
}

const starKeyList = Object.entries(starKeys) as [keyof typeof starKeys, readonly string[]][];

export function categoryOf(text: Scalar): keyof typeof starKeys | null {
  if (typeof text !== "string") return null;
  const normalized = normalizeText(text);
  for (const [star, keys] of starKeyList) {
    for (const key of keys) if (normalized.includes(key)) return star;
  }
  return null;
}

/* ---------------------------------------------------------------- info ---------------------------------------------------------------- */

export interface BranchInfo {
  name: string | null;
  code: string | null;
  period: string | null;
}

/** "2023年6月30日", "2023-06", "2023.6" → "2023-06". */
export function periodFromText(value: Scalar): string | null {
  if (value === null || value === undefined) return null;
  const text = toSimplified(String(value).normalize("NFKC"));
  const match = /(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})(?!\d)/.exec(text);
  if (!match) return null;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return isoMonth(Number(match[1]), month);
}

type InfoKey = keyof typeof infoLabels;
const infoKeys = Object.keys(infoLabels) as InfoKey[];

function infoKeyOf(label: string): InfoKey | null {
  const text = normalizeText(label).replace(/[:：()（）盖章*]/g, "");
  if (!text || text.length > 12) return null;
  for (const key of infoKeys) if ((infoLabels[key] as readonly string[]).includes(text)) return key;
  return null;
}

/** Key/value pairs from an info sheet: a label cell and the next filled cell to its right. */
function infoFromSheet(view: SheetView, date1904: boolean, info: BranchInfo): void {
  const rows = Math.min(view.rowCount, 60);
  for (let row = 0; row < rows; row++) {
    const width = view.rowWidth(row);
    for (let col = 0; col + 1 < width; col++) {
      const key = infoKeyOf(cellText(view.raw(row, col)));
      if (!key) continue;
      let value: Scalar = null;
      for (let c = col + 1; c < width && value === null; c++) {
        if (!view.isMergedAway(row, c)) value = readScalar(view, row, c, date1904);
      }
      if (value === null) continue;
      assignInfo(info, key, value);
    }
  }
}

function assignInfo(info: BranchInfo, key: InfoKey, value: Scalar): void {
  const text = String(value).trim();
  if (key === "branchName" && !info.name) info.name = stripSeal(text) || null;
  if (key === "branchCode" && !info.code) info.code = text || null;
  if ((key === "period" || key === "reportDate") && !info.period) info.period = periodFromText(value);
}

function stripSeal(name: string): string {
  return name.replace(/[（(]\s*(盖章|蓋章)\s*[）)]\s*$/, "").trim();
}

const inlineLabel = new RegExp(
  `(${infoKeys.flatMap((k) => infoLabels[k] as readonly string[]).join("|")})(?:[(（](?:盖章)[)）])?\\s*[:：]`,
  "g",
);

/**
 * "填报单位：县财政局机关党支部　　填报时间：2023年6月30日" — several labels in one title cell.
 * Labels are found on the simplified text; values are cut from the text as written, so a branch
 * that writes traditional characters keeps its name as written.
 */
export function infoFromLine(line: string, info: BranchInfo): void {
  const written = [...line.normalize("NFKC")];
  const simplified = written.map((ch) => toSimplified(ch)).join("");
  const labels = [...simplified.matchAll(inlineLabel)];
  if (labels.length === 0) return;
  // Code-point offsets: the simplified text has the same characters in the same places.
  const toIndex = (utf16: number) => [...simplified.slice(0, utf16)].length;
  labels.forEach((match, i) => {
    const key = infoKeyOf(match[1] as string);
    if (!key) return;
    const start = toIndex((match.index ?? 0) + match[0].length);
    const end = i + 1 < labels.length ? toIndex(labels[i + 1]?.index ?? 0) : written.length;
    const value =
      written
        .slice(start, end)
        .join("")
        .split(/\s{2,}/)[0]
        ?.trim() ?? "";
    if (value) assignInfo(info, key, value);
  });
}

/* -------------------------------------------------------------- workbook -------------------------------------------------------------- */

export interface Extracted {
  views: SheetView[];
  table: { view: SheetView; table: LocatedTable<TaskField> } | null;
  projects: ProjectRow[];
  activities: ActivityRow[];
  landmark: LandmarkRow[];
  info: BranchInfo;
  date1904: boolean;
}

function locateAside<F extends string>(views: SheetView[], fields: Record<F, FieldSpec>, taken: Set<string>) {
  const found = locateTable(views, fields, taken);
  if (found) taken.add(found.view.name);
  return found;
}

export function extractBook(book: Book): Extracted {
  const date1904 = book.date1904 === true;
  const views = book.sheets.map((grid) => new SheetView(grid));
  const table = locateTable(views, taskFields);
  const taken = new Set(table ? [table.view.name] : []);
  const landmarkTable = locateAside(views, landmarkFields, taken);
  const activityTable = locateAside(views, activityFields, taken);

  const info: BranchInfo = { name: null, code: null, period: null };
  // Info sheets first (they are explicit), then title rows above the task table.
  for (const view of views) if (!taken.has(view.name)) infoFromSheet(view, date1904, info);
  if (table) {
    for (let row = 0; row < (table.table.headerRows[0] ?? 0); row++) {
      for (let col = 0; col < table.view.rowWidth(row); col++) {
        if (!table.view.isMergedAway(row, col)) infoFromLine(cellText(table.view.raw(row, col)), info);
      }
    }
  }

  return {
    views,
    table,
    projects: table ? extractProjects(table.view, table.table, date1904) : [],
    activities: activityTable
      ? extractSimple(activityTable.view, activityTable.table, date1904, ["activity", "score"])
      : [],
    landmark: landmarkTable
      ? extractSimple(landmarkTable.view, landmarkTable.table, date1904, ["standard"])
      : [],
    info,
    date1904,
  };
}
