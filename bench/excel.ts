/**
 * Excel benchmark: the task pane's reads and marks through Microsoft's own client library
 * (`@microsoft/office-js`, excel-web-16.00.js) in front of the simulated workbook
 * (test/helpers/fake-office/real-client.ts). For each case: the syncs, and the largest request and
 * response in UTF-8 bytes as the client serialized them — what Excel on the web's 5 MB limits apply
 * to. Housekeeping requests of Excel.run itself (the _RemoveReference of kept ranges at the end of
 * a run) are counted apart and included in the largest sizes.
 *
 *   read    the 14-row canonical list and a 20,000-row list (bench/core.ts's generator)
 *   mark    14 findings and 20,000, one a row of each list on columns D to G in turn (so no two
 *           share a run of cells), then clear the same
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { clearMarks, markFindings } from "../addin/excel/marks.ts";
import { readWorkbookWithStats } from "../addin/excel/read.ts";
import { readBook } from "../cli/xlsx.ts";
import type { Finding } from "../shared/findings.ts";
import type { Book } from "../shared/grid.ts";
import { fakeWorkbookFromBook } from "../test/helpers/fake-office/index.ts";
import { createRealOffice, type RealOffice } from "../test/helpers/fake-office/real-client.ts";
import { type Figure, generateList } from "./core.ts";

/** Excel on the web refuses a request or a response over 5 MB. */
export const WEB_LIMIT = 5_000_000;

export interface ExcelCase {
  syncs: number;
  /** Excel.run's own requests (reference cleanup), not syncs of the adapter. */
  housekeeping: number;
  largestRequestBytes: number;
  largestResponseBytes: number;
  underLimit: boolean;
}

const fixtures = join(import.meta.dirname, "../test/fixtures/workbooks");

async function measure(
  office: RealOffice,
  work: Parameters<RealOffice["Excel"]["run"]>[0],
): Promise<ExcelCase> {
  office.stats.reset();
  const result = (await office.Excel.run(work)) as { ok: boolean; message?: string };
  if (!result.ok) throw new Error(`bench excel: ${result.message}`);
  const history = office.stats.history;
  const largestRequestBytes = Math.max(0, ...history.map((h) => h.requestBytes));
  const largestResponseBytes = Math.max(0, ...history.map((h) => h.responseBytes));
  return {
    syncs: office.stats.syncs,
    housekeeping: history.filter((h) => h.housekeeping).length,
    largestRequestBytes,
    largestResponseBytes,
    underLimit: largestRequestBytes < WEB_LIMIT && largestResponseBytes < WEB_LIMIT,
  };
}

/** One finding a row, on columns D to G in turn: 20,000 cells no two of which share a run. */
function findingsPerRow(book: Book, count: number): Finding[] {
  const sheet = book.sheets[0]?.name ?? "";
  return Array.from({ length: count }, (_, i) => {
    const column = "DEFG"[i % 4] as string;
    return {
      code: "owner.missing",
      severity: i % 2 ? "error" : "warning",
      sheet,
      cell: `${column}${3 + i}`,
      row: 3 + i,
      column,
      value: null,
      params: {},
    };
  });
}

async function readAndMark(book: Book, findings: Finding[]): Promise<Record<string, ExcelCase>> {
  const workbook = fakeWorkbookFromBook(book);
  // A few fills of the user's own, which clearing must give back.
  const sheet = workbook.sheets[0];
  sheet?.setFill("B2", "#D9E1F2");
  sheet?.setFill("E3", "#FFFF00");
  const office = createRealOffice(workbook, { payloadLimit: null });
  const uninstall = office.install();
  try {
    return {
      read: await measure(office, (context) => readWorkbookWithStats(context)),
      mark: await measure(office, (context) => markFindings(context, findings)),
      clear: await measure(office, (context) => clearMarks(context)),
    };
  } finally {
    uninstall();
  }
}

export async function excelBench(): Promise<{ figures: Figure[]; excel: Record<string, ExcelCase> }> {
  const canonical = await readBook(readFileSync(join(fixtures, "canonical.xlsx")));
  const large = await readBook(await generateList(20_000));
  const small = await readAndMark(canonical, findingsPerRow(canonical, 14));
  const big = await readAndMark(large, findingsPerRow(large, 20_000));
  const excel: Record<string, ExcelCase> = {
    "read 14 rows": small.read as ExcelCase,
    "read 20,000 rows": big.read as ExcelCase,
    "mark 14 findings": small.mark as ExcelCase,
    "clear 14 findings": small.clear as ExcelCase,
    "mark 20,000 findings": big.mark as ExcelCase,
    "clear 20,000 findings": big.clear as ExcelCase,
  };
  const figures: Figure[] = Object.entries(excel).flatMap(([name, c]) => [
    { name: `excel ${name}: syncs`, value: c.syncs, unit: "syncs" },
    {
      name: `excel ${name}: largest request`,
      value: c.largestRequestBytes,
      unit: "bytes",
      target: "< 5,000,000",
    },
    {
      name: `excel ${name}: largest response`,
      value: c.largestResponseBytes,
      unit: "bytes",
      target: "< 5,000,000",
    },
  ]);
  return { figures, excel };
}
