/**
 * CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads Chinese as ANSI), CRLF line
 * ends, RFC 4180 quoting, and formula injection neutralized — a cell whose text starts with
 * = + - @, a tab or a carriage return gets a leading apostrophe, so a branch named `=HYPERLINK(…)`
 * stays text. So does one that starts with their full-width forms ＝ ＋ － ＠ (an IME types them,
 * and spreadsheets that fold widths read them as formulas), or with any of them behind invisible
 * characters — spaces, zero-width and bidi controls — that a reader may strip (docs/security.md).
 * Numbers go through the same rule. The rankings export and `juxing validate --csv` both write
 * through here.
 */
export type CsvValue = string | number | null | undefined;

const BOM = "\uFEFF";
// A tab or CR first, or a formula sign (ASCII or full-width) behind nothing but invisible
// characters: spaces, zero-width ones, bidi marks, embeddings, overrides and isolates.
const dangerous =
  /^(?:[\t\r]|[\s\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]*[=+\-@\uff1d\uff0b\uff0d\uff20])/;

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
