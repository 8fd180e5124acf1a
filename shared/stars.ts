/**
 * A project's star from its context (docs/workbook.md, "Stars"), in this order: its own star cell
 * (carried down under a blank), the nearest section row above it, its table's title, its sheet's
 * name. And which column is the star column: the one whose values are stars, whatever its header.
 */
import { type Area, cellAddress, type SheetView } from "./grid.ts";
import { type Star, starKeys, starNames, type TaskField, taskFields } from "./lexicon.ts";
import type { ColumnMatch, LocatedTable } from "./locate.ts";
import type { Scalar } from "./scalar.ts";
import { cellText, normalizeText } from "./text.ts";

const starKeyList = Object.entries(starKeys) as [Star, readonly string[]][];
const starNameList = Object.entries(starNames) as [Star, readonly string[]][];

/** A star cell's star: text containing 模范 / 服务 / 先锋 (either script), as docs/workbook.md reads a star. */
export function categoryOf(text: Scalar): Star | null {
  if (typeof text !== "string") return null;
  const normalized = normalizeText(text);
  for (const [star, keys] of starKeyList) {
    for (const key of keys) if (normalized.includes(key)) return star;
  }
  return null;
}

/** Text that names a star as a star (创建“模范星”, model star), not one that only mentions 服务. */
export function namesStar(text: string): Star | null {
  const normalized = normalizeText(text);
  for (const [star, names] of starNameList) {
    for (const name of names) if (normalized.includes(name)) return star;
  }
  return null;
}

/** Where a star carried onto rows that name none was written; cell null for a sheet's name. */
export interface StarSource {
  cell: string | null;
  value: string;
}

/** 一、 （一） 1. 1、 Ⅰ. — the numbering a section row may start with. */
const numbering =
  /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|[ⅠⅡⅢ][、.．]?)/;
/** A section row says which star; a longer text is a project, even when it names one. */
const MAX_SECTION_LENGTH = 30;

function fieldsWithin(table: LocatedTable<TaskField>, merge: Area): number {
  return (Object.values(table.columns) as ColumnMatch<TaskField>[]).filter(
    (m) => m.col >= merge.left && m.col <= merge.right,
  ).length;
}

/**
 * A section row: its only text is one cell (merged or not). Merged across several columns, as the
 * template draws it, it is a heading whatever it says, and gives its star when it names one. Typed
 * alone in one cell, as most people do, it is a heading only when it names a star: 一、创建“模范星”,
 * 服务星, or a numbered 二、服务 — never a bare project name.
 */
export function sectionRow(
  view: SheetView,
  table: LocatedTable<TaskField>,
  row: number,
): { star: StarSource | null } | null {
  let only: { row: number; col: number } | null = null;
  const width = view.rowWidth(row);
  for (let col = 0; col < width; col++) {
    if (view.value(row, col) === null || !cellText(view.value(row, col))) continue;
    const anchor = view.anchor(row, col);
    if (only && (only.row !== anchor.row || only.col !== anchor.col)) return null;
    only = anchor;
  }
  if (!only) return null;
  const text = cellText(view.raw(only.row, only.col));
  const source = { cell: cellAddress(only.row, only.col), value: text };
  const merge = view.mergeAt(only.row, only.col);
  if (merge && merge.right > merge.left && fieldsWithin(table, merge) > 1) {
    return { star: categoryOf(text) ? source : null };
  }
  if (text.length > MAX_SECTION_LENGTH) return null;
  const star = namesStar(text) ?? (numbering.test(text) ? categoryOf(text) : null);
  return star ? { star: source } : null;
}

/** The star a table's title rows, or else its sheet's name, give the projects that name none. */
export function contextStar(view: SheetView, table: LocatedTable<TaskField>): StarSource | null {
  const headerTop = table.headerRows[0] ?? 0;
  for (let row = 0; row < headerTop; row++) {
    for (let col = 0; col < view.rowWidth(row); col++) {
      if (view.isMergedAway(row, col)) continue;
      const text = cellText(view.raw(row, col));
      if (text && namesStar(text)) return { cell: cellAddress(row, col), value: text };
    }
  }
  return categoryOf(view.name) ? { cell: null, value: view.name } : null;
}

/** How many rows a column is sampled over to tell what it holds. */
const SAMPLE_ROWS = 500;

/** The share of a column's filled cells (a merge counted once) that are stars; null when none is filled. */
function starShare(view: SheetView, table: LocatedTable<TaskField>, col: number): number | null {
  let stars = 0;
  let texts = 0;
  const last = Math.min(view.rowCount, table.firstDataRow + SAMPLE_ROWS);
  for (let row = table.firstDataRow; row < last; row++) {
    if (view.isMergedAway(row, col)) continue;
    const text = cellText(view.raw(row, col));
    if (!text) continue;
    texts++;
    if (categoryOf(text)) stars++;
  }
  return texts ? stars / texts : null;
}

/** Nearly all of a star column's values are stars; a name column holds a few that mention one. */
const STAR_COLUMN_SHARE = 0.9;

function withColumns(
  table: LocatedTable<TaskField>,
  columns: LocatedTable<TaskField>["columns"],
  duplicates: ColumnMatch<TaskField>[],
): LocatedTable<TaskField> {
  const missing = (Object.keys(taskFields) as TaskField[]).filter(
    (f) => taskFields[f].required && !columns[f],
  );
  return { ...table, columns, duplicates, missing };
}

/**
 * Header words that can head a star column or a name column (任务, 重点任务) are decided by what
 * the column holds: a column whose values are the stars is the star column, one under a star
 * header that holds no stars is the name column when the table has none.
 */
export function settleStarColumn(view: SheetView, table: LocatedTable<TaskField>): LocatedTable<TaskField> {
  const { columns, duplicates } = table;
  if (columns.category) {
    if (columns.name || (starShare(view, table, columns.category.col) ?? 1) >= 0.5) return table;
    const { category, ...rest } = columns;
    return withColumns(table, { ...rest, name: { ...category, field: "name" } }, duplicates);
  }
  const headerRow = table.headerRows.at(-1) ?? 0;
  const others = new Set(
    (Object.values(columns) as ColumnMatch<TaskField>[]).filter((m) => m.field !== "name").map((m) => m.col),
  );
  const width = view.rowWidth(headerRow);
  for (let col = 0; col < width; col++) {
    if (others.has(col)) continue;
    const isName = columns.name?.col === col;
    // The name column is taken for stars only when another column can name the projects.
    const nextName = duplicates.find((d) => d.field === "name" && d.col !== col);
    if (isName && !nextName) continue;
    if ((starShare(view, table, col) ?? 0) < STAR_COLUMN_SHARE) continue;
    const label = cellText(view.value(headerRow, col));
    const category: ColumnMatch<TaskField> = { field: "category", col, label, strength: 0 };
    const name = isName ? nextName : columns.name;
    const kept = duplicates.filter((d) => d.col !== col && d !== name);
    const settled: LocatedTable<TaskField>["columns"] = { ...columns, category };
    if (name) settled.name = { ...name, field: "name" };
    else delete settled.name;
    return withColumns(table, settled, kept);
  }
  return table;
}
