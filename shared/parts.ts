/**
 * Which sheets make the list (docs/workbook.md, "Sheets"). Every sheet whose table is the list's
 * is part of it, read in sheet order (one sheet per star is common) — except sheets named or
 * titled by month (4月, 5月, 2023年6月), which are versions of one list: the one for the period
 * being reported is read. Hidden sheets count only when no visible sheet holds a list.
 */
import { compareIso, isoMonth } from "./dates.ts";
import { parseChineseNumber } from "./deadline.ts";
import type { SheetView } from "./grid.ts";
import { statedMonth } from "./info.ts";
import type { TaskField } from "./lexicon.ts";
import type { LocatedTable } from "./locate.ts";
import { cellText, toSimplified } from "./text.ts";

export interface Part {
  view: SheetView;
  table: LocatedTable<TaskField>;
}

export interface ListParts {
  parts: Part[];
  /** The month of the sheet read when the sheets are months (or one sheet's name states one). */
  month: string | null;
}

/** "6月", "6月份", "六月", "2023年6月", "2023-06": the month a sheet's name states, in `year` when it names none. */
export function sheetMonth(name: string, year: number): string | null {
  const full = statedMonth(name);
  if (full) return full;
  const match = /(?<![\d一二三四五六七八九十])(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月/.exec(
    toSimplified(name),
  );
  const month = match ? parseChineseNumber(match[1] as string) : null;
  return month !== null && month >= 1 && month <= 12 ? isoMonth(year, month) : null;
}

/** The month a title row above the table states (…重点任务清单（2023年6月）). */
function titleMonth(part: Part): string | null {
  const { view, table } = part;
  for (let row = 0; row < (table.headerRows[0] ?? 0); row++) {
    for (let col = 0; col < view.rowWidth(row); col++) {
      if (view.isMergedAway(row, col)) continue;
      const month = statedMonth(cellText(view.raw(row, col)));
      if (month) return month;
    }
  }
  return null;
}

function monthOf(part: Part, year: number): string | null {
  return statedMonth(part.view.name) ?? titleMonth(part) ?? sheetMonth(part.view.name, year);
}

/**
 * The tables that are the list's, hidden ones and every month's included: the best table (the
 * first of equals) and every other that finds again each column it found.
 */
export function listTables(found: Part[]): Part[] {
  const best = found.reduce<Part | null>((b, p) => (!b || p.table.score > b.table.score ? p : b), null);
  if (!best) return [];
  return found.filter((p) => p.table.missing.every((field) => best.table.missing.includes(field)));
}

/**
 * The tables that make the list. `period` is the period being reported (the workbook's or the
 * settings'); without one, the latest month not after the as-of date is read.
 */
export function listParts(found: Part[], wanted: { period: string | null; asOf: string }): ListParts {
  let parts = listTables(found);
  if (parts.length === 0) return { parts: [], month: null };
  const visible = parts.filter((p) => !p.view.hidden);
  if (visible.length > 0) parts = visible;

  const year = Number((wanted.period ?? wanted.asOf).slice(0, 4));
  const months = parts.map((p) => monthOf(p, year));
  const distinct = [...new Set(months.filter((m): m is string => m !== null))].sort(compareIso);
  if (distinct.length < 2) {
    const named = parts.length === 1 ? sheetMonth((parts[0] as Part).view.name, year) : null;
    return { parts, month: named };
  }
  const asOfMonth = wanted.asOf.slice(0, 7);
  const month =
    (wanted.period && distinct.includes(wanted.period) ? wanted.period : null) ??
    distinct.filter((m) => m <= asOfMonth).at(-1) ??
    (distinct[0] as string);
  return { parts: parts.filter((_, i) => months[i] === month), month };
}
