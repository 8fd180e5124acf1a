/**
 * The document behind the simulated host: what Excel itself holds. Proxies never touch it
 * directly; their queued loads and writes reach it only inside `context.sync()`.
 * Plain TypeScript with no Node APIs, so a browser test page can bundle it.
 */
import { type Area, areaAddress, parseAddress, parseArea } from "../../../shared/grid.ts";

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

export interface FakeFill {
  /** #RRGGBB, upper case as Excel reports it. */
  color: string;
  pattern?: string;
  patternColor?: string;
}

export interface FakeFont {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  color?: string;
  name?: string;
}

/** One stored cell; absent fields mean Excel's defaults (empty, General, no fill). */
export interface FakeCell {
  value?: string | number | boolean;
  /** An error value such as #N/A (Office.js reports it as that text in `values`). */
  error?: string;
  formula?: string;
  format?: string;
  fill?: FakeFill;
  font?: FakeFont;
}

export interface FakeValidation {
  area: Area;
  rule?: unknown;
  errorAlert?: unknown;
  prompt?: unknown;
  ignoreBlanks?: boolean;
}

/** A format write the model does not interpret (alignment, borders, …), kept for assertions. */
export interface FormatWrite {
  address: string;
  property: string;
  value: unknown;
}

export type SheetVisibility = "Visible" | "Hidden" | "VeryHidden";

let nextId = 1;
export function newSheetId(): string {
  const n = (nextId++).toString(16).toUpperCase().padStart(12, "0");
  return `{00000000-0001-0000-0000-${n}}`;
}

function key(row: number, col: number): number {
  return row * MAX_COLUMNS + col;
}

export function normalizeColor(color: string): string {
  const hex = /^#?([0-9a-f]{6})$/i.exec(color.trim());
  if (hex) return `#${(hex[1] as string).toUpperCase()}`;
  const named: Record<string, string> = {
    white: "#FFFFFF",
    black: "#000000",
    red: "#FF0000",
    yellow: "#FFFF00",
    green: "#008000",
    blue: "#0000FF",
    orange: "#FFA500",
  };
  return named[color.trim().toLowerCase()] ?? color;
}

export class FakeSheet {
  /** Not stable: Excel gives a sheet another id when the file is opened again (office-js#1390). */
  id: string;
  name: string;
  /** Sheet protection on (Review → Protect Sheet): Excel refuses writes with AccessDenied. */
  protected = false;
  visibility: SheetVisibility = "Visible";
  readonly cells = new Map<number, FakeCell>();
  merges: Area[] = [];
  validations: FakeValidation[] = [];
  /**
   * Conditional formats with a fill. Excel draws their fill over the cell's own, and RangeFill and
   * getCellProperties still report the cell's own fill.
   */
  conditionalFormats: { area: Area; fill: string }[] = [];
  readonly columnWidths = new Map<number, number>();
  readonly rowHeights = new Map<number, number>();
  readonly formatWrites: FormatWrite[] = [];
  frozenRows = 0;
  /** The selection Excel remembers for this sheet, shown again when it is activated. */
  selection = "A1";

  constructor(name: string, id = newSheetId()) {
    this.name = name;
    this.id = id;
  }

  cell(row: number, col: number): FakeCell | undefined {
    return this.cells.get(key(row, col));
  }

  /** The stored cell, created on first write. */
  cellForWrite(row: number, col: number): FakeCell {
    const k = key(row, col);
    let cell = this.cells.get(k);
    if (!cell) {
      cell = {};
      this.cells.set(k, cell);
    }
    return cell;
  }

  /** Drops cells that hold nothing, so the used range shrinks as Excel's does. */
  prune(row: number, col: number): void {
    const k = key(row, col);
    const cell = this.cells.get(k);
    if (!cell) return;
    const empty =
      cell.value === undefined &&
      cell.error === undefined &&
      cell.formula === undefined &&
      cell.format === undefined &&
      cell.fill === undefined &&
      cell.font === undefined;
    if (empty) this.cells.delete(k);
  }

