/**
 * Finding a table in a sheet the way staff lay it out: title rows first, then one or two header
 * rows, columns recognized by synonym. Better to take a header for data than data for a header:
 * a second header row is only accepted when a merged group label sits over it.
 */
import { columnLetters, type SheetView } from "./grid.ts";
import type { FieldSpec } from "./lexicon.ts";
import { cellText, normalizeText } from "./text.ts";

/** How far down a header may sit: title rows, notes and an info block rarely take more. */
const HEADER_SCAN_ROWS = 30;
/** Header labels are short; a long text is data, even when it mentions 目标 or 任务. */
const MAX_LABEL_LENGTH = 24;

const EXACT = 1000;
const CONTAINS = 500;
const KEY = 100;

export interface ColumnMatch<F extends string> {
  field: F;
  col: number;
  /** The header label as written (sub-label of a two-level header where there is one). */
  label: string;
  strength: number;
}

/** A sub-column of a field read by ticks: the one ticked (√) gives the field its value. */
export interface TickColumn {
  col: number;
  /** The sub-label as written (已完成), the value a tick in this column gives. */
  label: string;
}

export interface LocatedTable<F extends string> {
  sheet: string;
  /** 0-based header rows, top to bottom (one or two). */
  headerRows: number[];
  /** The first row after the header. */
  firstDataRow: number;
  columns: Partial<Record<F, ColumnMatch<F>>>;
  /** Columns that map to a field already taken by a stronger column. */
  duplicates: ColumnMatch<F>[];
  missing: F[];
  score: number;
  /** Fields drawn as sub-columns under their label (完成情况 → 已完成 | 推进中 | 未启动), read by their ticks. */
  ticks?: Partial<Record<F, TickColumn[]>>;
}

/** Sub-labels that make their group a ticked field: statuses under 完成情况, 是 | 否 under 是否完成. */
export type TickLabel = (label: string) => boolean;

/** How strongly a label names a field: equality beats containment beats key characters. */
export function matchStrength(label: string, spec: FieldSpec): number {
  return strengthOfNormalized(headerText(label), spec);
}

/** The comparable form of a header label; long texts are data, so they are not worth normalizing. */
function headerText(label: string): string {
  if (label.length > MAX_LABEL_LENGTH * 2) return "";
  const text = normalizeText(label);
  return text.length > MAX_LABEL_LENGTH ? "" : text;
}

function strengthOfNormalized(text: string, spec: FieldSpec): number {
  if (!text) return 0;
  let best = 0;
  for (const synonym of spec.synonyms) {
    if (text === synonym) return EXACT + synonym.length;
    if (text.includes(synonym)) best = Math.max(best, CONTAINS + synonym.length);
  }
  if (best) return best;
  for (const key of spec.keys) if (text.includes(key)) best = Math.max(best, KEY + key.length);
  return best;
}

/**
 * The first character of every synonym and key of a set of fields. Every match needs one of its
 * words inside the label, so a label holding none of these characters names no field: most cells
 * scanned for a header are data, and this turns them away before trying each word on them.
 */
const wordStarts = new WeakMap<object, Set<number>>();

function mayNameAField<F extends string>(text: string, fields: Record<F, FieldSpec>): boolean {
  let starts = wordStarts.get(fields);
  if (!starts) {
    const specs = Object.values(fields) as FieldSpec[];
    starts = new Set(specs.flatMap((spec) => [...spec.synonyms, ...spec.keys].map((w) => w.charCodeAt(0))));
    wordStarts.set(fields, starts);
  }
  for (let i = 0; i < text.length; i++) if (starts.has(text.charCodeAt(i))) return true;
  return false;
}

function bestField<F extends string>(
  label: string,
  fields: Record<F, FieldSpec>,
): { field: F; strength: number } | null {
  const text = headerText(label);
  if (!text || !mayNameAField(text, fields)) return null;
  let best: { field: F; strength: number } | null = null;
  for (const field of Object.keys(fields) as F[]) {
    const strength = strengthOfNormalized(text, fields[field]);
    if (strength > (best?.strength ?? 0)) best = { field, strength };
  }
  return best;
}

/**
 * A header cell's label. A label merged across columns in its own row names its first column only
 * (目标任务 over C:D is one column, not a duplicate); a label merged down repeats in every row.
 */
function labelAt(view: SheetView, row: number, col: number): string {
  const anchor = view.mergeAnchor(row, col);
  if (anchor && anchor.row === row) return "";
  return cellText(view.value(row, col));
}

