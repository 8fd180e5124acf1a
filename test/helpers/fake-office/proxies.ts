/**
 * Proxy objects with Office.js semantics: nothing is read before `load()` + `sync()` (reading
 * throws PropertyNotLoaded), every write and method is queued and applied only at `sync()`,
 * `*OrNullObject` methods give objects whose `isNullObject` tells whether the thing exists, and
 * using a missing object other than through `isNullObject` fails the sync with ItemNotFound.
 */
import { type Area, areaAddress, parseArea } from "../../../shared/grid.ts";
import { type FakeRequestContext, jsonSize } from "./context.ts";
import { FakeOfficeError, invalidArgument, itemNotFound, propertyNotLoaded } from "./errors.ts";
import {
  type FakeCell,
  type FakeFill,
  type FakeSheet,
  type FakeValidation,
  MAX_COLUMNS,
  MAX_ROWS,
  newSheetId,
  normalizeColor,
} from "./workbook.ts";

type LoadSpec = string | string[] | Record<string, unknown> | undefined;

/** "a, b/c" | ["a"] | { select: "a" } | { a: true, b: { c: true } } → ["a", "b/c"]. */
function parseSpec(spec: LoadSpec): string[] {
  if (spec === undefined) return [];
  if (typeof spec === "string") {
    return spec
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  }
  if (Array.isArray(spec)) return spec.flatMap((s) => parseSpec(s));
  if (typeof spec.select === "string") return parseSpec(spec.select);
  const out: string[] = [];
  for (const [name, value] of Object.entries(spec)) {
    if (name.startsWith("$")) continue;
    if (value === true) out.push(name);
    else if (value && typeof value === "object")
      out.push(...parseSpec(value as Record<string, unknown>).map((p) => `${name}/${p}`));
  }
  return out;
}

// ----------------------------------------------------------------------------------------------
// The base proxy

export abstract class ClientObject {
  readonly context: FakeRequestContext;
  private readonly loadedValues = new Map<string, unknown>();
  private nullState: boolean | undefined;
  private readonly navCache = new Map<string, ClientObject>();

  constructor(context: FakeRequestContext) {
    this.context = context;
  }

  protected abstract readonly typeName: string;
  protected abstract scalarNames(): readonly string[];
  /** At sync time: what the proxy stands for; null for a null object; throws when it is missing. */
  protected abstract resolve(): unknown;
  /** At sync time: one scalar of the resolved target. */
  protected abstract readScalar(name: string, target: unknown): unknown;
  protected createNavigation(_name: string): ClientObject | undefined {
    return undefined;
  }

  protected nav<T extends ClientObject>(name: string): T {
    let child = this.navCache.get(name);
    if (!child) {
      child = this.createNavigation(name);
      if (!child) throw new Error(`fake-office: ${this.typeName} has no navigation property ${name}`);
      this.navCache.set(name, child);
    }
    return child as T;
  }

  load(spec?: LoadSpec): this {
    const paths = parseSpec(spec);
    const scalars: string[] = paths.length === 0 ? [...this.scalarNames()] : [];
    const nested = new Map<string, string[]>();
    for (const path of paths) {
      const [head = "", ...rest] = path.split("/");
      const known = this.scalarNames().includes(head);
      if (rest.length === 0 && known) {
        scalars.push(head);
        continue;
      }
      const list = nested.get(head) ?? [];
      if (rest.length) list.push(rest.join("/"));
      nested.set(head, list);
    }
    this.queueLoad(scalars);
    for (const [head, rest] of nested) {
      const child = this.createNavigation(head) ? this.nav<ClientObject>(head) : undefined;
      if (!child) {
        this.context.enqueue({
          requestBytes: 0,
          run: () => {
            throw invalidArgument(`${this.typeName} has no property ${head}`);
          },
        });
        continue;
      }
      child.load(rest.length ? rest : undefined);
    }
    return this;
  }

  protected queueLoad(names: string[]): void {
    this.context.enqueue({
      requestBytes: 16 * names.length,
      run: () => {
        const target = this.resolve();
        if (target === null) return { bytes: 24, deliver: () => this.deliver([], true) };
        const values = names.map((name) => [name, this.readScalar(name, target)] as const);
        return { bytes: jsonSize(values), deliver: () => this.deliver(values, false) };
      },
    });
  }

  /** Used by collections, which load their items' scalars in their own operation. */
  deliver(values: readonly (readonly [string, unknown])[], isNull: boolean): void {
    this.nullState = isNull;
    for (const [name, value] of values) this.loadedValues.set(name, value);
  }

  readNow(names: readonly string[] | undefined, target: unknown): [string, unknown][] {
    return (names ?? this.scalarNames()).map((name) => [name, this.readScalar(name, target)]);
  }

  get isNullObject(): boolean {
    if (this.nullState === undefined) throw propertyNotLoaded("isNullObject", this.typeName);
    return this.nullState;
  }

  protected get<T>(name: string): T {
    if (!this.loadedValues.has(name)) throw propertyNotLoaded(name, this.typeName);
    return this.loadedValues.get(name) as T;
  }

  /** Office.js keeps a value just set as the property's local value, loaded or not. */
  protected remember(name: string, value: unknown): void {
    this.loadedValues.set(name, value);
  }

  /** Queues a write or method call; `apply` runs at sync, against the document as it is then. */
  protected queueWrite(payload: unknown, apply: () => void): void {
    this.context.enqueue({
      requestBytes: 32 + jsonSize(payload),
      run: () => {
        apply();
        return undefined;
      },
    });
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this.loadedValues);
  }
}

// ----------------------------------------------------------------------------------------------
// Address helpers

function quoteSheet(name: string): string {
  return /^[A-Za-z_\p{Script=Han}][\w.\p{Script=Han}]*$/u.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}

export function sheetAddress(sheet: FakeSheet, area: Area): string {
  return `${quoteSheet(sheet.name)}!${areaAddress(area)}`;
}

