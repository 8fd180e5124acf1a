/**
 * What the adapter's entry points hand back besides their result: notes the pane can show (a
 * feature that degraded, a part that was skipped) and refusals (a missing requirement set, a
 * template that would overwrite data) — both localized, neither an exception.
 */
import type { Lang } from "../../shared/findings.ts";
import { type Feature, unsupportedMessage } from "./requirements.ts";

export type NoteCode =
  | "merges.unavailable"
  | "merges.partial"
  | "read.split"
  | "marks.sheet-missing"
  | "marks.kept-user-fill"
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
