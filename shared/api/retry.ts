/**
 * When to try a request again and how long to wait: the one retry classifier and the one backoff
 * of every client (docs/api.md, "Retries").
 */

/** A network failure, a timeout, 408, 429 and 5xx may pass; any other answer is final. */
export function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** A Retry-After longer than this is treated as this (a broken header must not park an item for days). */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** Retry-After as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}

/** Delay before retry number `attempt` (1-based): base·2^(attempt−1), capped, with "equal jitter". */
export function backoffDelay(attempt: number, random: number, base: number, cap: number): number {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}