/** "A1", "$A$1:B2", "Sheet!A1", "A:C" or "2:5" → an area. */
export function parseRef(ref: string): Area | null {
  const bang = ref.lastIndexOf("!");
  const local = (bang >= 0 ? ref.slice(bang + 1) : ref).trim().replace(/\$/g, "");
  const area = parseArea(local);
  if (area) return area;
  const cols = /^([A-Z]{1,3}):([A-Z]{1,3})$/i.exec(local);
  if (cols) {
    const a = parseArea(`${cols[1]}1:${cols[2]}1`);
    return a ? { ...a, top: 0, bottom: MAX_ROWS - 1 } : null;
  }
  const rows = /^(\d+):(\d+)$/.exec(local);
  if (rows) {
    return { top: Number(rows[1]) - 1, bottom: Number(rows[2]) - 1, left: 0, right: MAX_COLUMNS - 1 };
  }
  return null;
}

function cellCount(area: Area): number {
  return (area.bottom - area.top + 1) * (area.right - area.left + 1);
}

function forEachCell(areas: readonly Area[], fn: (row: number, col: number) => void): void {
  for (const area of areas) {
    if (cellCount(area) > 5_000_000)
      throw new FakeOfficeError("RangeExceedsLimit", "The range is too large.");
    for (let r = area.top; r <= area.bottom; r++) for (let c = area.left; c <= area.right; c++) fn(r, c);
  }
}

function intersects(a: Area, b: Area): boolean {
  return a.top <= b.bottom && b.top <= a.bottom && a.left <= b.right && b.left <= a.right;
}

function contains(outer: Area, row: number, col: number): boolean {
  return row >= outer.top && row <= outer.bottom && col >= outer.left && col <= outer.right;
}

/** One value for the whole set of cells, or null when they differ (Office's rule for formats). */
function uniform<T>(areas: readonly Area[], read: (row: number, col: number) => T): T | null {
  let first = true;
  let value: T | null = null;
  let mixed = false;
  forEachCell(areas, (r, c) => {
    if (mixed) return;
    const v = read(r, c);
    if (first) {
      value = v;
      first = false;
    } else if (v !== value) mixed = true;
  });
  return mixed ? null : value;
}

// ----------------------------------------------------------------------------------------------
// Workbook and worksheets

export class WorkbookProxy extends ClientObject {
  protected readonly typeName = "Workbook";
  readonly worksheets: WorksheetCollectionProxy;
  readonly functions: FunctionsProxy;

  constructor(context: FakeRequestContext) {
    super(context);
    this.worksheets = new WorksheetCollectionProxy(context);
    this.functions = new FunctionsProxy(context);
  }

  protected scalarNames(): readonly string[] {
    return ["name"];
  }
  protected resolve(): unknown {
    return this.context.host.workbook;
  }
  protected readScalar(): unknown {
    return "Book1";
  }

  getSelectedRange(): RangeProxy {
    const sheet = new WorksheetProxy(this.context, { kind: "active" });
    return new RangeProxy(this.context, sheet, { kind: "selection" });
  }
}

type SheetLocator =
  | { kind: "key"; key: string; orNull: boolean }
  | { kind: "id"; id: string }
  | { kind: "active" };

const worksheetScalars = ["name", "id", "position", "visibility"] as const;

export class WorksheetCollectionProxy extends ClientObject {
  protected readonly typeName = "WorksheetCollection";

  protected scalarNames(): readonly string[] {
    return ["items"];
  }
  protected resolve(): unknown {
    return this.context.host.workbook.sheets;
  }
  protected readScalar(): unknown {
    return undefined;
  }

  get items(): WorksheetProxy[] {
    return this.get("items");
  }

  override load(spec?: LoadSpec): this {
    // collection.load("name") and load("items/name") both load the items' name.
    const names = parseSpec(spec)
      .map((p) => p.replace(/^items\/?/, ""))
      .filter(Boolean);
    const props = names.length ? names : [...worksheetScalars];
    this.context.enqueue({
      requestBytes: 32,
      run: () => {
        const sheets = [...this.context.host.workbook.sheets];
        const items = sheets.map((s) => new WorksheetProxy(this.context, { kind: "id", id: s.id }));
        const values = sheets.map((s, i) => (items[i] as WorksheetProxy).readNow(props, s));
        return {
          bytes: jsonSize(values),
          deliver: () => {
            items.forEach((item, i) => {
              item.deliver(values[i] ?? [], false);
            });
            this.deliver([["items", items]], false);
          },
        };
      },
    });
    return this;
  }

  getItem(key: string): WorksheetProxy {
    return new WorksheetProxy(this.context, { kind: "key", key, orNull: false });
  }

  getItemOrNullObject(key: string): WorksheetProxy {
    return new WorksheetProxy(this.context, { kind: "key", key, orNull: true });
  }

  getActiveWorksheet(): WorksheetProxy {
    return new WorksheetProxy(this.context, { kind: "active" });
  }

  add(name?: string): WorksheetProxy {
    const id = newSheetId();
    this.queueWrite({ add: name }, () => {
      const { workbook } = this.context.host;
      let sheetName = name;
      for (let n = workbook.sheets.length + 1; !sheetName; n++)
        if (!workbook.find(`Sheet${n}`)) sheetName = `Sheet${n}`;
      if (workbook.find(sheetName))
        throw new FakeOfficeError("ItemAlreadyExists", `A worksheet named ${sheetName} already exists.`);
      if (sheetName.length > 31 || /[:\\/?*[\]]/.test(sheetName))
        throw invalidArgument(`sheet name ${sheetName}`);
      // The id was chosen when add() was queued, so the proxy handed out then finds this sheet.
      workbook.addSheet(sheetName, id);
      if (workbook.activeSheetId === null || workbook.sheets.length === 1) workbook.activeSheetId = id;
    });
    return new WorksheetProxy(this.context, { kind: "id", id });
  }
}

export class WorksheetProxy extends ClientObject {
  protected readonly typeName = "Worksheet";
  private readonly locator: SheetLocator;

  constructor(context: FakeRequestContext, locator: SheetLocator) {
    super(context);
    this.locator = locator;
  }

  protected scalarNames(): readonly string[] {
    return worksheetScalars;
  }

