/**
 * The request context of the simulated host: a queue of operations that reaches the document only
 * in `sync()`, as Office.js batches do. Loads deliver their values only when the whole batch has
 * succeeded; writes before a failing operation stay applied (Excel runs a batch in order and stops
 * at the first error). Payloads are measured the way Excel on the web limits them (5 MB per
 * request and per response), so code that forgets to read in blocks fails here as it would there.
 */
import { FakeOfficeError } from "./errors.ts";
import type { FakeWorkbook } from "./workbook.ts";

export interface FakeHostOptions {
  /** Requirement sets the host claims, e.g. { ExcelApi: "1.17" }. */
  requirementSets?: Record<string, string>;
  displayLanguage?: string;
  partitionKey?: string;
  /** Excel's cap on merged areas returned by one getMergedAreasOrNullObject call (512). */
  mergedAreaLimit?: number;
  /**
   * What happens past the cap. The reference says the method "will fail to return the result";
   * "throw" rejects the sync (the default), "null" returns a null object.
   */
  mergedAreaOverflow?: "throw" | "null";
  /** Bytes per request and per response; Excel on the web allows 5 MB. null: no limit. */
  payloadLimit?: number | null;
  /** Longest address string Worksheet.getRanges accepts (about 8,192 characters in practice). */
  rangeAddressLimit?: number;
  /** Reported by Office.onReady. */
  platform?: string;
  /** Office.context.document.url: the workbook's path or URL ("" for a new, unsaved workbook). */
  documentUrl?: string;
  /**
   * Large reads on the web have failed as GeneralException, and `values` can come back null: a
   * values or number-format load of more than `cells` cells answers so. Unset: no such limit.
   */
  oversizedRead?: { cells: number; answer: "GeneralException" | "null" } | null;
  /** A cell is being edited: Excel refuses every batch (InvalidOperationInCellEditMode). */
  cellEditMode?: boolean;
  /**
   * The pattern a cell without fill reports: null as documented and reported (office-js#4900,
   * #6218; the default), or "None" as some hosts answer.
   */
  noFillPattern?: string | null;
}

export interface SyncRecord {
  operations: number;
  requestBytes: number;
  responseBytes: number;
  error?: string;
  /**
   * Office.js's own bookkeeping, not a sync of the caller's: the root object an empty Excel.run
   * still sends, and the _RemoveReference of kept ranges at the end of a run. Not in `syncs`.
   */
  housekeeping?: boolean;
}

export interface FakeStats {
  /**
   * Every context.sync(), including the implicit one at the end of Excel.run when work is pending
   * (through the real client: every request but its housekeeping).
   */
  syncs: number;
  history: SyncRecord[];
  reset(): void;
}

export interface HostState {
  workbook: FakeWorkbook;
  options: Required<
    Omit<FakeHostOptions, "partitionKey" | "payloadLimit" | "oversizedRead" | "noFillPattern">
  > & {
    partitionKey: string | undefined;
    payloadLimit: number | null;
    oversizedRead: FakeHostOptions["oversizedRead"];
    noFillPattern: string | null;
  };
  stats: FakeStats;
}

/** What a queued operation does at sync: a load returns its size and how to deliver its values. */
export interface Operation {
  requestBytes: number;
  run(): { bytes: number; deliver(): void } | undefined;
}

/** UTF-8 bytes of the value as JSON: what crosses the wire (a Chinese character is 3 bytes). */
export function jsonSize(value: unknown): number {
  if (value === undefined) return 0;
  const text = JSON.stringify(value) ?? "";
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair is 4 bytes in UTF-8: 2 for each half.
    bytes += code < 0x80 ? 1 : code < 0x800 || (code >= 0xd800 && code < 0xe000) ? 2 : 3;
  }
  return bytes;
}

export class FakeRequestContext {
  readonly host: HostState;
  /** Office.js's tracked-object bookkeeping; nothing to track in a simulation. */
  readonly trackedObjects = { add(): void {}, remove(): void {} };
  private queue: Operation[] = [];
  /** Set by index.ts: the proxy for context.workbook. */
  workbook!: unknown;

  constructor(host: HostState) {
    this.host = host;
  }

  enqueue(operation: Operation): void {
    this.queue.push(operation);
  }

  get pending(): number {
    return this.queue.length;
  }

  /**
   * Runs what is queued, in order, delivering each load at once and returning its response bytes:
   * the host's side of one RichApi action (rich-api.ts), where no sync of this context is involved.
   */
  runQueued(): number {
    const operations = this.queue;
    this.queue = [];
    let bytes = 0;
    for (const op of operations) {
      const loaded = op.run();
      if (!loaded) continue;
      bytes += loaded.bytes;
      loaded.deliver();
    }
    return bytes;
  }

  async sync<T>(passThroughValue?: T): Promise<T> {
    const operations = this.queue;
    this.queue = [];
    const { stats, options } = this.host;
    stats.syncs++;
    const record: SyncRecord = { operations: operations.length, requestBytes: 0, responseBytes: 0 };
    stats.history.push(record);
    // A real round trip: nothing of the batch is visible until the promise settles.
    await Promise.resolve();
    if (options.cellEditMode) {
      record.error = "InvalidOperationInCellEditMode";
      throw new FakeOfficeError(
        "InvalidOperationInCellEditMode",
        "Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.",
      );
    }
    const limit = options.payloadLimit;
    for (const op of operations) record.requestBytes += op.requestBytes;
    if (limit !== null && record.requestBytes > limit) {
      record.error = "RequestPayloadSizeLimitExceeded";
      throw new FakeOfficeError(
        "RequestPayloadSizeLimitExceeded",
        "The request payload size has exceeded the limit. Please refer to the documentation: https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins.",
      );
    }
    const deliveries: (() => void)[] = [];
    for (const op of operations) {
      try {
        const loaded = op.run();
        if (loaded) {
          record.responseBytes += loaded.bytes;
          deliveries.push(loaded.deliver);
        }
      } catch (error) {
        record.error = error instanceof FakeOfficeError ? error.code : String(error);
        throw error;
      }
    }
    if (limit !== null && record.responseBytes > limit) {
      record.error = "ResponsePayloadSizeLimitExceeded";
      throw new FakeOfficeError(
        "ResponsePayloadSizeLimitExceeded",
        "The response payload size has exceeded the limit. Please refer to the documentation: https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins.",
      );
    }
    for (const deliver of deliveries) deliver();
    return passThroughValue as T;
  }
}
