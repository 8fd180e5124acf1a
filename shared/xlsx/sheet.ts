/**
 * One worksheet part → a Grid, in one streaming pass: each <c> becomes a value and a format in
 * place, with no cell object in between. Rows and cells come from what the file holds, never from
 * its claimed dimensions, so an A1:XFD1048576 used range with one value in it costs one row.
 */
import { type Area, type CellValue, type Grid, parseArea } from "../grid.ts";
import { type CellStyle, generalStyle } from "./styles.ts";
import { attribute, unescapeText, walkXml } from "./xml.ts";

export interface SheetContext {
  sharedStrings: readonly string[];
  styles: readonly CellStyle[];
  date1904: boolean;
}

const msPerDay = 86_400_000;
/** 1970-01-01 as a 1900-system serial. */
const unixEpochSerial = 25_569;
/** Days from 1900-01-00 to 1904-01-01: the difference between the two systems' serials. */
const offset1904 = 1_462;

/**
 * The instant a date serial stands for, at UTC. The 1900 system counts a fictitious 1900-02-29
 * (Lotus's bug), so its serials 1–59 are one day ahead of the calendar.
 */
export function serialToDate(serial: number, date1904: boolean): Date {
  const leapBugDay = !date1904 && serial >= 1 && serial < 60 ? 1 : 0;
  const days = serial - unixEpochSerial + (date1904 ? offset1904 : 0) + leapBugDay;
  return new Date(Math.round(days * msPerDay));
}

/** The XML entities a formula's cached text may carry once more (ExcelJS decodes them twice). */
const entities: Record<string, string> = {
  "&lt;": "<",
  "&gt;": ">",
  "&amp;": "&",
  "&apos;": "'",
  "&quot;": '"',
};
function decodeEntities(text: string): string {
  return text.includes("&") ? text.replace(/&[a-z]*;/g, (entity) => entities[entity] ?? entity) : text;
}

/** The 0-based column of an A1 address ("C7" → 2), read straight off its letters. */
function columnOf(address: string): number | undefined {
  let col = 0;
  let i = 0;
  for (; i < address.length; i++) {
    const code = address.charCodeAt(i) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    col = col * 26 + (code - 0x60);
  }
  return i === 0 || i > 3 ? undefined : col - 1;
}

/** The cell being read: what its element and children said so far. */
interface OpenCell {
  col: number;
  type: string | undefined;
  style: CellStyle;
  /** Text of <v>, or of <t> directly under <is>. */
  value: string | undefined;
  formula: string;
  /** <f t="shared|array"> even with no text: a formula all the same. */
  formulaKind: boolean;
  /** Rich-text runs of an inline string. */
  runs: string[] | undefined;
}

