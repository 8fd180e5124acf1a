/**
 * The reader every host uses: .xlsx bytes → the core's Book, in Node, browsers and Workers alike.
 * It streams each part once and builds no cell objects (the host inflates, a scanner made for SpreadsheetML tokenizes), and it
 * reads exactly what the ExcelJS adapter gives — values, number formats, merged areas, the 1904
 * date system, rich text, inline and shared strings, formulas' cached results — which
 * test/node/reader-differential.test.ts checks cell for cell. Where ExcelJS is plainly wrong this
 * reader is not; docs/reader.md lists those cases.
 */
import type { Book, Grid } from "../grid.ts";
import { fileErrorDetails, noWorkbookError, sniffWorkbook, WorkbookFileError } from "../workbook-file.ts";
import { type Inflate, resolveTarget, XlsxPackage } from "./package.ts";
import { readSheet } from "./sheet.ts";
import { readSharedStrings } from "./strings.ts";
import { readCellStyles } from "./styles.ts";
import { attribute, prefixedAttribute, walkXml } from "./xml.ts";

const WORKBOOK = "xl/workbook.xml";
const WORKBOOK_RELS = "xl/_rels/workbook.xml.rels";
const STYLES = "xl/styles.xml";
const SHARED_STRINGS = "xl/sharedStrings.xml";

interface SheetEntry {
  name: string;
  part: string;
  hidden: boolean;
}

/** Reads a workbook; throws WorkbookFileError (a file.* code) for anything that is not one. */
export interface ReadOptions {
  /** Node's native zlib in the command line; `fflateInflate` (fflate.ts) in browsers and Workers. */
  inflate: Inflate;
  /** The file's name, which travels with the Book: the core reads a branch and a period from it. */
  fileName?: string;
}

export function readXlsx(input: Uint8Array | ArrayBuffer, options: ReadOptions): Book {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  sniffWorkbook(bytes);
  try {
    const book = readPackage(new XlsxPackage(bytes, options.inflate));
    return options.fileName === undefined ? book : { ...book, fileName: options.fileName };
  } catch (cause) {
    if (cause instanceof WorkbookFileError) throw cause;
    throw new WorkbookFileError("file.unreadable", { cause });
  }
}

function readPackage(pkg: XlsxPackage): Book {
  const workbookXml = pkg.text(WORKBOOK);
  if (workbookXml === undefined) throw noWorkbookError((part) => pkg.has(part));
  const { sheets: declared, date1904 } = readWorkbookPart(workbookXml);
  const targets = readWorksheetTargets(pkg.text(WORKBOOK_RELS) ?? "");
  // Chart sheets and sheets whose part is missing are not worksheets: skipped, as Excel skips them.
  const entries: SheetEntry[] = [];
  for (const sheet of declared) {
    const part = targets.get(sheet.rId);
    if (part && pkg.has(part)) entries.push({ name: sheet.name, part, hidden: sheet.hidden });
  }
  if (entries.length === 0)
    throw new WorkbookFileError("file.unreadable", { text: fileErrorDetails["no-worksheets"] });
  const stylesXml = pkg.text(STYLES);
  const stringsXml = pkg.text(SHARED_STRINGS);
  const context = {
    styles: stylesXml ? readCellStyles(stylesXml) : [],
    sharedStrings: stringsXml ? readSharedStrings(stringsXml) : [],
    date1904,
  };
  const grids: Grid[] = entries.map(({ name, part, hidden }) => {
    const grid = readSheet(name, pkg.text(part) ?? "", context);
    if (hidden) grid.hidden = true;
    return grid;
  });
  return { sheets: grids, date1904 };
}

interface DeclaredSheet {
  name: string;
  rId: string;
  hidden: boolean;
}

/** The sheets in workbook order, and the date system (Excel writes date1904="1", LibreOffice "true"). */
function readWorkbookPart(xml: string): { sheets: DeclaredSheet[]; date1904: boolean } {
  const sheets: DeclaredSheet[] = [];
  let date1904 = false;
  walkXml(xml, {
    open(tag, attributes) {
      if (tag === "sheet") {
        const name = attribute(attributes, "name");
        const rId = prefixedAttribute(attributes, "id");
        const state = attribute(attributes, "state");
        if (name && rId) sheets.push({ name, rId, hidden: state === "hidden" || state === "veryHidden" });
      } else if (tag === "workbookPr") {
        date1904 = ["1", "true", "on"].includes(
          (attribute(attributes, "date1904") ?? "").trim().toLowerCase(),
        );
      }
    },
  });
  return { sheets, date1904 };
}

/** Relationship id → worksheet part name. */
function readWorksheetTargets(xml: string): Map<string, string> {
  const targets = new Map<string, string>();
  walkXml(xml, {
    open(name, attributes) {
      if (name !== "Relationship") return;
      const id = attribute(attributes, "Id");
      const target = attribute(attributes, "Target");
      if (id && target && (attribute(attributes, "Type") ?? "").endsWith("/worksheet"))
        targets.set(id, resolveTarget(target));
    },
  });
  return targets;
}
