/**
 * The template (shared/template.ts) laid out through Office.js: the same sheets, headers, title
 * merge, widths, number formats and dropdown lists the command line writes with ExcelJS.
 *
 *   sync 1  the sheets there are;
 *   sync 2  whether each holds data (used range, values only);
 *   sync 3  everything written.
 *
 * It goes into a new or empty workbook only: if a sheet of a template name already holds data the
 * insert is refused, so nobody's list is overwritten. Empty template-named sheets are reused, and
 * an empty default sheet (Sheet1, 工作表1) is removed once the template sheets exist.
 */
import type { Lang } from "../../shared/findings.ts";
import { columnLetters } from "../../shared/grid.ts";
import { type TemplateSheet, templateLayout, templateSheets, templateStyle } from "../../shared/template.ts";
import { guarded, type Note, type Refusal, refusal, syncCounter, unsupported } from "./outcome.ts";
import { hostLang, supports, unsupportedMessage } from "./requirements.ts";

const text = {
  conflict: {
    "zh-CN": "工作簿中的工作表“{sheets}”已有内容，为避免覆盖，未插入模板。请新建一个空白工作簿后再插入模板。",
    en: 'The sheets "{sheets}" already hold data, so the template was not inserted (nothing is overwritten). Create a new blank workbook and insert the template there.',
  },
  listError: {
    "zh-CN": "请从下拉列表中选择：{options}",
    en: "Choose from the list: {options}",
  },
} satisfies Record<string, Record<Lang, string>>;

/** Excel's default sheet names in English and Chinese builds. */
const DEFAULT_SHEET = /^(Sheet|工作表)\d+$/i;

/**
 * Excel widths are characters of the default font's digit (7 px for 11-pt Calibri / 等线) plus
 * 5 px of padding; Office.js sets them in points (0.75 pt per pixel).
 */
export function charactersToPoints(characters: number): number {
  return Math.round((characters * 7 + 5) * 0.75 * 100) / 100;
}

export interface TemplateResult {
  ok: true;
  sheets: string[];
  notes: Note[];
  syncs: number;
}

async function insertTemplateUnguarded(
  context: Excel.RequestContext,
  options: { lang?: Lang } = {},
): Promise<TemplateResult | Refusal> {
  const lang = options.lang ?? hostLang();
  if (!supports("template")) return unsupported("template", lang);
  const counter = syncCounter(context);
  const notes: Note[] = [];
  const withLists = supports("listValidation");
  if (!withLists)
    notes.push({
      code: "template.no-validation",
      sheet: null,
      message: unsupportedMessage("listValidation", lang),
    });

  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  await counter.sync();
  const used = worksheets.items.map((ws) => ({
    ws,
    used: ws.getUsedRangeOrNullObject(true).load("address"),
  }));
  await counter.sync();

  const templateNames = new Set(templateSheets.map((s) => s.name));
  const holding = used.filter(({ used: u }) => !u.isNullObject);
  const conflicts = holding.map(({ ws }) => ws.name).filter((name) => templateNames.has(name));
  if (conflicts.length > 0)
    return refusal(
      "template-conflict",
      text.conflict[lang].replace("{sheets}", conflicts.join("、")),
      counter.count,
    );

  const empty = new Map(used.filter(({ used: u }) => u.isNullObject).map(({ ws }) => [ws.name, ws]));
  templateSheets.forEach((spec, position) => {
    const ws = empty.get(spec.name) ?? worksheets.add(spec.name);
    ws.position = position;
    writeSheet(ws, spec, withLists, lang);
  });
  for (const [name, ws] of empty) if (DEFAULT_SHEET.test(name) && !templateNames.has(name)) ws.delete();
  const tasks = templateSheets[1];
  if (tasks) worksheets.getItem(tasks.name).activate();
  await counter.sync();
  return { ok: true, sheets: templateSheets.map((s) => s.name), notes, syncs: counter.count };
}

function writeSheet(ws: Excel.Worksheet, sheet: TemplateSheet, withLists: boolean, lang: Lang): void {
  const { headerRow, firstDataRow, lastDataRow } = templateLayout(sheet);
  const last = columnLetters(sheet.columns.length - 1);

  if (sheet.title !== undefined) {
    const title = ws.getRange(`A1:${last}1`);
    title.merge(false);
    ws.getRange("A1").values = [[sheet.title]];
    title.format.font.bold = true;
    title.format.font.size = templateStyle.titleFontSize;
    title.format.horizontalAlignment = "Center";
    title.format.verticalAlignment = "Center";
    title.format.rowHeight = templateStyle.titleRowHeight;
  }

  const header = ws.getRange(`A${headerRow}:${last}${headerRow}`);
  header.values = [sheet.columns.map((c) => c.header)];
  header.format.font.bold = true;
  header.format.fill.color = `#${templateStyle.headerFill}`;
  header.format.horizontalAlignment = "Center";
  header.format.verticalAlignment = "Center";
  header.format.wrapText = true;
  header.format.rowHeight = templateStyle.headerRowHeight;
  for (const edge of ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideVertical"] as const) {
    const border = header.format.borders.getItem(edge);
    border.style = "Continuous";
    border.color = `#${templateStyle.border}`;
  }

  sheet.columns.forEach((column, index) => {
    const letters = columnLetters(index);
    ws.getRange(`${letters}:${letters}`).format.columnWidth = charactersToPoints(column.width);
    const data = ws.getRange(`${letters}${firstDataRow}:${letters}${lastDataRow}`);
    if (column.format !== undefined)
      data.numberFormat = Array.from({ length: sheet.dataRowCount }, () => [column.format as string]);
    if (column.list !== undefined && withLists) {
      data.dataValidation.rule = { list: { inCellDropDown: true, source: column.list.join(",") } };
      data.dataValidation.errorAlert = {
        showAlert: true,
        style: "Stop",
        title: column.header,
        message: text.listError[lang].replace("{options}", column.list.join("、")),
      };
    }
  });

  if (sheet.rows && sheet.rows.length > 0) {
    const body = ws.getRange(`A${firstDataRow}:${last}${firstDataRow + sheet.rows.length - 1}`);
    // null leaves a cell as it is, which in a fresh sheet is blank.
    body.values = sheet.rows.map((r) => r.map((v) => v));
  }

  if (withLists) {
    for (const prompt of sheet.prompts ?? []) {
      const cell = ws.getRange(`${columnLetters(prompt.column - 1)}${prompt.row}`);
      cell.dataValidation.prompt = { showPrompt: true, title: prompt.title, message: prompt.text };
    }
  }
  ws.freezePanes.freezeRows(headerRow);
}

/** insertTemplate, answering a protected sheet or a cell being edited with a refusal in words. */
export const insertTemplate = guarded(insertTemplateUnguarded);
