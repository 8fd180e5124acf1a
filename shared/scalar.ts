/** One cell as the rules see it, read the same way whichever host gave the Grid. */
import { dateToIso, excelSerialToIso, isDateFormat } from "./dates.ts";
import { isCellError, type SheetView } from "./grid.ts";
import { cellText } from "./text.ts";

/** A cell value as the rules see it: dates as YYYY-MM-DD, percent-formatted numbers as "80%". */
export type Scalar = string | number | boolean | null;

/** 0.1 * 100 is 10.000000000000002 in binary; a percent cell shows 10 %. */
function trimNumber(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

/** The decimals a format shows after its point ("0.00" → 2), or null when it shows none fixed. */
function fixedDecimals(format: string | null): number | null {
  const match = format ? /^[#,0]*0\.(0{1,2})(?![0#])/.exec(format) : null;
  return match ? (match[1] as string).length : null;
}

/**
 * Reads one cell the way every host must agree on. A year.month typed as a number (2023.10) is
 * kept as its format shows it: Excel stores 2023.10 as 2023.1, and only the format still knows.
 */
export function readScalar(view: SheetView, row: number, col: number, date1904: boolean): Scalar {
  const value = view.value(row, col);
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return dateToIso(value);
  if (isCellError(value)) return value.error;
  if (typeof value === "number") {
    const format = view.formatAt(row, col);
    if (isDateFormat(format)) return excelSerialToIso(value, date1904) ?? value;
    if (format?.includes("%")) return `${trimNumber(value * 100)}%`;
    if (value >= 1900 && value <= 2100 && !Number.isInteger(value)) {
      const decimals = fixedDecimals(format);
      if (decimals !== null) return value.toFixed(decimals);
    }
    return value;
  }
  if (typeof value === "string") return cellText(value) || null;
  return value;
}