export function readSheet(name: string, xml: string, context: SheetContext): Grid {
  const { sharedStrings, styles, date1904 } = context;
  const rows: { values: CellValue[]; formats: (string | null)[] }[] = [];
  const merges: Area[] = [];
  let rowIndex = -1;
  let values: CellValue[] = [];
  let formats: (string | null)[] = [];
  let lastCol = -1;
  let cell: OpenCell | undefined;
  /** Where text goes: "v", "t" (inline string), "f", "run" or nowhere. */
  let sink = "";
  let runText = "";
  let inRun = false;
  let inPhonetic = false;

  function numberValue(text: string, style: CellStyle): CellValue {
    const number = Number.parseFloat(text);
    return style.date ? serialToDate(number, date1904) : number;
  }

  function typed(type: string | undefined, text: string, style: CellStyle): CellValue {
    switch (type) {
      case "str":
        return decodeEntities(text);
      case "b":
        return Number.parseInt(text, 10) !== 0;
      case "e":
        return { error: text };
      default:
        return numberValue(text, style);
    }
  }

  function cellValue(c: OpenCell): CellValue {
    // A formula reads as its cached result; none cached (never calculated) is blank.
    if (c.formula || c.formulaKind) return c.value ? typed(c.type, c.value, c.style) : null;
    switch (c.type) {
      case "s": {
        if (c.value === undefined) return null;
        const shared = sharedStrings[Number.parseInt(c.value, 10)];
        // A dangling reference is a damaged file (Excel offers to repair it), not a blank cell.
        if (shared === undefined) throw new RangeError(`shared string ${c.value} is not in the table`);
        return shared;
      }
      case "inlineStr":
        return c.runs ? c.runs.join("") : (c.value ?? null);
      case "d": {
        // ISO 8601 date cells (Strict OOXML, some exporters).
        if (c.value === undefined) return null;
        const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(c.value) ? c.value : `${c.value}Z`);
        return Number.isNaN(date.getTime()) ? c.value : date;
      }
      default:
        return c.value === undefined ? null : typed(c.type, c.value, c.style);
    }
  }

  function finishCell(c: OpenCell): void {
    let value = cellValue(c);
    if (value === "") value = null;
    if (value === null) {
      // A later empty duplicate of a cell clears it.
      if (c.col < values.length) {
        values[c.col] = null;
        formats[c.col] = null;
      }
      return;
    }
    while (values.length < c.col) {
      values.push(null);
      formats.push(null);
    }
    values[c.col] = value;
    formats[c.col] = c.style.format;
  }

  function finishRow(): void {
    while (values.length > 0 && values[values.length - 1] === null) {
      values.pop();
      formats.pop();
    }
    // A row written twice: the later one stands, as in Excel.
    rows[rowIndex] = { values, formats };
  }

  walkXml(xml, {
    open(tag, attributes) {
      switch (tag) {
        case "row": {
          const r = attribute(attributes, "r");
          rowIndex = r ? Number.parseInt(r, 10) - 1 : rowIndex + 1;
          values = [];
          formats = [];
          lastCol = -1;
          return;
        }
        case "c": {
          const r = attribute(attributes, "r");
          const col = (r ? columnOf(r) : undefined) ?? lastCol + 1;
          lastCol = col;
          const s = Number.parseInt(attribute(attributes, "s") ?? "0", 10);
          cell = {
            col,
            type: attribute(attributes, "t"),
            // Style 0 is the workbook's default and carries no format of its own.
            style: (s && styles[s]) || generalStyle,
            value: undefined,
            formula: "",
            formulaKind: false,
            runs: undefined,
          };
          return;
        }
        case "v":
          sink = "v";
          return;
        case "f":
          sink = "f";
          if (cell && attribute(attributes, "t")) cell.formulaKind = true;
          return;
        case "r":
          if (cell) {
            cell.runs ??= [];
            inRun = true;
            runText = "";
          }
          return;
        case "rPh":
          inPhonetic = true;
          return;
        case "t":
          if (inPhonetic || !cell) return;
          sink = inRun ? "run" : "t";
          return;
        case "mergeCell": {
          const ref = attribute(attributes, "ref");
          const area = ref ? parseArea(ref) : null;
          if (area) merges.push(area);
          return;
        }
      }
    },
    text(chunk) {
      if (!cell || sink === "") return;
      if (sink === "run") runText += chunk;
      else if (sink === "f") cell.formula += chunk;
      else cell.value = cell.value === undefined ? chunk : cell.value + chunk;
    },
    close(tag) {
      switch (tag) {
        case "v":
        case "f":
        case "t":
          sink = "";
          return;
        case "r":
          if (inRun) cell?.runs?.push(unescapeText(runText));
          inRun = false;
          return;
        case "rPh":
          inPhonetic = false;
          return;
        case "c":
          if (cell) finishCell(cell);
          cell = undefined;
          sink = "";
          return;
        case "row":
          if (rowIndex >= 0) finishRow();
          return;
      }
    },
  });

  const gridValues: CellValue[][] = [];
  const gridFormats: (string | null)[][] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!row || row.values.length === 0) continue;
    while (gridValues.length < r) {
      gridValues.push([]);
      gridFormats.push([]);
    }
    gridValues.push(row.values);
    gridFormats.push(row.formats);
  }
  return { name, values: gridValues, formats: gridFormats, origin: { row: 0, col: 0 }, merges };
}