  protected resolve(): FakeSheet | null {
    const { workbook } = this.context.host;
    const loc = this.locator;
    if (loc.kind === "active") {
      const active = workbook.activeSheet;
      if (!active) throw itemNotFound("active worksheet");
      return active;
    }
    const sheet = workbook.find(loc.kind === "id" ? loc.id : loc.key);
    if (sheet) return sheet;
    if (loc.kind === "key" && loc.orNull) return null;
    throw itemNotFound(`worksheet ${loc.kind === "id" ? loc.id : loc.key}`);
  }

  /** For children: a missing sheet fails the operation, null object or not. */
  sheet(): FakeSheet {
    const sheet = this.resolve();
    if (!sheet) throw itemNotFound("worksheet (null object)");
    return sheet;
  }

  protected readScalar(name: string, target: unknown): unknown {
    const sheet = target as FakeSheet;
    switch (name) {
      case "name":
        return sheet.name;
      case "id":
        return sheet.id;
      case "position":
        return this.context.host.workbook.sheets.indexOf(sheet);
      case "visibility":
        return sheet.visibility;
      default:
        throw invalidArgument(`Worksheet.${name}`);
    }
  }

  get name(): string {
    return this.get("name");
  }
  set name(value: string) {
    this.queueWrite(value, () => {
      const sheet = this.sheet();
      const other = this.context.host.workbook.find(value);
      if (other && other !== sheet) throw new FakeOfficeError("ItemAlreadyExists", `Sheet ${value} exists.`);
      sheet.name = value;
    });
  }
  get id(): string {
    return this.get("id");
  }
  get position(): number {
    return this.get("position");
  }
  set position(value: number) {
    this.queueWrite(value, () => {
      const sheets = this.context.host.workbook.sheets;
      const sheet = this.sheet();
      sheets.splice(sheets.indexOf(sheet), 1);
      sheets.splice(Math.max(0, Math.min(value, sheets.length)), 0, sheet);
    });
  }
  get visibility(): string {
    return this.get("visibility");
  }
  set visibility(value: string) {
    this.queueWrite(value, () => {
      const sheet = this.sheet();
      if (value !== "Visible" && value !== "Hidden" && value !== "VeryHidden") throw invalidArgument(value);
      sheet.visibility = value;
    });
  }

  get freezePanes(): { freezeRows(count?: number): void } {
    return {
      freezeRows: (count = 1) => {
        this.queueWrite(count, () => {
          this.sheet().frozenRows = count;
        });
      },
    };
  }

  getRange(address?: string): RangeProxy {
    return new RangeProxy(
      this.context,
      this,
      address === undefined ? { kind: "all" } : { kind: "address", address },
    );
  }

  getRangeByIndexes(
    startRow: number,
    startColumn: number,
    rowCount: number,
    columnCount: number,
  ): RangeProxy {
    return new RangeProxy(this.context, this, {
      kind: "fixed",
      area: {
        top: startRow,
        left: startColumn,
        bottom: startRow + rowCount - 1,
        right: startColumn + columnCount - 1,
      },
    });
  }

  getCell(row: number, column: number): RangeProxy {
    return this.getRangeByIndexes(row, column, 1, 1);
  }

  getRanges(address?: string): RangeAreasProxy {
    return new RangeAreasProxy(this.context, { kind: "addresses", sheet: this, address: address ?? "" });
  }

  getUsedRange(valuesOnly = false): RangeProxy {
    return new RangeProxy(this.context, this, { kind: "used", valuesOnly, orNull: false });
  }

  getUsedRangeOrNullObject(valuesOnly = false): RangeProxy {
    return new RangeProxy(this.context, this, { kind: "used", valuesOnly, orNull: true });
  }

  activate(): void {
    this.queueWrite({ activate: true }, () => {
      const sheet = this.sheet();
      if (sheet.visibility !== "Visible")
        throw new FakeOfficeError("InvalidOperation", "A hidden sheet cannot be activated.");
      this.context.host.workbook.activeSheetId = sheet.id;
    });
  }

  delete(): void {
    this.queueWrite({ delete: true }, () => {
      const { workbook } = this.context.host;
      const sheet = this.sheet();
      const visible = workbook.sheets.filter((s) => s.visibility === "Visible");
      if (visible.length === 1 && visible[0] === sheet)
        throw new FakeOfficeError(
          "InvalidOperation",
          "A workbook must contain at least one visible worksheet.",
        );
      workbook.sheets.splice(workbook.sheets.indexOf(sheet), 1);
      if (workbook.activeSheetId === sheet.id)
        workbook.activeSheetId = workbook.sheets.find((s) => s.visibility === "Visible")?.id ?? null;
    });
  }
}

// ----------------------------------------------------------------------------------------------
// Ranges

type RangeLocator =
  | { kind: "address"; address: string }
  | { kind: "all" }
  | { kind: "fixed"; area: Area }
  | { kind: "used"; valuesOnly: boolean; orNull: boolean }
  | { kind: "selection" }
  | { kind: "derived"; parent: RangeProxy; map: (area: Area) => Area };

export interface RangeTarget {
  sheet: FakeSheet;
  area: Area;
}

const rangeScalars = [
  "address",
  "addressLocal",
  "rowIndex",
  "columnIndex",
  "rowCount",
  "columnCount",
  "cellCount",
  "values",
  "numberFormat",
  "text",
  "valueTypes",
  "formulas",
] as const;

function cellValue(cell: FakeCell | undefined): string | number | boolean {
  if (!cell) return "";
  if (cell.error !== undefined) return cell.error;
  return cell.value ?? "";
}

