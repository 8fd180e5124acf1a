/**
 * Cell lists as the compact address strings Worksheet.getRanges takes. Neighbouring cells of one
 * column become one area (E6:E9), and the list is cut into chunks Excel accepts: getRanges rejects
 * long address strings with InvalidArgument — reports put the limit near 8,192 characters and
 * sometimes lower for many areas (OfficeDev/office-js#5198) — so chunks stay well inside both.
 */
import { type Area, areaAddress, parseAddress, parseArea } from "../../shared/grid.ts";

export const MAX_ADDRESS_CHARS = 4_000;
export const MAX_AREAS = 400;

export interface Cell {
  row: number;
  col: number;
}

/** "E6" → cell; null for anything that is not a single cell address. */
export function cellOf(address: string): Cell | null {
  return parseAddress(address);
}

/** Cells → areas, joining vertical runs in each column (task lists fail down a column). */
export function compact(cells: readonly Cell[]): Area[] {
  const sorted = [...cells].sort((a, b) => a.col - b.col || a.row - b.row);
  const areas: Area[] = [];
  let run: Area | null = null;
  for (const { row, col } of sorted) {
    if (run && run.left === col && run.bottom + 1 === row) {
      run.bottom = row;
      continue;
    }
    if (run && run.left === col && run.bottom === row) continue; // the same cell twice
    run = { top: row, left: col, bottom: row, right: col };
    areas.push(run);
  }
  return areas;
}

/** Areas → getRanges address strings, each within the length and area limits. */
export function chunkAddresses(
  areas: readonly Area[],
  maxChars = MAX_ADDRESS_CHARS,
  maxAreas = MAX_AREAS,
): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const area of areas) {
    const address = areaAddress(area);
    if (current.length > 0 && (length + 1 + address.length > maxChars || current.length >= maxAreas)) {
      chunks.push(current.join(","));
      current = [];
      length = 0;
    }
    current.push(address);
    length += (current.length > 1 ? 1 : 0) + address.length;
  }
  if (current.length > 0) chunks.push(current.join(","));
  return chunks;
}

/** "E6:E9,B3" → every cell, in order. */
export function expand(addresses: string): Cell[] {
  const cells: Cell[] = [];
  for (const part of addresses.split(",")) {
    const area = parseArea(part.trim());
    if (!area) continue;
    for (let r = area.top; r <= area.bottom; r++)
      for (let c = area.left; c <= area.right; c++) cells.push({ row: r, col: c });
  }
  return cells;
}

export function cellKey(cell: Cell): string {
  return `${cell.row},${cell.col}`;
}
