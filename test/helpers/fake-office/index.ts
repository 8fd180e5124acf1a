/**
 * A simulated Excel host for tests in Node and in a browser page: `Excel.run`, proxies with
 * Office.js load/sync semantics over a FakeWorkbook, `Office.context` (requirement sets,
 * display language, partition key, document settings) and a count of every `context.sync()`.
 *
 *   const fake = createFakeOffice(fakeWorkbookFromBook(book), { requirementSets: { ExcelApi: "1.12" } });
 *   fake.install();                       // globalThis.Excel / Office, as office.js would set them
 *   await fake.Excel.run((context) => readWorkbook(context));
 *   fake.stats.syncs;                     // round trips so far
 */
import { type FakeHostOptions, FakeRequestContext, type FakeStats, type HostState } from "./context.ts";
import { createOffice, type FakeOfficeNamespace } from "./office.ts";
import { WorkbookProxy } from "./proxies.ts";
import type { FakeWorkbook } from "./workbook.ts";

export type { FakeHostOptions, FakeStats, SyncRecord } from "./context.ts";
export { FakeOfficeError } from "./errors.ts";
export { dateToSerial, fakeWorkbookFromBook } from "./from-book.ts";
export type { FakeOfficeNamespace } from "./office.ts";
export {
  type FakeCell,
  type FakeFill,
  FakeSheet,
  type FakeValidation,
  FakeWorkbook,
  type FakeWorkbookJson,
} from "./workbook.ts";

/** Every requirement set this simulation implements well enough for the adapter. */
export const ALL_REQUIREMENT_SETS: Record<string, string> = { ExcelApi: "1.17" };

export interface FakeExcelNamespace {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  /** The simulation's own context type, for tests that poke at proxies directly. */
  runFake<T>(batch: (context: FakeRequestContext & { workbook: WorkbookProxy }) => Promise<T>): Promise<T>;
  ErrorCodes: Record<string, string>;
}

export interface FakeOffice {
  Excel: FakeExcelNamespace;
  Office: FakeOfficeNamespace;
  workbook: FakeWorkbook;
  stats: FakeStats;
  /** Puts Excel and Office on globalThis, as office.js does; returns the undo. */
  install(): () => void;
}

/** The document, the options filled in, and the sync counter: what both kinds of client talk to. */
export function createHost(workbook: FakeWorkbook, options: FakeHostOptions = {}): HostState {
  const history: FakeStats["history"] = [];
  const stats: FakeStats = {
    syncs: 0,
    history,
    reset() {
      stats.syncs = 0;
      history.length = 0;
    },
  };
  return {
    workbook,
    stats,
    options: {
      requirementSets: options.requirementSets ?? ALL_REQUIREMENT_SETS,
      displayLanguage: options.displayLanguage ?? "zh-CN",
      partitionKey: options.partitionKey,
      mergedAreaLimit: options.mergedAreaLimit ?? 512,
      mergedAreaOverflow: options.mergedAreaOverflow ?? "throw",
      payloadLimit: options.payloadLimit === undefined ? 5 * 1024 * 1024 : options.payloadLimit,
      rangeAddressLimit: options.rangeAddressLimit ?? 8192,
      platform: options.platform ?? "OfficeOnline",
      documentUrl: options.documentUrl ?? "",
      oversizedRead: options.oversizedRead ?? null,
      cellEditMode: options.cellEditMode === true,
      noFillPattern: options.noFillPattern === undefined ? null : options.noFillPattern,
    },
  };
}

export function createFakeOffice(workbook: FakeWorkbook, options: FakeHostOptions = {}): FakeOffice {
  const host = createHost(workbook, options);
  const { stats } = host;

  async function runFake<T>(
    batch: (context: FakeRequestContext & { workbook: WorkbookProxy }) => Promise<T>,
  ): Promise<T> {
    const context = new FakeRequestContext(host) as FakeRequestContext & { workbook: WorkbookProxy };
    context.workbook = new WorkbookProxy(context);
    const result = await batch(context);
    // Excel.run sends whatever the batch left queued.
    if (context.pending > 0) await context.sync();
    return result;
  }

  const Excel: FakeExcelNamespace = {
    run: (batch) => runFake((context) => batch(context as unknown as Excel.RequestContext)),
    runFake,
    ErrorCodes: {
      generalException: "GeneralException",
      invalidArgument: "InvalidArgument",
      invalidOperation: "InvalidOperation",
      itemAlreadyExists: "ItemAlreadyExists",
      itemNotFound: "ItemNotFound",
      responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
    },
  };
  const Office = createOffice(host);
  return { Excel, Office, workbook, stats, install: () => installGlobals(Excel, Office) };
}

/** Puts Excel and Office on globalThis, as office.js does; returns the undo. */
export function installGlobals(Excel: unknown, Office: unknown): () => void {
  const g = globalThis as Record<string, unknown>;
  const before = { Excel: g.Excel, Office: g.Office };
  g.Excel = Excel;
  g.Office = Office;
  return () => {
    g.Excel = before.Excel;
    g.Office = before.Office;
  };
}
