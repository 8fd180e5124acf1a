/**
 * A core Book (as the ExcelJS reader gives it) turned into what Excel would hold for the same
 * file: dates become serial numbers keeping their date format, errors stay errors, merges stay.
 */
import { type Book, isCellError } from "../../../shared/grid.ts";
import { FakeWorkbook } from "./workbook.ts";

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
/** Dates ExcelJS handed over without a format still display as dates in Excel. */
const DEFAULT_DATE_FORMAT = "yyyy/m/d";

/** The Excel serial of a calendar date (UTC midnight), in either date system. */
export function dateToSerial(date: Date, date1904 = false): number {
  const days = (date.getTime() - EPOCH_1900) / DAY_MS;
  if (date1904) return days - 1462;
  // Serials before 1900-03-01 are one lower: Excel counts a 1900-02-29 that never was.
  return days < 61 ? days - 1 : days;
}

export function fakeWorkbookFromBook(book: Book): FakeWorkbook {
  const workbook = new FakeWorkbook({ date1904: book.date1904 === true });
  for (const grid of book.sheets) {
    const sheet = workbook.addSheet(grid.name);
    const top = grid.origin?.row ?? 0;
    const left = grid.origin?.col ?? 0;
    grid.values.forEach((line, r) => {
      line?.forEach((value, c) => {
        if (value === null || value === undefined || value === "") return;
        const format = grid.formats?.[r]?.[c] ?? undefined;
        const cell = sheet.cellForWrite(top + r, left + c);
        if (value instanceof Date) {
          cell.value = dateToSerial(value, book.date1904 === true);
          cell.format = format ?? DEFAULT_DATE_FORMAT;
          return;
        }
        if (isCellError(value)) cell.error = value.error;
        else cell.value = value;
        if (format) cell.format = format;
      });
    });
    sheet.merges = grid.merges.map((m) => ({ ...m }));
    if (grid.hidden) sheet.visibility = "Hidden";
  }
  return workbook;
}
