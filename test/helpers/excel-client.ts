/**
 * Which Excel client the adapter suite runs through: the simulated host's own proxies (quick, and
 * bundled into browser pages too), or Microsoft's `excel-web-16.00.js` in front of the same
 * simulated workbook (fake-office/real-client.ts) — the one that decides, since its proxies,
 * queueing, request serialization and errors are Excel's own. test/node/addin-office-js.test.ts
 * picks the second before it loads the suite.
 */
import {
  createFakeOffice,
  type FakeHostOptions,
  type FakeOfficeNamespace,
  type FakeStats,
  type FakeWorkbook,
} from "./fake-office/index.ts";
import { createRealOffice, type RealHostOptions } from "./fake-office/real-client.ts";

export type ExcelClient = "simulated host" | "office-js client";

let client: ExcelClient = "simulated host";

export function useExcelClient(chosen: ExcelClient): void {
  client = chosen;
}

export function excelClient(): ExcelClient {
  return client;
}

/** What a test needs of either client: Excel.run, Office, the document and the round trips. */
export interface OfficeHost {
  Excel: { run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> };
  Office: FakeOfficeNamespace;
  workbook: FakeWorkbook;
  stats: FakeStats;
  install(): () => void;
}

export function createOfficeHost(
  workbook: FakeWorkbook,
  options: RealHostOptions & FakeHostOptions = {},
): OfficeHost {
  return client === "office-js client"
    ? createRealOffice(workbook, options)
    : createFakeOffice(workbook, options);
}
