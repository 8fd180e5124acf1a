/**
 * The findings as a 校验结果 workbook to download, written in the browser: one sheet with the
 * columns and wording of the task pane's 校验结果 sheet (addin/excel/results-sheet.ts). The parts are
 * the few an .xlsx needs (ECMA-376 Part 1), text as inline strings, zipped by fflate.
 */
import { strToU8, zipSync } from "fflate";
import { resultRow, resultsHeaders } from "../../addin/excel/results-sheet.ts";
import type { Finding, Lang } from "../../shared/findings.ts";
import { cellAddress } from "../../shared/grid.ts";

const SHEET = "校验结果";

/** Characters XML 1.0 cannot hold at all: C0 controls other than tab, LF and CR, and U+FFFE/FFFF. */
function xmlChar(code: number): boolean {
  return (
    (code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) && code !== 0xfffe && code !== 0xffff
  );
}

function escapeXml(text: string): string {
  let safe = "";
  for (const ch of text) if (xmlChar(ch.codePointAt(0) as number)) safe += ch;
  return safe.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function sheetXml(rows: string[][]): string {
  const body = rows
    .map(
      (cells, r) =>
        `<row r="${r + 1}">${cells
          .map(
            (text, c) =>
              `<c r="${cellAddress(r, c)}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`,
          )
          .join("")}</row>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`;
}

const parts = {
  "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
  "_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  "xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
};

/** The .xlsx bytes: a header row, then one row per finding. */
export function resultsWorkbook(findings: readonly Finding[], lang: Lang): Uint8Array {
  const rows = [resultsHeaders[lang], ...findings.map((finding) => resultRow(finding, lang))];
  const files: Record<string, Uint8Array> = {};
  for (const [name, xml] of Object.entries(parts)) files[name] = strToU8(xml);
  files["xl/worksheets/sheet1.xml"] = strToU8(sheetXml(rows));
  return zipSync(files, { level: 6 });
}