/** Like typing into a cell: numeric text becomes a number unless the cell is formatted as text. */
function storeValue(cell: FakeCell, value: unknown): void {
  if (value === null || value === undefined) return; // null leaves the cell as it is
  delete cell.formula;
  delete cell.error;
  if (value === "") {
    delete cell.value;
    return;
  }
  if (typeof value === "string" && value.startsWith("=") && cell.format !== "@") {
    storeFormula(cell, value);
    return;
  }
  if (typeof value === "string" && cell.format !== "@" && /^-?\d+(\.\d+)?$/.test(value.trim())) {
    cell.value = Number(value);
    return;
  }
  if (typeof value === "string" && /^#(N\/A|REF!|VALUE!|DIV\/0!|NAME\?|NULL!|NUM!)$/.test(value)) {
    cell.error = value;
    return;
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    cell.value = value;
  else throw invalidArgument(`cell value ${String(value)}`);
}

function storeFormula(cell: FakeCell, formula: string): void {
  cell.formula = formula;
  // The simulation evaluates only what the add-in writes: HYPERLINK shows its friendly name.
  const link = /^=HYPERLINK\("([^"]*)"\s*,\s*"([^"]*)"\)$/i.exec(formula);
  cell.value = link ? (link[2] as string) : formula;
}

function grid2d(value: unknown, rows: number, cols: number, what: string): unknown[][] {
  if (!Array.isArray(value)) {
    return Array.from({ length: rows }, () => Array.from({ length: cols }, () => value));
  }
  if (rows === 1 && cols === 1 && !Array.isArray(value[0])) return [[value[0]]];
  const ok = value.length === rows && value.every((row) => Array.isArray(row) && row.length === cols);
  if (!ok) throw invalidArgument(`${what}: the array is ${value.length} rows, the range ${rows}×${cols}`);
  return value as unknown[][];
}

export class RangeProxy extends ClientObject {
  protected readonly typeName = "Range";
  readonly worksheet: WorksheetProxy;
  private readonly locator: RangeLocator;

  constructor(context: FakeRequestContext, worksheet: WorksheetProxy, locator: RangeLocator) {
    super(context);
    this.worksheet = worksheet;
    this.locator = locator;
  }

  protected scalarNames(): readonly string[] {
    return rangeScalars;
  }

  protected override createNavigation(name: string): ClientObject | undefined {
    if (name === "format") return new RangeFormatProxy(this.context, () => this.cells());
    if (name === "dataValidation") return new DataValidationProxy(this.context, () => this.target());
    if (name === "worksheet") return this.worksheet;
    return undefined;
  }

  /** ExcelApi 1.6: the conditional formats that intersect the range (only getCount is simulated). */
  get conditionalFormats(): { getCount(): ResultProxy<number> } {
    return {
      getCount: () => {
        const result = new ResultProxy<number>();
        this.context.enqueue({
          requestBytes: 48,
          run: () => {
            const { sheet, area } = this.target();
            const count = sheet.conditionalFormats.filter((cf) => intersects(cf.area, area)).length;
            return { bytes: jsonSize(count), deliver: () => result.deliver(count) };
          },
        });
        return result;
      },
    };
  }

  protected resolve(): RangeTarget | null {
    const loc = this.locator;
    if (loc.kind === "derived") {
      const parent = loc.parent.target();
      return { sheet: parent.sheet, area: loc.map(parent.area) };
    }
    const sheet = this.worksheet.sheet();
    switch (loc.kind) {
      case "all":
        return { sheet, area: { top: 0, left: 0, bottom: MAX_ROWS - 1, right: MAX_COLUMNS - 1 } };
      case "fixed":
        return { sheet, area: loc.area };
      case "selection": {
        const area = parseRef(sheet.selection);
        if (!area) throw itemNotFound("selection");
        return { sheet, area };
      }
      case "address": {
        const area = parseRef(loc.address);
        if (!area) throw invalidArgument(`address ${loc.address}`);
        return { sheet, area };
      }
      case "used": {
        const area = sheet.usedArea(loc.valuesOnly);
        if (area) return { sheet, area };
        if (loc.orNull) return null;
        // getUsedRange on a blank sheet gives A1, never an error.
        return { sheet, area: { top: 0, left: 0, bottom: 0, right: 0 } };
      }
    }
  }

  /** The target for children and writes: a null object here fails them. */
  target(): RangeTarget {
    const target = this.resolve();
    if (!target) throw itemNotFound("range (null object)");
    return target;
  }

  /** Whether a read is over the host's oversizedRead limit and answers null; fails it if so asked. */
  private oversized(cells: number): boolean {
    const limit = this.context.host.options.oversizedRead;
    if (!limit || cells <= limit.cells) return false;
    if (limit.answer === "null") return true;
    throw new FakeOfficeError(
      "GeneralException",
      "There was an internal error while processing the request.",
    );
  }

  private cells(): { sheet: FakeSheet; areas: Area[] } {
    const { sheet, area } = this.target();
    return { sheet, areas: [area] };
  }

  protected readScalar(name: string, target: unknown): unknown {
    const { sheet, area } = target as RangeTarget;
    const rows = area.bottom - area.top + 1;
    const cols = area.right - area.left + 1;
    const each = <T>(fn: (cell: FakeCell | undefined) => T): T[][] => {
      if (rows * cols > 5_000_000)
        throw new FakeOfficeError(
          "RangeExceedsLimit",
          "The number of cells in the range has exceeded 5,000,000.",
        );
      const out: T[][] = [];
      for (let r = area.top; r <= area.bottom; r++) {
        const line: T[] = [];
        for (let c = area.left; c <= area.right; c++) line.push(fn(sheet.cell(r, c)));
        out.push(line);
      }
      return out;
    };
    switch (name) {
      case "address":
      case "addressLocal":
        return sheetAddress(sheet, area);
      case "rowIndex":
        return area.top;
      case "columnIndex":
        return area.left;
      case "rowCount":
        return rows;
      case "columnCount":
        return cols;
      case "cellCount":
        return rows * cols;
      case "values":
        return this.oversized(rows * cols) ? null : each(cellValue);
      case "numberFormat":
        return this.oversized(rows * cols) ? null : each((cell) => cell?.format ?? "General");
      case "text":
        return each((cell) => String(cellValue(cell)));
      case "formulas":
        return each((cell) => cell?.formula ?? cellValue(cell));
      case "valueTypes":
        return each((cell) => {
          if (!cell || (cell.value === undefined && cell.error === undefined)) return "Empty";
          if (cell.error !== undefined) return "Error";
          return typeof cell.value === "number"
            ? "Double"
            : typeof cell.value === "boolean"
              ? "Boolean"
              : "String";
        });
      default:
        throw invalidArgument(`Range.${name}`);
    }
  }

  get address(): string {
    return this.get("address");
  }
  get rowIndex(): number {
    return this.get("rowIndex");
  }
  get columnIndex(): number {
    return this.get("columnIndex");
  }
  get rowCount(): number {
    return this.get("rowCount");
  }
  get columnCount(): number {
    return this.get("columnCount");
  }
  get cellCount(): number {
    return this.get("cellCount");
  }
  get values(): unknown[][] {
    return this.get("values");
  }
  set values(value: unknown[][]) {
    this.remember("values", value);
    this.queueWrite(value, () => {
      const { sheet, area } = this.target();
      assertWritable(sheet);
      const rows = area.bottom - area.top + 1;
      const cols = area.right - area.left + 1;
      const grid = grid2d(value, rows, cols, "values");
      grid.forEach((line, r) => {
        line.forEach((v, c) => {
          const cell = sheet.cellForWrite(area.top + r, area.left + c);
          storeValue(cell, v);
          sheet.prune(area.top + r, area.left + c);
        });
      });
    });
  }
  get numberFormat(): string[][] {
    return this.get("numberFormat");
  }
  set numberFormat(value: string[][]) {
    this.remember("numberFormat", value);
    this.queueWrite(value, () => {
      const { sheet, area } = this.target();
      const grid = grid2d(value, area.bottom - area.top + 1, area.right - area.left + 1, "numberFormat");
      grid.forEach((line, r) => {
        line.forEach((f, c) => {
          if (f === null || f === undefined) return;
          const cell = sheet.cellForWrite(area.top + r, area.left + c);
          if (f === "General") delete cell.format;
          else cell.format = String(f);
          sheet.prune(area.top + r, area.left + c);
        });
      });
    });
  }
  get formulas(): unknown[][] {
    return this.get("formulas");
  }
  set formulas(value: unknown[][]) {
    this.remember("formulas", value);
    this.queueWrite(value, () => {
      const { sheet, area } = this.target();
      const grid = grid2d(value, area.bottom - area.top + 1, area.right - area.left + 1, "formulas");
      grid.forEach((line, r) => {
        line.forEach((f, c) => {
          const cell = sheet.cellForWrite(area.top + r, area.left + c);
          if (typeof f === "string" && f.startsWith("=")) {
            delete cell.error;
            storeFormula(cell, f);
          } else storeValue(cell, f);
          sheet.prune(area.top + r, area.left + c);
        });
      });
    });
  }
  get text(): string[][] {
    return this.get("text");
  }
  get valueTypes(): string[][] {
    return this.get("valueTypes");
  }

  get format(): RangeFormatProxy {
    return this.nav("format");
  }
  get dataValidation(): DataValidationProxy {
    return this.nav("dataValidation");
  }

  select(): void {
    this.queueWrite({ select: true }, () => {
      const { sheet, area } = this.target();
      if (sheet.visibility !== "Visible")
        throw new FakeOfficeError("InvalidOperation", "Cannot select a range on a hidden sheet.");
      sheet.selection = areaAddress(area);
      this.context.host.workbook.activeSheetId = sheet.id;
    });
  }

  merge(across = false): void {
    this.queueWrite({ merge: across }, () => {
      const { sheet, area } = this.target();
      const pieces: Area[] = across
        ? Array.from({ length: area.bottom - area.top + 1 }, (_, i) => ({
            ...area,
            top: area.top + i,
            bottom: area.top + i,
          }))
        : [area];
      for (const piece of pieces) {
        if (cellCount(piece) < 2) continue;
        sheet.merges = sheet.merges.filter((m) => !intersects(m, piece));
        // Excel keeps only the upper-left value of a merged area.
        forEachCell([piece], (r, c) => {
          if (r === piece.top && c === piece.left) return;
          const cell = sheet.cell(r, c);
          if (!cell) return;
          delete cell.value;
          delete cell.error;
          delete cell.formula;
          sheet.prune(r, c);
        });
        sheet.merges.push(piece);
      }
    });
  }

  unmerge(): void {
    this.queueWrite({ unmerge: true }, () => {
      const { sheet, area } = this.target();
      sheet.merges = sheet.merges.filter((m) => !intersects(m, area));
    });
  }

  getCell(row: number, column: number): RangeProxy {
    return this.derive((a) => ({
      top: a.top + row,
      left: a.left + column,
      bottom: a.top + row,
      right: a.left + column,
    }));
  }

  getResizedRange(deltaRows: number, deltaColumns: number): RangeProxy {
    return this.derive((a) => ({ ...a, bottom: a.bottom + deltaRows, right: a.right + deltaColumns }));
  }

  getOffsetRange(rowOffset: number, columnOffset: number): RangeProxy {
    return this.derive((a) => ({
      top: a.top + rowOffset,
      bottom: a.bottom + rowOffset,
      left: a.left + columnOffset,
      right: a.right + columnOffset,
    }));
  }

  private derive(map: (area: Area) => Area): RangeProxy {
    return new RangeProxy(this.context, this.worksheet, { kind: "derived", parent: this, map });
  }

  getMergedAreasOrNullObject(): RangeAreasProxy {
    return new RangeAreasProxy(this.context, { kind: "merged", range: this });
  }

  /** ExcelApi 1.9: the asked-for properties of every cell, as a 2-D array, in one result. */
  getCellProperties(spec: CellPropertiesSpec): ResultProxy<CellProperties[][]> {
    const result = new ResultProxy<CellProperties[][]>();
    this.context.enqueue({
      requestBytes: 32 + jsonSize(spec),
      run: () => {
        const { sheet, area } = this.target();
        const value: CellProperties[][] = [];
        forEachCell([area], (r, c) => {
          const line = r - area.top;
          value[line] ??= [];
          const { noFillPattern } = this.context.host.options;
          (value[line] as CellProperties[]).push(cellProperties(sheet, r, c, spec, noFillPattern));
        });
        return { bytes: jsonSize(value), deliver: () => result.deliver(value) };
      },
    });
    return result;
  }
}

export interface CellPropertiesSpec {
  address?: boolean;
  format?: { fill?: Partial<Record<keyof typeof noFill, boolean>> };
}

export interface CellProperties {
  address?: string;
  format?: { fill?: Partial<Record<keyof typeof noFill, string | number | null>> };
}

function cellProperties(
  sheet: FakeSheet,
  r: number,
  c: number,
  spec: CellPropertiesSpec,
  noFillPattern: string | null,
): CellProperties {
  const out: CellProperties = {};
  if (spec.address) out.address = sheetAddress(sheet, { top: r, left: c, bottom: r, right: c });
  const wanted = spec.format?.fill;
  if (wanted) {
    const fill: Partial<Record<keyof typeof noFill, string | number | null>> = {};
    for (const name of Object.keys(noFill) as (keyof typeof noFill)[])
      if (wanted[name]) fill[name] = fillProperty(fillOf(sheet, r, c), name, noFillPattern);
    out.format = { fill };
  }
  return out;
}

/** A method's value (ClientResult in Office.js): readable once the sync that carried it is done. */
export class ResultProxy<T> {
  readonly kind = "result";
  private loaded = false;
  private result: T | undefined;

  deliver(value: T): void {
    this.result = value;
    this.loaded = true;
  }

  get value(): T {
    if (!this.loaded) throw propertyNotLoaded("value", "ClientResult");
    return this.result as T;
  }
}

// ----------------------------------------------------------------------------------------------
// RangeAreas and RangeCollection

type AreasLocator =
  | { kind: "addresses"; sheet: WorksheetProxy; address: string }
  | { kind: "merged"; range: RangeProxy };

interface AreasTarget {
  sheet: FakeSheet;
  areas: Area[];
}

export class RangeAreasProxy extends ClientObject {
  protected readonly typeName = "RangeAreas";
  private readonly locator: AreasLocator;

  constructor(context: FakeRequestContext, locator: AreasLocator) {
    super(context);
    this.locator = locator;
  }

  protected scalarNames(): readonly string[] {
    return ["address", "addressLocal", "areaCount", "cellCount"];
  }

  protected override createNavigation(name: string): ClientObject | undefined {
    if (name === "areas") return new RangeCollectionProxy(this.context, () => this.target());
    if (name === "format") return new RangeFormatProxy(this.context, () => this.target());
    return undefined;
  }

  protected resolve(): AreasTarget | null {
    const loc = this.locator;
    const { options } = this.context.host;
    if (loc.kind === "addresses") {
      const sheet = loc.sheet.sheet();
      if (loc.address.length > options.rangeAddressLimit)
        throw invalidArgument(`getRanges address of ${loc.address.length} characters`);
      const areas: Area[] = [];
      for (const part of loc.address.split(/[,;]/)) {
        const area = parseRef(part);
        if (!area) throw invalidArgument(`address ${part}`);
        areas.push(area);
      }
      return { sheet, areas };
    }
    const { sheet, area } = loc.range.target();
    // Excel returns the merged areas whose top-left cell lies in the range (OfficeDev/office-js#3611).
    const merges = sheet.merges.filter((m) => contains(area, m.top, m.left));
    if (merges.length > options.mergedAreaLimit) {
      if (options.mergedAreaOverflow === "null") return null;
      throw new FakeOfficeError(
        "GeneralException",
        `There are more than ${options.mergedAreaLimit} merged areas in the range; the merged areas cannot be returned.`,
      );
    }
    return merges.length ? { sheet, areas: merges } : null;
  }

  target(): AreasTarget {
    const target = this.resolve();
    if (!target) throw itemNotFound("range areas (null object)");
    return target;
  }

  protected readScalar(name: string, target: unknown): unknown {
    const { sheet, areas } = target as AreasTarget;
    switch (name) {
      case "address":
      case "addressLocal":
        return areas.map((a) => sheetAddress(sheet, a)).join(",");
      case "areaCount":
        return areas.length;
      case "cellCount":
        return areas.reduce((n, a) => n + cellCount(a), 0);
      default:
        throw invalidArgument(`RangeAreas.${name}`);
    }
  }

  get address(): string {
    return this.get("address");
  }
  get areaCount(): number {
    return this.get("areaCount");
  }
  get cellCount(): number {
    return this.get("cellCount");
  }
  get areas(): RangeCollectionProxy {
    return this.nav("areas");
  }
  get format(): RangeFormatProxy {
    return this.nav("format");
  }
}

export class RangeCollectionProxy extends ClientObject {
  protected readonly typeName = "RangeCollection";
  private readonly owner: () => AreasTarget;

  constructor(context: FakeRequestContext, owner: () => AreasTarget) {
    super(context);
    this.owner = owner;
  }

  protected scalarNames(): readonly string[] {
    return ["items"];
  }
  protected resolve(): unknown {
    return this.owner();
  }
  protected readScalar(): unknown {
    return undefined;
  }

  get items(): RangeProxy[] {
    return this.get("items");
  }

  override load(spec?: LoadSpec): this {
    const names = parseSpec(spec)
      .map((p) => p.replace(/^items\/?/, ""))
      .filter(Boolean);
    this.context.enqueue({
      requestBytes: 32,
      run: () => {
        const { sheet, areas } = this.owner();
        const sheetProxy = new WorksheetProxy(this.context, { kind: "id", id: sheet.id });
        const items = areas.map((area) => new RangeProxy(this.context, sheetProxy, { kind: "fixed", area }));
        const props = names.length
          ? names
          : ["address", "rowIndex", "columnIndex", "rowCount", "columnCount"];
        const values = items.map((item, i) => item.readNow(props, { sheet, area: areas[i] }));
        return {
          bytes: jsonSize(values),
          deliver: () => {
            items.forEach((item, i) => {
              item.deliver(values[i] ?? [], false);
            });
            this.deliver([["items", items]], false);
          },
        };
      },
    });
    return this;
  }
}

// ----------------------------------------------------------------------------------------------
// Formats

type CellsOwner = () => { sheet: FakeSheet; areas: Area[] };

function logFormat(owner: CellsOwner, property: string, value: unknown): void {
  const { sheet, areas } = owner();
  sheet.formatWrites.push({ address: areas.map(areaAddress).join(","), property, value });
}

export class RangeFormatProxy extends ClientObject {
  protected readonly typeName = "RangeFormat";
  private readonly owner: CellsOwner;

  constructor(context: FakeRequestContext, owner: CellsOwner) {
    super(context);
    this.owner = owner;
  }

  protected scalarNames(): readonly string[] {
    return ["columnWidth", "rowHeight", "horizontalAlignment", "verticalAlignment", "wrapText"];
  }
  protected override createNavigation(name: string): ClientObject | undefined {
    if (name === "fill") return new RangeFillProxy(this.context, this.owner);
    if (name === "font") return new RangeFontProxy(this.context, this.owner);
    return undefined;
  }
  protected resolve(): unknown {
    return this.owner();
  }
  protected readScalar(name: string, target: unknown): unknown {
    const { sheet, areas } = target as { sheet: FakeSheet; areas: Area[] };
    const first = areas[0];
    if (!first) return null;
    if (name === "columnWidth") return sheet.columnWidths.get(first.left) ?? 48;
    if (name === "rowHeight") return sheet.rowHeights.get(first.top) ?? 15;
    const last = [...sheet.formatWrites].reverse().find((w) => w.property === name);
    return last?.value ?? null;
  }

  get fill(): RangeFillProxy {
    return this.nav("fill");
  }
  get font(): RangeFontProxy {
    return this.nav("font");
  }
  get columnWidth(): number {
    return this.get("columnWidth");
  }
  set columnWidth(value: number) {
    this.queueWrite(value, () => {
      const { sheet, areas } = this.owner();
      for (const a of areas) for (let c = a.left; c <= a.right; c++) sheet.columnWidths.set(c, value);
    });
  }
  get rowHeight(): number {
    return this.get("rowHeight");
  }
  set rowHeight(value: number) {
    this.queueWrite(value, () => {
      const { sheet, areas } = this.owner();
      for (const a of areas) for (let r = a.top; r <= a.bottom; r++) sheet.rowHeights.set(r, value);
    });
  }
  set horizontalAlignment(value: string) {
    this.queueWrite(value, () => logFormat(this.owner, "horizontalAlignment", value));
  }
  set verticalAlignment(value: string) {
    this.queueWrite(value, () => logFormat(this.owner, "verticalAlignment", value));
  }
  set wrapText(value: boolean) {
    this.queueWrite(value, () => logFormat(this.owner, "wrapText", value));
  }
  get borders(): { getItem(index: string): Record<string, unknown> } {
    const owner = this.owner;
    return {
      getItem: (index: string) =>
        new Proxy(
          {},
          {
            set: (_t, property, value) => {
              this.queueWrite(value, () => logFormat(owner, `borders.${index}.${String(property)}`, value));
              return true;
            },
          },
        ),
    };
  }
  autofitColumns(): void {
    this.queueWrite({}, () => logFormat(this.owner, "autofitColumns", true));
  }
  autofitRows(): void {
    this.queueWrite({}, () => logFormat(this.owner, "autofitRows", true));
  }
}

function fillOf(sheet: FakeSheet, r: number, c: number): FakeFill | undefined {
  return sheet.cell(r, c)?.fill;
}

/**
 * What Excel reports for a cell without fill: white, with pattern and tintAndShade null — not
 * "None" (office-js#4900, #6218) — so "#FFFFFF" alone cannot tell no fill from a white fill.
 */
const noFill = { color: "#FFFFFF", pattern: null, patternColor: "#000000", tintAndShade: null } as const;

function fillProperty(
  fill: FakeFill | undefined,
  name: keyof typeof noFill,
  noFillPattern: string | null,
): string | number | null {
  if (!fill) return name === "pattern" ? noFillPattern : noFill[name];
  switch (name) {
    case "color":
      return fill.color;
    case "pattern":
      return fill.pattern ?? "Solid";
    case "patternColor":
      return fill.patternColor ?? "#000000";
    case "tintAndShade":
      return 0;
  }
}

/** Excel refuses to change a protected sheet's cells. */
export function assertWritable(sheet: FakeSheet): void {
  if (sheet.protected)
    throw new FakeOfficeError(
      "AccessDenied",
      "The cell or chart you're trying to change is on a protected sheet. To make a change, unprotect the sheet.",
    );
}

export class RangeFillProxy extends ClientObject {
  protected readonly typeName = "RangeFill";
  private readonly owner: CellsOwner;

  constructor(context: FakeRequestContext, owner: CellsOwner) {
    super(context);
    this.owner = owner;
  }

  protected scalarNames(): readonly string[] {
    return ["color", "pattern", "patternColor", "tintAndShade"];
  }
  protected resolve(): unknown {
    return this.owner();
  }
  protected readScalar(name: string, target: unknown): unknown {
    const { sheet, areas } = target as { sheet: FakeSheet; areas: Area[] };
    if (!(name in noFill)) throw invalidArgument(`RangeFill.${name}`);
    const { noFillPattern } = this.context.host.options;
    return uniform(areas, (r, c) =>
      fillProperty(fillOf(sheet, r, c), name as keyof typeof noFill, noFillPattern),
    );
  }

  private each(fn: (cell: FakeCell, sheet: FakeSheet, r: number, c: number) => void): void {
    const { sheet, areas } = this.owner();
    assertWritable(sheet);
    forEachCell(areas, (r, c) => fn(sheet.cellForWrite(r, c), sheet, r, c));
  }

  get color(): string {
    return this.get("color");
  }
  set color(value: string) {
    this.remember("color", value);
    this.queueWrite(value, () =>
      this.each((cell) => {
        const pattern = cell.fill?.pattern && cell.fill.pattern !== "None" ? cell.fill.pattern : "Solid";
        cell.fill = { ...cell.fill, color: normalizeColor(value), pattern };
      }),
    );
  }
  get pattern(): string {
    return this.get("pattern");
  }
  set pattern(value: string) {
    this.remember("pattern", value);
    this.queueWrite(value, () =>
      this.each((cell, sheet, r, c) => {
        if (value === "None") {
          delete cell.fill;
          sheet.prune(r, c);
        } else cell.fill = { color: cell.fill?.color ?? "#FFFFFF", ...cell.fill, pattern: value };
      }),
    );
  }
  get patternColor(): string {
    return this.get("patternColor");
  }
  set patternColor(value: string) {
    this.remember("patternColor", value);
    this.queueWrite(value, () =>
      this.each((cell) => {
        cell.fill = {
          color: cell.fill?.color ?? "#FFFFFF",
          ...cell.fill,
          patternColor: normalizeColor(value),
        };
      }),
    );
  }
  clear(): void {
    this.queueWrite({ clear: true }, () =>
      this.each((cell, sheet, r, c) => {
        delete cell.fill;
        sheet.prune(r, c);
      }),
    );
  }
}

export class RangeFontProxy extends ClientObject {
  protected readonly typeName = "RangeFont";
  private readonly owner: CellsOwner;

  constructor(context: FakeRequestContext, owner: CellsOwner) {
    super(context);
    this.owner = owner;
  }

  protected scalarNames(): readonly string[] {
    return ["bold", "italic", "size", "color", "name"];
  }
  protected resolve(): unknown {
    return this.owner();
  }
  protected readScalar(name: string, target: unknown): unknown {
    const { sheet, areas } = target as { sheet: FakeSheet; areas: Area[] };
    const defaults: Record<string, unknown> = {
      bold: false,
      italic: false,
      size: 11,
      color: "#000000",
      name: "Calibri",
    };
    if (!(name in defaults)) throw invalidArgument(`RangeFont.${name}`);
    return uniform(
      areas,
      (r, c) => (sheet.cell(r, c)?.font as Record<string, unknown> | undefined)?.[name] ?? defaults[name],
    );
  }

  private setFont(name: "bold" | "italic" | "size" | "color" | "name", value: unknown): void {
    this.queueWrite(value, () => {
      const { sheet, areas } = this.owner();
      forEachCell(areas, (r, c) => {
        const cell = sheet.cellForWrite(r, c);
        cell.font = { ...cell.font, [name]: value };
      });
    });
  }

  get bold(): boolean {
    return this.get("bold");
  }
  set bold(value: boolean) {
    this.setFont("bold", value);
  }
  get italic(): boolean {
    return this.get("italic");
  }
  set italic(value: boolean) {
    this.setFont("italic", value);
  }
  get size(): number {
    return this.get("size");
  }
  set size(value: number) {
    this.setFont("size", value);
  }
  get color(): string {
    return this.get("color");
  }
  set color(value: string) {
    this.setFont("color", value);
  }
  get name(): string {
    return this.get("name");
  }
  set name(value: string) {
    this.setFont("name", value);
  }
}

// ----------------------------------------------------------------------------------------------
// Data validation

export class DataValidationProxy extends ClientObject {
  protected readonly typeName = "DataValidation";
  private readonly owner: () => RangeTarget;

  constructor(context: FakeRequestContext, owner: () => RangeTarget) {
    super(context);
    this.owner = owner;
  }

  protected scalarNames(): readonly string[] {
    return ["rule", "errorAlert", "prompt", "ignoreBlanks", "type"];
  }
  protected resolve(): unknown {
    return this.owner();
  }
  protected readScalar(name: string, target: unknown): unknown {
    const { sheet, area } = target as RangeTarget;
    const found = sheet.validations.find((v) => contains(v.area, area.top, area.left));
    switch (name) {
      case "type":
        if (!found?.rule) return "None";
        return Object.keys(found.rule as object)[0] === "list" ? "List" : "Custom";
      case "rule":
        return found?.rule ?? {};
      case "errorAlert":
        return found?.errorAlert ?? null;
      case "prompt":
        return found?.prompt ?? null;
      case "ignoreBlanks":
        return found?.ignoreBlanks ?? true;
      default:
        throw invalidArgument(`DataValidation.${name}`);
    }
  }

  /** The validation entry for exactly this range, replacing rules on cells it covers. */
  private entry(): FakeValidation {
    const { sheet, area } = this.owner();
    const same = sheet.validations.find(
      (v) =>
        v.area.top === area.top &&
        v.area.left === area.left &&
        v.area.bottom === area.bottom &&
        v.area.right === area.right,
    );
    if (same) return same;
    sheet.validations = sheet.validations.filter((v) => !intersects(v.area, area));
    const created: FakeValidation = { area };
    sheet.validations.push(created);
    return created;
  }

  get rule(): unknown {
    return this.get("rule");
  }
  set rule(value: unknown) {
    this.queueWrite(value, () => {
      const list = (value as { list?: { source?: unknown } }).list;
      if (list && typeof list.source !== "string") throw invalidArgument("list validation source");
      this.entry().rule = value;
    });
  }
  get errorAlert(): unknown {
    return this.get("errorAlert");
  }
  set errorAlert(value: unknown) {
    this.queueWrite(value, () => {
      this.entry().errorAlert = value;
    });
  }
  get prompt(): unknown {
    return this.get("prompt");
  }
  set prompt(value: unknown) {
    this.queueWrite(value, () => {
      this.entry().prompt = value;
    });
  }
  set ignoreBlanks(value: boolean) {
    this.queueWrite(value, () => {
      this.entry().ignoreBlanks = value;
    });
  }
  clear(): void {
    this.queueWrite({ clear: true }, () => {
      const { sheet, area } = this.owner();
      sheet.validations = sheet.validations.filter((v) => !intersects(v.area, area));
    });
  }
}

// ----------------------------------------------------------------------------------------------
// Worksheet functions (only DATE, which the adapter uses to learn the workbook's date system)

export class FunctionsProxy {
  private readonly context: FakeRequestContext;

  constructor(context: FakeRequestContext) {
    this.context = context;
  }

  date(year: number, month: number, day: number): FunctionResultProxy {
    return new FunctionResultProxy(this.context, () => {
      const days = (Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86_400_000;
      if (this.context.host.workbook.date1904) return days - 1462;
      return days < 61 ? days - 1 : days;
    });
  }
}

export class FunctionResultProxy extends ClientObject {
  protected readonly typeName = "FunctionResult";
  private readonly compute: () => number;

  constructor(context: FakeRequestContext, compute: () => number) {
    super(context);
    this.compute = compute;
  }

  protected scalarNames(): readonly string[] {
    return ["value", "error"];
  }
  protected resolve(): unknown {
    return this;
  }
  protected readScalar(name: string): unknown {
    return name === "value" ? this.compute() : null;
  }
  get value(): number {
    return this.get("value");
  }
  get error(): string | null {
    return this.get("error");
  }
}