/** Labels of a header candidate: one row, or a group row with sub-labels under its merged cells. */
function headerLabels(view: SheetView, rows: number[]): string[] {
  const labels: string[] = [];
  const width = Math.max(...rows.map((row) => view.rowWidth(row)));
  for (let col = 0; col < width; col++) {
    const texts = rows.map((row) => labelAt(view, row, col));
    // The sub-label names the column when there is one; a vertical merge repeats the group label.
    labels.push(texts.at(-1) || texts[0] || "");
  }
  return labels;
}

/**
 * In a two-row header, a group label merged over sub-labels that are all ticks (完成情况 over
 * 已完成 | 推进中 | 未启动) names one column: the group's label goes to its first sub-column, the
 * others are left unlabelled, and the sub-columns are returned to be read by their ticks.
 */
function tickGroups(
  view: SheetView,
  rows: number[],
  labels: string[],
  isTick: TickLabel,
): Map<number, TickColumn[]> {
  const groups = new Map<number, TickColumn[]>();
  if (rows.length < 2) return groups;
  const [top, sub] = rows as [number, number];
  for (let col = 0; col < labels.length; col++) {
    const merge = view.mergeAt(top, col);
    if (!merge || merge.bottom !== top || merge.right === merge.left) continue;
    const group = cellText(view.raw(top, col));
    const subs: TickColumn[] = [];
    for (let c = merge.left; c <= merge.right; c++)
      subs.push({ col: c, label: cellText(view.value(sub, c)) });
    if (!group || subs.some((t) => !t.label || !isTick(t.label))) continue;
    for (let c = merge.left; c <= merge.right; c++) labels[c] = c === merge.left ? group : "";
    groups.set(merge.left, subs);
  }
  return groups;
}

function assignColumns<F extends string>(
  labels: string[],
  fields: Record<F, FieldSpec>,
): Pick<LocatedTable<F>, "columns" | "duplicates"> {
  const candidates: ColumnMatch<F>[] = [];
  labels.forEach((label, col) => {
    const best = label ? bestField(label, fields) : null;
    if (best) candidates.push({ field: best.field, col, label, strength: best.strength });
  });
  // Strongest first, leftmost on ties, so 完成情况 (exact) beats 完成情况说明 (containment).
  candidates.sort((a, b) => b.strength - a.strength || a.col - b.col);
  const columns: Partial<Record<F, ColumnMatch<F>>> = {};
  const duplicates: ColumnMatch<F>[] = [];
  for (const match of candidates) {
    if (columns[match.field]) duplicates.push(match);
    else columns[match.field] = match;
  }
  duplicates.sort((a, b) => a.col - b.col);
  return { columns, duplicates };
}

function tableScore<F extends string>(
  columns: Partial<Record<F, ColumnMatch<F>>>,
  fields: Record<F, FieldSpec>,
): number {
  let score = 0;
  for (const field of Object.keys(columns) as F[]) score += fields[field].required ? 3 : 1;
  return score;
}

/**
 * A row sits under a group label when a short label above it is merged across some of its columns
 * (完成情况 over 进展状态 | 进度 | 佐证资料) but not down into it. A title merged across the whole
 * table is not a group label, however short.
 */
function hasGroupLabelAbove(view: SheetView, row: number): boolean {
  let filled = 0;
  const width = Math.max(view.rowWidth(row), view.rowWidth(row - 1));
  for (let col = 0; col < width; col++) {
    if (cellText(view.value(row, col)) || cellText(view.value(row - 1, col))) filled++;
  }
  for (let col = 0; col < width; col++) {
    const merge = view.mergeAt(row - 1, col);
    if (!merge || merge.right === merge.left || merge.bottom !== row - 1) continue;
    const width = merge.right - merge.left + 1;
    if (width >= filled || !headerText(cellText(view.raw(row - 1, col)))) continue;
    for (let c = merge.left; c <= merge.right; c++) if (cellText(view.raw(row, c))) return true;
  }
  return false;
}

function requiredCount<F extends string>(
  columns: Partial<Record<F, ColumnMatch<F>>>,
  fields: Record<F, FieldSpec>,
) {
  return (Object.keys(columns) as F[]).filter((f) => fields[f].required).length;
}

/**
 * The best header in one sheet, or null when nothing there looks like the table.
 * A table needs at least two of its required columns to be recognized at all.
 */
