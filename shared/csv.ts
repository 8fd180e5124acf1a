/**
 * CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Chinese as ANSI), CRLF line
 * ends, RFC 4180 quoting, and formula injection neutralized — a cell whose text starts with
 * = + - @, a tab or a carriage return gets a leading apostrophe, so a branch named `=HYPERLINK(…)`
 * stays text. Numbers go through the same rule. The rankings export and `juxing validate --csv`
 * both write through here.
 */
export type CsvValue = string | number | null | undefined;

const BOM = "\uFEFF";
const dangerous = /^[=+\-@\t\r]/;

/** One cell: neutralized, then quoted when it holds a quote, comma, CR or LF. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let s = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value;
  if (dangerous.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A whole file: BOM, one CRLF-terminated line per row. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  let out = BOM;
  for (const row of rows) out += `${row.map(csvCell).join(",")}\r\n`;
  return out;
}
