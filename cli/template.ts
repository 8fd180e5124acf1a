/** Writes the canonical template (shared/template.ts) as an .xlsx with ExcelJS. */
import { writeFile } from "node:fs/promises";

import ExcelJS from "exceljs";

import { columnLetters } from "../shared/grid.ts";
import { type TemplateSheet, templateLayout, templateSheets, templateStyle } from "../shared/template.ts";

export async function writeTemplate(path: string): Promise<void> {
  await writeFile(path, await templateBuffer());
}

export async function templateBuffer(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "聚星 Juxing";
  for (const sheet of templateSheets) addSheet(workbook, sheet);
  // ExcelJS types the result as an ArrayBuffer; in Node it is a Buffer, already a Uint8Array.
  const data: unknown = await workbook.xlsx.writeBuffer();
  return data instanceof Uint8Array ? data : new Uint8Array(data as ArrayBuffer);
}

/** The validation shape ExcelJS writes; its typings omit both `any` and Worksheet.dataValidations. */
interface Validation {
  type: "list" | "any";
  allowBlank?: boolean;
  formulae?: string[];
  showErrorMessage?: boolean;
  errorStyle?: "stop" | "warning" | "information";
  errorTitle?: string;
  error?: string;
  showInputMessage?: boolean;
  promptTitle?: string;
  prompt?: string;
}

interface RangeValidations {
  add(range: string, validation: Validation): void;
}

const thin = { style: "thin", color: { argb: `FF${templateStyle.border}` } } as const;
const headerBorder = { top: thin, left: thin, bottom: thin, right: thin };

function addSheet(workbook: ExcelJS.Workbook, sheet: TemplateSheet): void {
  const { headerRow, firstDataRow, lastDataRow } = templateLayout(sheet);
  const ws = workbook.addWorksheet(sheet.name, { views: [{ state: "frozen", ySplit: headerRow }] });
  const columnCount = sheet.columns.length;

  if (sheet.title !== undefined) {
    ws.mergeCells(1, 1, 1, columnCount);
    const title = ws.getCell(1, 1);
    title.value = sheet.title;
    title.font = { bold: true, size: templateStyle.titleFontSize };
    title.alignment = { horizontal: "center", vertical: "middle" };
    ws.getRow(1).height = templateStyle.titleRowHeight;
  }

  ws.getRow(headerRow).height = templateStyle.headerRowHeight;
  sheet.columns.forEach((column, index) => {
    ws.getColumn(index + 1).width = column.width;
    const cell = ws.getCell(headerRow, index + 1);
    cell.value = column.header;
    cell.font = { bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: `FF${templateStyle.headerFill}` } };
    cell.border = headerBorder;
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  });

  sheet.rows?.forEach((values, offset) => {
    values.forEach((value, index) => {
      if (value !== null) ws.getCell(firstDataRow + offset, index + 1).value = value;
    });
  });

  const validations = (ws as unknown as { dataValidations: RangeValidations }).dataValidations;
  sheet.columns.forEach((column, index) => {
    const { format, list } = column;
    if (format !== undefined) {
      for (let row = firstDataRow; row <= lastDataRow; row++) ws.getCell(row, index + 1).numFmt = format;
    }
    if (list !== undefined) {
      const letters = columnLetters(index);
      validations.add(`${letters}${firstDataRow}:${letters}${lastDataRow}`, {
        type: "list",
        allowBlank: true,
        formulae: [`"${list.join(",")}"`],
        showErrorMessage: true,
        errorStyle: "stop",
        errorTitle: column.header,
        error: `请从下拉列表中选择：${list.join("、")}`,
      });
    }
  });

  for (const prompt of sheet.prompts ?? []) {
    validations.add(`${columnLetters(prompt.column - 1)}${prompt.row}`, {
      type: "any",
      showInputMessage: true,
      promptTitle: prompt.title,
      prompt: prompt.text,
    });
  }
}
