/**
 * From located tables to source rows: every value the rules will look at, as read, and where it
 * was read. These rows are what a submission carries, so the server can run the very same rules.
 */
import { type Book, cellAddress, columnLetters, SheetView } from "./grid.ts";
import { type BranchInfo, fileTitle, infoFromLine, infoFromSheet, infoFromTitle } from "./info.ts";
import {
  type ActivityField,
  activityFields,
  type FieldSpec,
  type LandmarkField,
  landmarkFields,
  noteRowPrefixes,
  type TaskField,
  taskFields,
  tickAnswers,
  tickMarks,
} from "./lexicon.ts";
import { type LocatedTable, locateTable, locateTables, type TickColumn } from "./locate.ts";
import { listParts, listTables, type Part } from "./parts.ts";
import { readScalar, type Scalar } from "./scalar.ts";
import { contextStar, type StarSource, sectionRow, settleStarColumn } from "./stars.ts";
import { cellText, normalizeText } from "./text.ts";
import { parseStatus } from "./values.ts";

export type { BranchInfo } from "./info.ts";
export type { Scalar } from "./scalar.ts";
export { categoryOf } from "./stars.ts";

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

/**
 * Columns recognized only so that they are not taken for others (序号, 备注, 自评得分): no rule
 * reads them, so rows and submissions leave them out.
 */
const recognizedOnly: ReadonlySet<string> = new Set(["index", "note", "selfScore"]);

interface ColumnPlan<F extends string> {
  list: { field: F; col: number; ticks?: TickColumn[] }[];
  letters: Partial<Record<F, string>>;
}