export function locateInSheet<F extends string>(
  view: SheetView,
  fields: Record<F, FieldSpec>,
  isTick?: TickLabel,
): LocatedTable<F> | null {
  let best: LocatedTable<F> | null = null;
  const lastRow = Math.min(view.rowCount, HEADER_SCAN_ROWS);
  for (let row = 0; row < lastRow; row++) {
    const shapes = [[row]];
    if (row + 1 < view.rowCount && hasGroupLabelAbove(view, row + 1)) shapes.push([row, row + 1]);
    for (const headerRows of shapes) {
      const labels = headerLabels(view, headerRows);
      const groups = isTick ? tickGroups(view, headerRows, labels, isTick) : new Map<number, TickColumn[]>();
      const { columns, duplicates } = assignColumns(labels, fields);
      if (requiredCount(columns, fields) < 2) continue;
      const score = tableScore(columns, fields);
      // Strictly better only: the earlier, shorter header wins ties — unless the shorter one's
      // labels are merged down into the row below, which makes that row part of the header.
      const better =
        !best ||
        score > best.score ||
        (score === best.score && headerRows.length === 2 && mergedDown(view, row, columns));
      if (better) {
        const missing = (Object.keys(fields) as F[]).filter((f) => fields[f].required && !columns[f]);
        const firstDataRow = belowHeader(view, headerRows, columns);
        best = { sheet: view.name, headerRows, firstDataRow, columns, duplicates, missing, score };
        const ticks = ticksOf(columns, groups);
        if (ticks) best.ticks = ticks;
      }
    }
  }
  return best;
}

function ticksOf<F extends string>(
  columns: Partial<Record<F, ColumnMatch<F>>>,
  groups: Map<number, TickColumn[]>,
): Partial<Record<F, TickColumn[]>> | undefined {
  let ticks: Partial<Record<F, TickColumn[]>> | undefined;
  for (const match of Object.values(columns) as ColumnMatch<F>[]) {
    const group = groups.get(match.col);
    if (!group) continue;
    ticks ??= {};
    ticks[match.field] = group;
  }
  return ticks;
}

/** Whether a field's label in this row is merged down into the next one (序号 over two rows). */
function mergedDown<F extends string>(
  view: SheetView,
  row: number,
  columns: Partial<Record<F, ColumnMatch<F>>>,
): boolean {
  return (Object.values(columns) as ColumnMatch<F>[]).some(
    (m) => (view.mergeAt(row, m.col)?.bottom ?? row) > row,
  );
}

/** The first row of data: after the header rows and after any header label merged further down. */
function belowHeader<F extends string>(
  view: SheetView,
  headerRows: number[],
  columns: Partial<Record<F, ColumnMatch<F>>>,
): number {
  const last = headerRows.at(-1) as number;
  let bottom = last;
  for (const match of Object.values(columns) as ColumnMatch<F>[]) {
    const anchor = view.anchor(last, match.col);
    if (anchor.row < (headerRows[0] as number)) continue;
    const merge = view.mergeAt(anchor.row, anchor.col);
    // A label merged down one row further is a header over two rows; further than that is data.
    if (merge && merge.bottom === last + 1) bottom = Math.max(bottom, merge.bottom);
  }
  return bottom + 1;
}

/** The sheet whose table matches best; ties go to the first sheet. */
export function locateTable<F extends string>(
  views: SheetView[],
  fields: Record<F, FieldSpec>,
  skip: ReadonlySet<string> = new Set(),
): { view: SheetView; table: LocatedTable<F> } | null {
  let best: { view: SheetView; table: LocatedTable<F> } | null = null;
  for (const found of locateTables(views, fields, undefined, skip)) {
    if (!best || found.table.score > best.table.score) best = found;
  }
  return best;
}

/** Every sheet's table, in sheet order. */
export function locateTables<F extends string>(
  views: SheetView[],
  fields: Record<F, FieldSpec>,
  isTick?: TickLabel,
  skip: ReadonlySet<string> = new Set(),
): { view: SheetView; table: LocatedTable<F> }[] {
  const found: { view: SheetView; table: LocatedTable<F> }[] = [];
  for (const view of views) {
    if (skip.has(view.name)) continue;
    const table = locateInSheet(view, fields, isTick);
    if (table) found.push({ view, table });
  }
  return found;
}

/** The columns as the report shows them: field → column letter and label. */
export function describeColumns<F extends string>(
  table: LocatedTable<F>,
): Partial<Record<F, { column: string; label: string }>> {
  const out: Partial<Record<F, { column: string; label: string }>> = {};
  for (const [field, match] of Object.entries(table.columns) as [F, ColumnMatch<F>][]) {
    out[field] = { column: columnLetters(match.col), label: match.label };
  }
  return out;
}
