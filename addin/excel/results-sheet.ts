/**
 * The optional 校验结果 sheet: one row per finding, each cell reference a link to the cell.
 * Sync 1 looks for an earlier results sheet; sync 2 replaces it (deleted and added again at the
 * end, so nothing of the old one survives) and writes everything. Every further ROWS_PER_SYNC
 * findings cost one more sync, keeping each request well under Excel on the web's 5 MB (a row is
 * about 300 bytes, its message being most of it).
 */
import { type Finding, type Lang, renderFinding, type Severity } from "../../shared/findings.ts";
import { columnLetters } from "../../shared/grid.ts";
import { guarded, type Refusal, syncCounter, unsupported } from "./outcome.ts";
import { RESULTS_SHEET } from "./read.ts";
import { hostLang, supports } from "./requirements.ts";

export { RESULTS_SHEET };
export const ROWS_PER_SYNC = 5_000;

export const resultsHeaders: Record<Lang, string[]> = {
  "zh-CN": ["严重程度", "代码", "工作表", "单元格", "列", "值", "说明"],
  en: ["Severity", "Code", "Sheet", "Cell", "Column", "Value", "Message"],
};

const severityText: Record<Severity, Record<Lang, string>> = {
  error: { "zh-CN": "错误", en: "Error" },
  warning: { "zh-CN": "警告", en: "Warning" },
  info: { "zh-CN": "提示", en: "Info" },
};

/** Column widths in points (Office.js measures widths in points). */
const widths = [54, 150, 90, 54, 80, 120, 420];
const CELL_COLUMN = 3;

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** A link to the finding's cell; inside a formula string every " is doubled. */
function link(finding: Finding): string {
  if (!finding.sheet || !finding.cell) return "";
  const target = `#${quoteSheet(finding.sheet)}!${finding.cell}`.replace(/"/g, '""');
  return `=HYPERLINK("${target}","${finding.cell}")`;
}

export function resultRow(finding: Finding, lang: Lang): string[] {
  return [
    severityText[finding.severity][lang],
    finding.code,
    finding.sheet ?? "",
    finding.cell ?? "",
    finding.column ?? "",
    finding.value === null ? "" : String(finding.value),
    renderFinding(finding, lang),
  ];
}

async function writeResultsSheetUnguarded(
  context: Excel.RequestContext,
  findings: readonly Finding[],
  options: { lang?: Lang; activate?: boolean } = {},
): Promise<{ ok: true; sheet: string; rows: number; syncs: number } | Refusal> {
  const lang = options.lang ?? hostLang();
  if (!supports("resultsSheet")) return unsupported("resultsSheet", lang);
  const counter = syncCounter(context);
  const worksheets = context.workbook.worksheets;

  const existing = worksheets.getItemOrNullObject(RESULTS_SHEET);
  existing.load("name");
  await counter.sync();

  if (!existing.isNullObject) existing.delete();
  const sheet = worksheets.add(RESULTS_SHEET);
  const columns = resultsHeaders[lang].length;
  const last = columnLetters(columns - 1);
  const header = sheet.getRange(`A1:${last}1`);
  header.values = [resultsHeaders[lang]];
  header.format.font.bold = true;
  header.format.fill.color = "#FCE4D6";
  widths.forEach((width, i) => {
    sheet.getRange(`${columnLetters(i)}:${columnLetters(i)}`).format.columnWidth = width;
  });
  sheet.freezePanes.freezeRows(1);

  const total = findings.length;
  for (let start = 0; start < total || start === 0; start += ROWS_PER_SYNC) {
    const part = findings.slice(start, start + ROWS_PER_SYNC);
    if (part.length > 0) {
      const first = start + 2;
      const lastRow = first + part.length - 1;
      const body = sheet.getRange(`A${first}:${last}${lastRow}`);
      // Text format first: values such as 2023-06 or 80% must stay as read, not turn into numbers.
      body.numberFormat = part.map(() => Array.from({ length: columns }, () => "@"));
      body.values = part.map((f) => resultRow(f, lang));
      const cells = sheet.getRange(
        `${columnLetters(CELL_COLUMN)}${first}:${columnLetters(CELL_COLUMN)}${lastRow}`,
      );
      cells.numberFormat = part.map(() => ["General"]);
      cells.formulas = part.map((f) => [link(f) || (f.cell ?? "")]);
    }
    if (start + ROWS_PER_SYNC >= total && options.activate) sheet.activate();
    await counter.sync();
  }
  return { ok: true, sheet: RESULTS_SHEET, rows: total, syncs: counter.count };
}

/** writeResultsSheet, answering a protected sheet or a cell being edited with a refusal in words. */
export const writeResultsSheet = guarded(writeResultsSheetUnguarded);