/** The table's columns, resolved once per table rather than once per row. */
function columnPlan<F extends string>(table: LocatedTable<F>): ColumnPlan<F> {
  const list = (Object.entries(table.columns) as [F, { col: number }][])
    .filter(([field]) => !recognizedOnly.has(field))
    .map(([field, match]) => {
      const ticks = table.ticks?.[field];
      return ticks ? { field, col: match.col, ticks } : { field, col: match.col };
    });
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
  for (const { field, col, ticks } of columns.list) {
    if (ticks) {
      const ticked = readTicks(view, row, ticks);
      values[field] = ticked.value;
      if (ticked.cell) {
        at ??= {};
        at[field] = ticked.cell;
      }
      continue;
    }
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

const ticks = new Set(tickMarks);

/**
 * A field drawn as ticked sub-columns: the value is the ticked column's label (已完成), or what its
 * answer means (是 → 已完成). Nothing ticked is a blank; several ticked are all given, so the
 * rules report a status they cannot read rather than pick one.
 */
function readTicks(
  view: SheetView,
  row: number,
  columns: TickColumn[],
): { value: Scalar; cell: string | null } {
  const ticked = columns.filter((t) => ticks.has(normalizeText(cellText(view.value(row, t.col)))));
  const first = ticked[0];
  if (!first) return { value: null, cell: null };
  const cell = cellAddress(row, first.col);
  if (ticked.length > 1) return { value: ticked.map((t) => t.label).join("、"), cell };
  const answer = tickAnswers[normalizeText(first.label)];
  return { value: answer === undefined ? first.label : answer, cell };
}

/** A sub-label that a tick can choose: a status (已完成), or an answer under one (是 | 否). */
export function isStatusTick(label: string): boolean {
  const status = parseStatus(label);
  return (status !== null && status !== "blank") || normalizeText(label) in tickAnswers;
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

function hasAny<F extends string>(row: SourceRow<F>, fields: F[]): boolean {
  return fields.some((f) => row.values[f] !== null && row.values[f] !== undefined);
}

/**
 * Where a blank category ("same as above") takes its value from: the last row or section heading
 * that named one, else the table's title or sheet name. A row is kept as is, so that rows naming
 * their own category cost nothing more.
 */
type CategorySource = ProjectRow | StarSource;

function categoryFrom(source: CategorySource, row: ProjectRow): { cell: string; value: Scalar } {
  if (!("values" in source)) {
    // A sheet's name has no cell: the finding, if any, goes where the project is named.
    const cell = source.cell ?? cellOf(row, "name") ?? `${Object.values(row.columns)[0] ?? "A"}${row.row}`;
    return { cell, value: source.value };
  }
  return { cell: cellOf(source, "category") as string, value: source.values.category ?? null };
}

/**
 * Project rows of one task table: blank, note and total rows skipped; a project's star from its
 * own cell, else the nearest section row above, else the table's title or sheet name.
 */
export function extractProjects(
  view: SheetView,
  table: LocatedTable<TaskField>,
  date1904: boolean,
): ProjectRow[] {
  const rows: ProjectRow[] = [];
  let carried: CategorySource | null = contextStar(view, table);
  const columns = columnPlan(table);
  for (let row = table.firstDataRow; row < view.rowCount; row++) {
    if (view.rowWidth(row) === 0 || isNoteRow(view, row)) continue;
    const section = sectionRow(view, table, row);
    if (section !== null) {
      carried = section.star ?? carried;
      continue;
    }
    const source = readRow(view, columns, row, date1904);
    if (!hasAny(source, ["name", "target", "owner"])) continue;
    if (table.columns.category || carried) {
      const own = source.values.category;
      if (own !== null && own !== undefined) carried = source;
      else if (carried) {
        const { cell, value } = categoryFrom(carried, source);
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

/* -------------------------------------------------------------- workbook -------------------------------------------------------------- */

export interface Extracted {
  views: SheetView[];
  /** The task tables read, in sheet order: one, or one per star sheet; none when no sheet holds one. */
  tables: Part[];
  projects: ProjectRow[];
  activities: ActivityRow[];
  landmark: LandmarkRow[];
  info: BranchInfo;
  /** Where the branch and period were looked for: the sheets read for them, and the file name. */
  looked: { sheets: string[]; file: string | null };
  date1904: boolean;
}

export interface ExtractOptions {
  asOf: string;
  /** The period being reported, from settings: it picks the month's sheet when sheets are months. */
  period?: string | null;
}

function locateAside<F extends string>(views: SheetView[], fields: Record<F, FieldSpec>, taken: Set<string>) {
  const found = locateTable(views, fields, taken);
  if (found) taken.add(found.view.name);
  return found;
}

/** Every cell of the rows above a table's header, as written (merged cells once). */
function titleTexts(part: Part): string[] {
  const { view, table } = part;
  const texts: string[] = [];
  for (let row = 0; row < (table.headerRows[0] ?? 0); row++) {
    for (let col = 0; col < view.rowWidth(row); col++) {
      const text = view.isMergedAway(row, col) ? "" : cellText(view.raw(row, col));
      if (text) texts.push(text);
    }
  }
  return texts;
}

export function extractBook(book: Book, options: ExtractOptions): Extracted {
  const date1904 = book.date1904 === true;
  const views = book.sheets.map((grid) => new SheetView(grid));
  const found = locateTables(views, taskFields, isStatusTick).map((part) => ({
    ...part,
    table: settleStarColumn(part.view, part.table),
  }));
  const taken = new Set(listTables(found).map((part) => part.view.name));
  const landmarkTable = locateAside(views, landmarkFields, taken);
  const activityTable = locateAside(views, activityFields, taken);

  const info: BranchInfo = { name: null, code: null, period: null };
  // Info sheets first (they are explicit), then what the list's own sheets say above their tables.
  const infoSheets = views.filter((view) => !taken.has(view.name));
  for (const view of infoSheets) infoFromSheet(view, date1904, info);
  const { parts, month } = listParts(found, { period: options.period ?? info.period, asOf: options.asOf });
  for (const part of parts) {
    for (const text of titleTexts(part)) infoFromLine(text, info);
    infoFromSheet(part.view, date1904, info, part.table.headerRows[0] ?? 0);
  }
  if (!info.period && month) info.period = month;
  for (const part of parts) for (const text of titleTexts(part)) infoFromTitle(text, info);
  if (book.fileName) infoFromTitle(fileTitle(book.fileName), info);

  return {
    views,
    tables: parts,
    projects: parts.flatMap((part) => extractProjects(part.view, part.table, date1904)),
    activities: activityTable
      ? extractSimple(activityTable.view, activityTable.table, date1904, ["activity", "score"])
      : [],
    landmark: landmarkTable
      ? extractSimple(landmarkTable.view, landmarkTable.table, date1904, ["standard"])
      : [],
    info,
    looked: {
      sheets: [...infoSheets, ...parts.map((p) => p.view)].map((v) => v.name),
      file: book.fileName ?? null,
    },
    date1904,
  };
}