  /** Sets a cell by A1 address; a convenience for building test workbooks. */
  set(address: string, value: string | number | boolean | null, format?: string): this {
    const at = parseAddress(address);
    if (!at) throw new Error(`bad address ${address}`);
    const cell = this.cellForWrite(at.row, at.col);
    if (value === null || value === "") delete cell.value;
    else cell.value = value;
    if (format !== undefined) cell.format = format;
    this.prune(at.row, at.col);
    return this;
  }

  valueAt(address: string): string | number | boolean | null {
    const at = parseAddress(address);
    if (!at) throw new Error(`bad address ${address}`);
    const cell = this.cell(at.row, at.col);
    return cell?.error ?? cell?.value ?? null;
  }

  formatAt(address: string): string {
    const at = parseAddress(address);
    if (!at) throw new Error(`bad address ${address}`);
    return this.cell(at.row, at.col)?.format ?? "General";
  }

  /** The cell's own fill colour (#RRGGBB), or null when it has none. */
  fillAt(address: string): string | null {
    const at = parseAddress(address);
    if (!at) throw new Error(`bad address ${address}`);
    return this.cell(at.row, at.col)?.fill?.color ?? null;
  }

  setFill(address: string, color: string | null): this {
    const area = parseArea(address);
    if (!area) throw new Error(`bad address ${address}`);
    for (let r = area.top; r <= area.bottom; r++) {
      for (let c = area.left; c <= area.right; c++) {
        if (color === null) {
          const cell = this.cell(r, c);
          if (cell) delete cell.fill;
          this.prune(r, c);
        } else {
          this.cellForWrite(r, c).fill = { color: normalizeColor(color), pattern: "Solid" };
        }
      }
    }
    return this;
  }

  /** Every filled cell as A1 → colour (pattern fills as colour/pattern/patternColor). */
  fills(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, cell] of this.cells) {
      if (!cell.fill) continue;
      const { color, pattern, patternColor } = cell.fill;
      const id = areaAddress({
        top: Math.floor(k / MAX_COLUMNS),
        left: k % MAX_COLUMNS,
        bottom: Math.floor(k / MAX_COLUMNS),
        right: k % MAX_COLUMNS,
      });
      out[id] = pattern && pattern !== "Solid" ? `${color}/${pattern}/${patternColor ?? ""}` : color;
    }
    return out;
  }

  merge(address: string): this {
    const area = parseArea(address);
    if (!area) throw new Error(`bad address ${address}`);
    this.merges.push(area);
    return this;
  }

  /**
   * The smallest area holding every value (valuesOnly) or every value or format; null when the
   * sheet is blank.
   */
  usedArea(valuesOnly: boolean): Area | null {
    let top = Number.POSITIVE_INFINITY;
    let left = Number.POSITIVE_INFINITY;
    let bottom = -1;
    let right = -1;
    for (const [k, cell] of this.cells) {
      const hasValue = cell.value !== undefined || cell.error !== undefined || cell.formula !== undefined;
      if (valuesOnly && !hasValue) continue;
      const r = Math.floor(k / MAX_COLUMNS);
      const c = k % MAX_COLUMNS;
      if (r < top) top = r;
      if (r > bottom) bottom = r;
      if (c < left) left = c;
      if (c > right) right = c;
    }
    if (!valuesOnly) {
      for (const m of this.merges) {
        top = Math.min(top, m.top);
        left = Math.min(left, m.left);
        bottom = Math.max(bottom, m.bottom);
        right = Math.max(right, m.right);
      }
    }
    return bottom < 0 ? null : { top, left, bottom, right };
  }
}

