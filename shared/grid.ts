/**
 * The core's input: one Grid per sheet, as a host (Office.js, ExcelJS) gives it.
 * Hosts differ in how they hand over dates — ExcelJS gives Date objects, Office.js gives
 * serial numbers with a date number format — so a Grid carries both values and formats and
 * the core decides what is a date.
 */

/** An Excel error such as #N/A or #REF!, kept apart from text that merely looks like one. */
export interface CellError {
  error: string;
}

export type CellValue = string | number | boolean | Date | CellError | null;

/** A rectangle of cells, 0-based, inclusive, in sheet coordinates (A1 is row 0, column 0). */
export interface Area {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface Grid {
  name: string;
  /** values[r][c] is the cell at sheet row origin.row + r, column origin.col + c. Rows may be ragged. */
  values: CellValue[][];
  /** Number formats in the same shape as values (missing rows or cells mean "General"). */
  formats?: (string | null | undefined)[][];
  /** Where values[0][0] sits in the sheet; A1 when absent (Office.js used ranges may start elsewhere). */
  origin?: { row: number; col: number };
  merges: Area[];
  /** Hidden (or very hidden) in the workbook: read only when no visible sheet holds a list. */
  hidden?: boolean;
}

export interface Book {
  sheets: Grid[];
  /** The workbook uses the 1904 date system (serial 0 is 1904-01-01). */
  date1904?: boolean;
  /** The workbook's file name as the user sees it (附件2-…2023年6月重点任务清单.xlsx), when the host knows it. */
  fileName?: string;
}

export function isCellError(value: unknown): value is CellError {
  return typeof value === "object" && value !== null && !(value instanceof Date) && "error" in value;
}

/** "A", "B", … "Z", "AA" for a 0-based column. */
export function columnLetters(col: number): string {
  let letters = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** A1 address for a 0-based row and column. */
export function cellAddress(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

/** Parses "B7" (or "$B$7") into 0-based row and column; null when it is not an address. */
export function parseAddress(address: string): { row: number; col: number } | null {
  const match = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/i.exec(address.trim());
  if (!match) return null;
  let col = 0;
  for (const ch of (match[1] as string).toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(match[2]) - 1, col: col - 1 };
}

/** Parses "A1:C3" (or a single cell) into an Area. */
export function parseArea(ref: string): Area | null {
  const [from, to = from] = ref.split(":");
  const a = from ? parseAddress(from) : null;
  const b = to ? parseAddress(to) : null;
  if (!a || !b) return null;
  return {
    top: Math.min(a.row, b.row),
    left: Math.min(a.col, b.col),
    bottom: Math.max(a.row, b.row),
    right: Math.max(a.col, b.col),
  };
}

export function areaAddress(area: Area): string {
  const from = cellAddress(area.top, area.left);
  const to = cellAddress(area.bottom, area.right);
  return from === to ? from : `${from}:${to}`;
}

/** Past this many cells a merge is not indexed cell by cell. */
const BIG_MERGE_CELLS = 1 << 16;

/**
 * A Grid seen in sheet coordinates, with every merged cell reading as its top-left cell.
 * Built once per sheet; lookups are O(1).
 */
export class SheetView {
  readonly name: string;
  readonly hidden: boolean;
  readonly rowCount: number;
  readonly colCount: number;
  private readonly grid: Grid;
  private readonly originRow: number;
  private readonly originCol: number;
  /** key row*colSpan+col → the merge's top-left, for merged cells other than the top-left itself. */
  private readonly mergedInto = new Map<number, { row: number; col: number }>();
  private readonly mergeTopLefts = new Map<number, Area>();
  private readonly stride: number;
  /** Rows that any merge touches; the rest skip the map lookups (most rows of a long list). */
  private readonly mergedRows: Uint8Array;
  /** Per row, how far right a merge reaches (0 when none): with the row's own cells, its width. */
  private readonly mergeWidths: Int32Array;
  /** Merges too large to index cell by cell (a whole column merged): looked up by scanning. */
  private readonly bigMerges: Area[] = [];

  constructor(grid: Grid) {
    this.grid = grid;
    this.name = grid.name;
    this.hidden = grid.hidden === true;
    this.originRow = grid.origin?.row ?? 0;
    this.originCol = grid.origin?.col ?? 0;
    let width = 0;
    for (const row of grid.values) if (row && row.length > width) width = row.length;
    this.rowCount = this.originRow + grid.values.length;
    this.colCount = this.originCol + width;
    this.stride = Math.max(this.colCount, 1) + 1;
    this.mergedRows = new Uint8Array(this.rowCount);
    this.mergeWidths = new Int32Array(this.rowCount);
    for (const area of grid.merges) this.addMerge(area);
  }

  private addMerge(area: Area): void {
    // Merges are clipped to the used range: a merge over 16,384 empty columns costs nothing.
    const bottom = Math.min(area.bottom, this.rowCount - 1);
    const right = Math.min(area.right, this.colCount - 1);
    if (area.top < 0 || area.left < 0 || bottom < area.top || right < area.left) return;
    const clipped = { top: area.top, left: area.left, bottom, right };
    this.mergeTopLefts.set(this.key(area.top, area.left), clipped);
    const big = (bottom - area.top + 1) * (right - area.left + 1) > BIG_MERGE_CELLS;
    if (big) this.bigMerges.push(clipped);
    for (let r = area.top; r <= bottom; r++) {
      this.mergedRows[r] = 1;
      this.mergeWidths[r] = Math.max(this.mergeWidths[r] ?? 0, right + 1);
      if (big) continue;
      for (let c = area.left; c <= right; c++) {
        if (r !== area.top || c !== area.left)
          this.mergedInto.set(this.key(r, c), { row: area.top, col: area.left });
      }
    }
  }

  private bigMergeAnchor(row: number, col: number): { row: number; col: number } | undefined {
    for (const m of this.bigMerges) {
      if (
        row >= m.top &&
        row <= m.bottom &&
        col >= m.left &&
        col <= m.right &&
        (row !== m.top || col !== m.left)
      ) {
        return { row: m.top, col: m.left };
      }
    }
    return undefined;
  }

  /**
   * How many columns of this row can hold a value: its own cells and any merge across it. Loops
   * over a row stop here, so one stray cell at XFD1048576 does not make every row 16,384 wide.
   */
  rowWidth(row: number): number {
    const own = this.originCol + (this.grid.values[row - this.originRow]?.length ?? 0);
    return Math.max(own, this.mergeWidths[row] ?? 0);
  }

  private key(row: number, col: number): number {
    return row * this.stride + col;
  }

  /** The value as stored in this very cell (no merge fill). */
  raw(row: number, col: number): CellValue {
    const line = this.grid.values[row - this.originRow];
    return line?.[col - this.originCol] ?? null;
  }

  format(row: number, col: number): string | null {
    return this.grid.formats?.[row - this.originRow]?.[col - this.originCol] ?? null;
  }

  /** The cell a merged cell takes its value from (itself when not merged). */
  anchor(row: number, col: number): { row: number; col: number } {
    return this.mergeAnchor(row, col) ?? { row, col };
  }

  /** The top-left of the merge that covers this cell, or undefined when none does (no allocation). */
  mergeAnchor(row: number, col: number): { row: number; col: number } | undefined {
    if (!this.mergedRows[row]) return undefined;
    return (
      this.mergedInto.get(this.key(row, col)) ??
      (this.bigMerges.length ? this.bigMergeAnchor(row, col) : undefined)
    );
  }

  /** The value with merges filled from their top-left cell. */
  value(row: number, col: number): CellValue {
    if (!this.mergedRows[row]) return this.raw(row, col);
    const a = this.anchor(row, col);
    return this.raw(a.row, a.col);
  }

  /** The number format with merges filled from their top-left cell. */
  formatAt(row: number, col: number): string | null {
    if (!this.mergedRows[row]) return this.format(row, col);
    const a = this.anchor(row, col);
    return this.format(a.row, a.col);
  }

  /** The merged area whose top-left is this cell, if any. */
  mergeAt(row: number, col: number): Area | undefined {
    return this.mergedRows[row] ? this.mergeTopLefts.get(this.key(row, col)) : undefined;
  }

  isMergedAway(row: number, col: number): boolean {
    return this.mergeAnchor(row, col) !== undefined;
  }
}
