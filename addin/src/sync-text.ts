/**
 * What the pane and /submit say about a sync: the words for a send error and the workbook's
 * fingerprint. Shared by the pane's controller and /submit.
 */
import type { SendError } from "../../shared/api/outbox.ts";
import { timingRefusalText } from "../../shared/api/reviews.ts";
import type { Lang } from "../../shared/findings.ts";
import type { Book } from "../../shared/grid.ts";
import { t } from "./i18n.ts";

/** A Book as JSON, dates tagged so that equal workbooks hash equal. */
export function bookFingerprint(book: Book): string {
  return JSON.stringify(book, (_key, value) =>
    value instanceof Date ? { $date: value.toISOString() } : value,
  );
}

export function syncErrorText(
  error: SendError | null,
  lang: Lang,
  retryAt?: number,
  now: number = Date.now(),
): string | null {
  if (!error) return null;
  switch (error.kind) {
    case "network":
      return t(lang, "syncOffline");
    case "timeout":
      return t(lang, "syncTimeout");
    case "invalid-answer":
      return t(lang, "syncServerError", { status: error.message ?? "" });
    case "server":
      return t(lang, "syncServerError", { status: error.status ?? "" });
    case "rate-limited":
      return t(lang, "syncRateLimited", {
        seconds: retryAt === undefined ? "…" : Math.max(0, Math.ceil((retryAt - now) / 1000)),
      });
    case "rejected": {
      const timing = timingRefusalText(error, lang);
      if (timing) return timing;
      const message = error.message ?? `HTTP ${error.status}`;
      if (error.status === 401) return t(lang, "syncUnauthorized");
      if (error.status === 403) return t(lang, "syncForbidden", { message });
      const issues = error.issues?.length
        ? ` (${error.issues
            .slice(0, 3)
            .map((i) => `${i.path}: ${i.message}`)
            .join("; ")})`
        : "";
      return t(lang, "syncRejected", { message: message + issues });
    }
  }
}