/** A workbook as plain JSON, to hand a workbook built in Node to a browser page and back. */
export interface FakeWorkbookJson {
  date1904: boolean;
  settings: Record<string, unknown>;
  activeSheetId: string | null;
  sheets: {
    id: string;
    name: string;
    visibility: SheetVisibility;
    cells: [number, number, FakeCell][];
    merges: Area[];
    validations: FakeValidation[];
    columnWidths: [number, number][];
    rowHeights: [number, number][];
    frozenRows: number;
    selection: string;
  }[];
}

export interface FakeSelection {
  sheet: string;
  address: string;
}

export class FakeWorkbook {
  readonly sheets: FakeSheet[] = [];
  date1904 = false;
  /** The add-in's document settings as last saved with `saveAsync` (they live in the file). */
  settings: Record<string, unknown> = {};
  activeSheetId: string | null = null;

  constructor(init: { sheets?: string[]; date1904?: boolean } = {}) {
    for (const name of init.sheets ?? []) this.addSheet(name);
    this.date1904 = init.date1904 === true;
  }

  addSheet(name: string, id?: string): FakeSheet {
    if (this.find(name)) throw new Error(`sheet ${name} exists`);
    const sheet = new FakeSheet(name, id);
    this.sheets.push(sheet);
    if (!this.activeSheetId) this.activeSheetId = sheet.id;
    return sheet;
  }

  /** By name (case-insensitive, as Excel matches names) or by id. */
  find(key: string): FakeSheet | undefined {
    const lower = key.toLowerCase();
    return this.sheets.find((s) => s.id === key || s.name.toLowerCase() === lower);
  }

  sheet(name: string): FakeSheet {
    const sheet = this.find(name);
    if (!sheet) throw new Error(`no sheet ${name}`);
    return sheet;
  }

  toJSON(): FakeWorkbookJson {
    return {
      date1904: this.date1904,
      settings: this.settings,
      activeSheetId: this.activeSheetId,
      sheets: this.sheets.map((s) => ({
        id: s.id,
        name: s.name,
        visibility: s.visibility,
        cells: [...s.cells].map(([k, cell]) => [Math.floor(k / MAX_COLUMNS), k % MAX_COLUMNS, cell]),
        merges: s.merges,
        validations: s.validations,
        columnWidths: [...s.columnWidths],
        rowHeights: [...s.rowHeights],
        frozenRows: s.frozenRows,
        selection: s.selection,
      })),
    };
  }

  static fromJSON(json: FakeWorkbookJson): FakeWorkbook {
    const workbook = new FakeWorkbook({ date1904: json.date1904 });
    workbook.settings = structuredClone(json.settings);
    for (const data of json.sheets) {
      const sheet = workbook.addSheet(data.name, data.id);
      sheet.visibility = data.visibility;
      for (const [row, col, cell] of data.cells) sheet.cells.set(key(row, col), structuredClone(cell));
      sheet.merges = data.merges.map((m) => ({ ...m }));
      sheet.validations = structuredClone(data.validations);
      for (const [c, w] of data.columnWidths) sheet.columnWidths.set(c, w);
      for (const [r, h] of data.rowHeights) sheet.rowHeights.set(r, h);
      sheet.frozenRows = data.frozenRows;
      sheet.selection = data.selection;
    }
    workbook.activeSheetId = json.activeSheetId;
    return workbook;
  }

  /**
   * The file closed and opened again: the content and the add-in's saved settings stay, every
   * sheet gets a new id (as in Excel, between sessions and between Excel on the web and desktop).
   */
  reopen(): this {
    for (const sheet of this.sheets) {
      const active = sheet.id === this.activeSheetId;
      sheet.id = newSheetId();
      if (active) this.activeSheetId = sheet.id;
    }
    return this;
  }

  get activeSheet(): FakeSheet | undefined {
    return this.sheets.find((s) => s.id === this.activeSheetId) ?? this.sheets[0];
  }

  /** The active sheet and its selected range, as the user would see them. */
  get selection(): FakeSelection | null {
    const active = this.activeSheet;
    return active ? { sheet: active.name, address: active.selection } : null;
  }
}
