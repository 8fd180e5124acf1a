/**
 * What the adapter's entry points hand back besides their result: notes the pane can show (a
 * feature that degraded, a part that was skipped) and refusals (a missing requirement set, a
 * template that would overwrite data) — both localized, neither an exception.
 */
import type { Lang } from "../../shared/findings.ts";
import { type Feature, hostLang, unsupportedMessage } from "./requirements.ts";

export type NoteCode =
  | "merges.unavailable"
  | "merges.partial"
  | "read.split"
  | "marks.sheet-missing"
  | "marks.kept-user-fill"
  | "marks.conditional-format"
  | "template.no-validation";

export interface Note {
  code: NoteCode;
  sheet: string | null;
  message: string;
}

export type RefusalCode =
  | "unsupported"
  | "sheet-missing"
  | "template-conflict"
  | "too-large"
  | "read-failed"
  | "protected"
  | "editing";

export interface Refusal {
  ok: false;
  code: RefusalCode;
  feature?: Feature;
  message: string;
  notes: Note[];
  syncs: number;
}

export function unsupported(feature: Feature, lang: Lang): Refusal {
  return {
    ok: false,
    code: "unsupported",
    feature,
    message: unsupportedMessage(feature, lang),
    notes: [],
    syncs: 0,
  };
}

export function refusal(code: RefusalCode, message: string, syncs: number, notes: Note[] = []): Refusal {
  return { ok: false, code, message, notes, syncs };
}

/** Thrown only by the Book-returning convenience wrappers, for callers that prefer exceptions. */
export class AdapterError extends Error {
  readonly refusal: Refusal;

  constructor(refused: Refusal) {
    super(refused.message);
    this.name = "AdapterError";
    this.refusal = refused;
  }
}

/** Office errors carry a string code (OfficeExtension.Error.code); anything else has none. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** A counted `context.sync()`: every entry point reports its round trips. */
export function syncCounter(context: { sync(): Promise<unknown> }): {
  sync(): Promise<void>;
  readonly count: number;
} {
  let count = 0;
  return {
    async sync() {
      count++;
      await context.sync();
    },
    get count() {
      return count;
    },
  };
}

/** Errors Excel raises for a state of the workbook the user can change, in words they can act on. */
const workbookStates: Record<string, { code: RefusalCode; message: Record<Lang, string> }> = {
  AccessDenied: {
    code: "protected",
    message: {
      "zh-CN": "工作表受保护，无法更改其中的单元格。请先在“审阅 → 撤消工作表保护”中取消保护，再试一次。",
      en: "The sheet is protected, so its cells cannot be changed. Unprotect it (Review → Unprotect Sheet) and try again.",
    },
  },
  InvalidOperationInCellEditMode: {
    code: "editing",
    message: {
      "zh-CN": "Excel 正在编辑单元格。请按 Enter 或 Esc 结束编辑，再试一次。",
      en: "Excel is busy editing a cell. Press Enter or Esc to finish editing, then try again.",
    },
  },
};

/**
 * An adapter entry point that answers a protected sheet or a cell in edit mode with a refusal in
 * the user's language (from the call's `{ lang }` options, else Office's) instead of an exception.
 */
export function guarded<A extends unknown[], T>(
  work: (...args: A) => Promise<T | Refusal>,
): (...args: A) => Promise<T | Refusal> {
  return async (...args) => {
    try {
      return await work(...args);
    } catch (error) {
      const state = workbookStates[errorCode(error) ?? ""];
      if (!state) throw error;
      const last = args[args.length - 1] as { lang?: Lang } | undefined;
      const lang = (last && typeof last === "object" && !Array.isArray(last) && last.lang) || hostLang();
      return refusal(state.code, state.message[lang], 0);
    }
  };
}
