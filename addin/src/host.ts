/**
 * The pane's one door to Excel: each action is one `Excel.run` batch through the Office.js
 * adapter (addin/excel). The adapter answers with an outcome (ok, or a localized refusal such as a
 * missing requirement set) and notes; here a refusal becomes an AdapterError the pane shows as is.
 */
import type { Finding, Lang } from "../../shared/findings.ts";
import type { Book } from "../../shared/grid.ts";
import { clearMarks, type MarkTarget, markFindings } from "../excel/marks.ts";
import { AdapterError, type Note, type Refusal } from "../excel/outcome.ts";
import { readWorkbookWithStats } from "../excel/read.ts";
import { type Feature, supports } from "../excel/requirements.ts";
import { writeResultsSheet } from "../excel/results-sheet.ts";
import { selectCell } from "../excel/select.ts";
import { insertTemplate } from "../excel/template.ts";

export { unsupportedMessage } from "../excel/requirements.ts";
export type { Feature };
/** A refusal from the adapter: its message is already in the user's language. */
export { AdapterError };

function settle<T extends { ok: true }>(outcome: T | Refusal): T {
  if (!outcome.ok) throw new AdapterError(outcome);
  return outcome;
}

export interface HostResult<T> {
  value: T;
  notes: Note[];
}

export const host = {
  supports(feature: Feature): boolean {
    return supports(feature);
  },

  async readWorkbook(lang: Lang): Promise<HostResult<Book>> {
    const result = settle(await Excel.run((context) => readWorkbookWithStats(context, { lang })));
    return { value: result.book, notes: result.notes };
  },

  /** Marks the findings' cells; the value is the number of cells marked. */
  async markFindings(findings: readonly MarkTarget[], lang: Lang): Promise<HostResult<number>> {
    const result = settle(await Excel.run((context) => markFindings(context, findings, { lang })));
    const { error, warning, info } = result.marked;
    return { value: error + warning + info, notes: result.notes };
  },

  /** Takes the marks away; the value is the number of cells given back their own fill. */
  async clearMarks(lang: Lang): Promise<HostResult<number>> {
    const result = settle(await Excel.run((context) => clearMarks(context, { lang })));
    return { value: result.restored, notes: result.notes };
  },

  async selectCell(sheet: string, cell: string, lang: Lang): Promise<void> {
    settle(await Excel.run((context) => selectCell(context, sheet, cell, { lang })));
  },

  /** Inserts the template sheets; the value is their names. */
  async insertTemplate(lang: Lang): Promise<HostResult<string[]>> {
    const result = settle(await Excel.run((context) => insertTemplate(context, { lang })));
    return { value: result.sheets, notes: result.notes };
  },

  /** Writes the 校验结果 sheet; the value is the number of finding rows. */
  async writeResultsSheet(findings: Finding[], lang: Lang): Promise<HostResult<number>> {
    const result = settle(await Excel.run((context) => writeResultsSheet(context, findings, { lang })));
    return { value: result.rows, notes: [] };
  },
};

/** A short text for an Office error (OfficeExtension.Error has code + message) or anything else. */
export function excelErrorMessage(err: unknown): string {
  if (err instanceof AdapterError) return err.message;
  if (err && typeof err === "object") {
    const e = err as { code?: unknown; message?: unknown };
    const message = typeof e.message === "string" ? e.message : "";
    const code = typeof e.code === "string" ? e.code : "";
    if (code && message) return `${message} (${code})`;
    if (message || code) return message || code;
  }
  return String(err);
}
