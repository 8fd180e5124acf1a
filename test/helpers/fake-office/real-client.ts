/**
 * Microsoft's own Excel client library in front of the simulated workbook (Node only).
 *
 * `@microsoft/office-js`'s `excel-web-16.00.js` — the file Excel on the web loads — runs in a vm
 * context whose global object is its `window`. Its `Excel.run`, proxies, load, queueing, request
 * serialization and error objects are then the real ones; only the last hop is ours: the library
 * hands each request to `OSF.DDA.RichApi.executeRichApiRequestAsync` (in Excel, the bridge to the
 * host), and there rich-api.ts answers it from the simulated workbook. Each request is one round
 * trip: it is counted, and its request and response bodies are measured in UTF-8 bytes, which is
 * what Excel on the web's 5 MB limits apply to.
 *
 *   const office = createRealOffice(workbook);
 *   office.install();                                  // globalThis.Excel / Office
 *   await office.Excel.run((context) => readWorkbook(context));
 *   office.stats.history;                              // [{ operations, requestBytes, responseBytes }]
 *
 * `Office` stays the simulated one (office.ts): requirement sets, display language and document
 * settings live in the host page, not in the Excel client library.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import vm from "node:vm";
import type { FakeHostOptions, HostState, SyncRecord } from "./context.ts";
import { createHost, installGlobals } from "./index.ts";
import { createOffice, type FakeOfficeNamespace } from "./office.ts";
import { type RichApiRequest, RichApiSession } from "./rich-api.ts";
import type { FakeWorkbook } from "./workbook.ts";

/** The error numbers the client library maps to its own codes (RichApiMessageUtility). */
export const OFFICE_JS_ERRORS = {
  invalidApiCallInContext: 5004, // → InvalidOperationInCellEditMode
  requestPayloadSizeLimitExceeded: 5103,
  responsePayloadSizeLimitExceeded: 5104,
} as const;

interface LibraryWindow {
  Excel: {
    run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
    ErrorCodes: Record<string, string>;
  };
  OSF: { DDA: { RichApi: { executeRichApiRequestAsync?: Executor } } };
}

type Callback = (
  result:
    | { status: "succeeded"; value: { data: [number, string[], string] } }
    | { status: "failed"; error: { code: number; message: string } },
) => void;
type Executor = (message: unknown[], callback: Callback) => void;

let library: LibraryWindow | undefined;

/** The library, loaded once per test worker (about 150 ms). */
export function officeJsLibrary(): LibraryWindow {
  if (library) return library;
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve("@microsoft/office-js/package.json")), "dist/excel-web-16.00.js");
  const window: Record<string, unknown> = {
    console,
    setTimeout,
    clearTimeout,
    navigator: { userAgent: "Mozilla/5.0 (Node) juxing-tests" },
    location: { href: "https://localhost/addin/taskpane.html", search: "", hash: "", protocol: "https:" },
  };
  window.window = window;
  vm.createContext(window);
  vm.runInContext(readFileSync(file, "utf8"), window, { filename: file });
  library = window as unknown as LibraryWindow;
  return library;
}

/** The simulated host's options; cellEditMode is answered with Office's own error number here. */
export type RealHostOptions = FakeHostOptions;

export interface RealOffice {
  Excel: {
    run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
    ErrorCodes: Record<string, string>;
  };
  Office: FakeOfficeNamespace;
  workbook: FakeWorkbook;
  stats: HostState["stats"];
  host: HostState;
  install(): () => void;
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** Only the root object and the client's "_" methods (_RemoveReference): no sync of the caller's. */
function isHousekeeping(request: RichApiRequest): boolean {
  const root = (id: number) => request.ObjectPaths[String(id)]?.ObjectPathType === 1;
  return request.Actions.every(
    (action) =>
      root(action.ObjectPathId) &&
      (action.ActionType === 1 || (action.ActionType === 3 && action.Name.startsWith("_"))),
  );
}

/** Excel's side of one request: limits first, then the actions, then the response's size. */
function executorFor(host: RealOffice["host"]): Executor {
  const session = new RichApiSession(host);
  return (message, callback) => {
    const body = String(message[4] ?? "");
    const request = JSON.parse(body) as RichApiRequest;
    const record: SyncRecord = {
      operations: request.Actions.length,
      requestBytes: utf8Bytes(body),
      responseBytes: 0,
    };
    if (isHousekeeping(request)) record.housekeeping = true;
    else host.stats.syncs++;
    host.stats.history.push(record);
    const fail = (code: number, name: string, text: string) => {
      record.error = name;
      setTimeout(() => callback({ status: "failed", error: { code, message: text } }), 0);
    };
    const limit = host.options.payloadLimit;
    if (host.options.cellEditMode)
      return fail(
        OFFICE_JS_ERRORS.invalidApiCallInContext,
        "InvalidOperationInCellEditMode",
        "Excel is in cell-editing mode.",
      );
    if (limit !== null && record.requestBytes > limit)
      return fail(
        OFFICE_JS_ERRORS.requestPayloadSizeLimitExceeded,
        "RequestPayloadSizeLimitExceeded",
        "The request payload size has exceeded the limit.",
      );
    const answer = session.answer(request);
    const text = JSON.stringify(answer);
    record.responseBytes = utf8Bytes(text);
    if (answer.Error) record.error = answer.Error.Code;
    if (limit !== null && record.responseBytes > limit)
      return fail(
        OFFICE_JS_ERRORS.responsePayloadSizeLimitExceeded,
        "ResponsePayloadSizeLimitExceeded",
        "The response payload size has exceeded the limit.",
      );
    setTimeout(() => callback({ status: "succeeded", value: { data: [200, [], text] } }), 0);
  };
}

export function createRealOffice(workbook: FakeWorkbook, options: RealHostOptions = {}): RealOffice {
  const lib = officeJsLibrary();
  const host = createHost(workbook, options);
  const execute = executorFor(host);
  const Excel: RealOffice["Excel"] = {
    run(batch) {
      // One library serves every host of the worker; the run in progress decides which answers.
      lib.OSF.DDA.RichApi.executeRichApiRequestAsync = execute;
      return lib.Excel.run(batch);
    },
    ErrorCodes: lib.Excel.ErrorCodes,
  };
  const Office = createOffice(host);
  return {
    Excel,
    Office,
    workbook,
    stats: host.stats,
    host,
    install: () => installGlobals(Excel, Office),
  };
}
