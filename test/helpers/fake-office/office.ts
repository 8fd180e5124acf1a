/**
 * The parts of the `Office` namespace a task pane touches: requirement sets, display language,
 * storage partition, document settings and onReady. Settings behave as Office's do: `set` and
 * `remove` change an in-memory copy, `saveAsync` writes it into the document, and a pane that
 * reloads (a new createFakeOffice on the same workbook) sees only what was saved.
 */
import type { HostState } from "./context.ts";

/** Office keeps an add-in's settings to about 2 MB once serialized. */
const SETTINGS_LIMIT = 2_000_000;

export interface AsyncResult<T = undefined> {
  status: "succeeded" | "failed";
  value: T;
  error?: { code: number; name: string; message: string };
}

type Callback<T = undefined> = (result: AsyncResult<T>) => void;

export class FakeSettings {
  private copy: Record<string, unknown>;
  private readonly host: HostState;

  constructor(host: HostState) {
    this.host = host;
    this.copy = structuredCloneJson(host.workbook.settings);
  }

  get(name: string): unknown {
    return name in this.copy ? structuredCloneJson(this.copy[name]) : null;
  }

  set(name: string, value: unknown): void {
    this.copy[name] = structuredCloneJson(value);
  }

  remove(name: string): void {
    delete this.copy[name];
  }

  saveAsync(optionsOrCallback?: unknown, callback?: Callback): void {
    const done = (typeof optionsOrCallback === "function" ? optionsOrCallback : callback) as
      | Callback
      | undefined;
    const serialized = JSON.stringify(this.copy);
    setTimeout(() => {
      if (serialized.length > SETTINGS_LIMIT) {
        done?.({
          status: "failed",
          value: undefined,
          error: { code: 5001, name: "Internal Error", message: "The settings are too large to save." },
        });
        return;
      }
      this.host.workbook.settings = JSON.parse(serialized) as Record<string, unknown>;
      done?.({ status: "succeeded", value: undefined });
    }, 0);
  }

  refreshAsync(callback?: Callback<FakeSettings>): void {
    setTimeout(() => {
      this.copy = structuredCloneJson(this.host.workbook.settings);
      callback?.({ status: "succeeded", value: this });
    }, 0);
  }
}

/** Settings travel as JSON; cloning through JSON gives the same round trip (Dates become strings). */
function structuredCloneJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function createOffice(host: HostState) {
  const settings = new FakeSettings(host);
  const { options } = host;
  const context = {
    displayLanguage: options.displayLanguage,
    contentLanguage: options.displayLanguage,
    partitionKey: options.partitionKey,
    host: "Excel",
    platform: options.platform,
    /** What Office.context.diagnostics reports (ExcelApi-independent, Office.js 1.1). */
    diagnostics: { host: "Excel", platform: options.platform, version: "16.0.18526.20168" },
    requirements: {
      isSetSupported(name: string, minVersion?: string | number): boolean {
        const have = options.requirementSets[name];
        if (have === undefined) return false;
        return minVersion === undefined || compareVersions(have, String(minVersion)) >= 0;
      },
    },
    document: { settings, url: options.documentUrl },
  };
  return {
    context,
    HostType: { Excel: "Excel" },
    PlatformType: { PC: "PC", OfficeOnline: "OfficeOnline", Mac: "Mac" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    onReady(callback?: (info: { host: string; platform: string }) => void) {
      const info = { host: "Excel", platform: options.platform };
      callback?.(info);
      return Promise.resolve(info);
    },
  };
}

export type FakeOfficeNamespace = ReturnType<typeof createOffice>;
