/**
 * The sync outbox (SPEC §6): submissions wait in browser storage until the server has them.
 *
 * - Each submission gets its idempotency key (a UUID) when it is queued and is written to storage
 *   before the first request, so a closed pane or a dropped network loses nothing.
 * - It is sent at once; on a network failure, a timeout, 408, 429 or 5xx it stays pending and is
 *   retried with exponential backoff and jitter (429's Retry-After is honoured), also after the pane
 *   reloads. Every retry carries the same key, so the server stores it once.
 * - Any other 4xx is final: the item is marked failed with the server's message, and only the user
 *   retries (same key) or discards it.
 * - Queuing the same body again while it is still pending returns the pending item (a double click
 *   never makes two submissions).
 *
 * Pure logic: storage, fetch, clock, randomness and UUIDs are injected, so Node tests drive it.
 */

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface OutboxDeps {
  storage: KeyValueStorage;
  /** The storage key (already prefixed with the partition key where there is one). */
  storageKey: string;
  fetch: FetchLike;
  clock: Clock;
  /** The branch token, read at send time so that a corrected token applies to waiting items. */
  token: () => string;
  uuid?: () => string;
  random?: () => number;
  /** SHA-256 hex of a string (the dedupe key of a body). */
  hash?: (text: string) => Promise<string>;
  /** Abort a request after this long and treat it as a network failure. */
  timeoutMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export type FailureKind = "network" | "timeout" | "server" | "rate-limited" | "rejected";

export interface SendError {
  kind: FailureKind;
  status: number | null;
  code: string | null;
  message: string | null;
  issues?: { path: string; message: string }[];
}

/** What the server answers with 201 (SPEC §5.2); fields beyond these are kept as sent. */
export interface SubmissionResult {
  submissionId: string;
  branch: string;
  period: string;
  score: { total: number; max?: number; stars?: number; [key: string]: unknown };
  findings?: { error: number; warning: number; info: number };
  rank: number | null;
  tied?: boolean;
  ranked?: number;
  [key: string]: unknown;
}

export interface OutboxItem {
  /** The idempotency key, fixed when queued. */
  id: string;
  bodyHash: string;
  server: string;
  body: unknown;
  /** For the list shown to the user. */
  label: { workbook: string; branch: string; period: string };
  state: "pending" | "failed";
  attempts: number;
  createdAt: number;
  nextAttemptAt: number;
  lastError: SendError | null;
}

export interface LastResult {
  at: number;
  server: string;
  result: SubmissionResult;
}

export interface OutboxState {
  items: OutboxItem[];
  last: LastResult | null;
}

export type OutboxEvent =
  | { type: "queued"; item: OutboxItem; duplicate: boolean }
  | { type: "sent"; item: OutboxItem; result: SubmissionResult }
  | { type: "retrying"; item: OutboxItem; error: SendError; delayMs: number }
  | { type: "failed"; item: OutboxItem; error: SendError };

export const DEFAULT_BASE_DELAY_MS = 2_000;
export const DEFAULT_MAX_DELAY_MS = 5 * 60_000;
export const DEFAULT_TIMEOUT_MS = 30_000;
/** A Retry-After longer than this is treated as this (a broken header must not park an item for days). */
const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** Delay before retry number `attempt` (1-based): base·2^(attempt−1), capped, with "equal jitter". */
export function backoffDelay(attempt: number, random: number, base: number, cap: number): number {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random * ceiling) / 2);
}

/** Retry-After as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}

export function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** SHA-256 of a text as lowercase hex (Web Crypto). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function emptyState(): OutboxState {
  return { items: [], last: null };
}

function isItem(value: unknown): value is OutboxItem {
  if (typeof value !== "object" || value === null) return false;
  const item = value as Partial<OutboxItem>;
  return (
    typeof item.id === "string" &&
    typeof item.server === "string" &&
    typeof item.bodyHash === "string" &&
    (item.state === "pending" || item.state === "failed") &&
    "body" in item
  );
}

async function errorBody(res: Response): Promise<Pick<SendError, "code" | "message" | "issues">> {
  try {
    const data = (await res.json()) as { error?: { code?: unknown; message?: unknown; issues?: unknown } };
    const err = data?.error;
    return {
      code: typeof err?.code === "string" ? err.code : null,
      message: typeof err?.message === "string" ? err.message : null,
      ...(Array.isArray(err?.issues) ? { issues: err.issues as SendError["issues"] } : {}),
    };
  } catch {
    return { code: null, message: null };
  }
}

export class Outbox {
  private readonly deps: Required<OutboxDeps>;
  private listeners = new Set<(state: OutboxState, event?: OutboxEvent) => void>();
  private timer: unknown = null;
  private flushing: Promise<void> | null = null;
  private again = false;
  /** In memory when storage refuses writes (private mode, quota): the pane still sends. */
  private memory: OutboxState | null = null;
  private stopped = false;

  constructor(deps: OutboxDeps) {
    this.deps = {
      uuid: () => crypto.randomUUID(),
      random: Math.random,
      hash: sha256Hex,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      baseDelayMs: DEFAULT_BASE_DELAY_MS,
      maxDelayMs: DEFAULT_MAX_DELAY_MS,
      ...deps,
    };
  }

  /** Whether the last write reached storage (false: items survive only until the pane closes). */
  get persistent(): boolean {
    return this.memory === null;
  }

  state(): OutboxState {
    if (this.memory) return structuredClone(this.memory);
    let raw: string | null = null;
    try {
      raw = this.deps.storage.getItem(this.deps.storageKey);
    } catch {
      return emptyState();
    }
    if (!raw) return emptyState();
    try {
      const parsed = JSON.parse(raw) as Partial<OutboxState>;
      return {
        items: Array.isArray(parsed.items) ? parsed.items.filter(isItem) : [],
        last: parsed.last && typeof parsed.last === "object" ? parsed.last : null,
      };
    } catch {
      return emptyState();
    }
  }

  private save(state: OutboxState): void {
    try {
      this.deps.storage.setItem(this.deps.storageKey, JSON.stringify(state));
      this.memory = null;
    } catch {
      this.memory = structuredClone(state);
    }
  }

  /** Read, change and write back in one step, so a second pane's items are not overwritten. */
  private update(change: (state: OutboxState) => void): OutboxState {
    const state = this.state();
    change(state);
    this.save(state);
    return state;
  }

  subscribe(listener: (state: OutboxState, event?: OutboxEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event?: OutboxEvent): void {
    const state = this.state();
    for (const listener of this.listeners) listener(state, event);
  }

  /**
   * Queues a submission (persisted before anything is sent) and starts sending. The same body for
   * the same server while an earlier copy still waits returns that copy: one click, one submission.
   */
  async enqueue(
    server: string,
    body: unknown,
    label: OutboxItem["label"],
  ): Promise<{ item: OutboxItem; duplicate: boolean }> {
    const bodyHash = await this.deps.hash(`${server}\n${JSON.stringify(body)}`);
    let item: OutboxItem | undefined;
    let duplicate = false;
    this.update((state) => {
      item = state.items.find((i) => i.bodyHash === bodyHash && i.server === server);
      if (item) {
        duplicate = true;
        // A repeated click on a waiting item means "try now": same key, no new item.
        item.nextAttemptAt = this.deps.clock.now();
        if (item.state === "failed") item.state = "pending";
        return;
      }
      const now = this.deps.clock.now();
      item = {
        id: this.deps.uuid(),
        bodyHash,
        server,
        body,
        label,
        state: "pending",
        attempts: 0,
        createdAt: now,
        nextAttemptAt: now,
        lastError: null,
      };
      state.items.push(item);
    });
    const queued = item as OutboxItem;
    this.emit({ type: "queued", item: queued, duplicate });
    void this.flush();
    return { item: queued, duplicate };
  }

  /** On pane start: send what an earlier pane left pending. */
  start(): void {
    this.stopped = false;
    void this.flush();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Send every pending item now (the network is back, or the user asked); failed ones stay failed. */
  retryNow(): Promise<void> {
    this.update((state) => {
      for (const item of state.items)
        if (item.state === "pending") item.nextAttemptAt = this.deps.clock.now();
    });
    return this.flush();
  }

  /** The user retries a failed (or waiting) item: same idempotency key. */
  retry(id: string): Promise<void> {
    this.update((state) => {
      const item = state.items.find((i) => i.id === id);
      if (item) {
        item.state = "pending";
        item.nextAttemptAt = this.deps.clock.now();
      }
    });
    this.emit();
    return this.flush();
  }

  discard(id: string): void {
    this.update((state) => {
      state.items = state.items.filter((i) => i.id !== id);
    });
    this.emit();
  }

  /** Sends due items one at a time, oldest first; resolves when this round is done. */
  flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      try {
        do {
          this.again = false;
          await this.sendDue();
        } while (this.again && !this.stopped);
      } finally {
        this.flushing = null;
        this.schedule();
      }
    })();
    return this.flushing;
  }

  private async sendDue(): Promise<void> {
    const sent = new Set<string>();
    for (;;) {
      if (this.stopped) return;
      const now = this.deps.clock.now();
      const due = this.state()
        .items.filter((i) => i.state === "pending" && i.nextAttemptAt <= now && !sent.has(i.id))
        .sort((a, b) => a.createdAt - b.createdAt)[0];
      if (!due) return;
      sent.add(due.id);
      await this.send(due);
    }
  }

  private schedule(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    const pending = this.state().items.filter((i) => i.state === "pending");
    if (pending.length === 0) return;
    const next = Math.min(...pending.map((i) => i.nextAttemptAt));
    const delay = Math.max(0, next - this.deps.clock.now());
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delay);
  }

  private async send(item: OutboxItem): Promise<void> {
    const url = `${item.server.replace(/\/+$/, "")}/api/v1/submissions`;
    const controller = new AbortController();
    let timedOut = false;
    const timeout = this.deps.clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.deps.timeoutMs);
    let res: Response;
    try {
      res = await this.deps.fetch(url, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Authorization: `Bearer ${this.deps.token()}`,
          "Idempotency-Key": item.id,
        },
        body: JSON.stringify(item.body),
        signal: controller.signal,
      });
    } catch {
      this.deps.clock.clearTimeout(timeout);
      this.later(
        item,
        { kind: timedOut ? "timeout" : "network", status: null, code: null, message: null },
        null,
      );
      return;
    }
    this.deps.clock.clearTimeout(timeout);

    if (res.ok) {
      let result: SubmissionResult;
      try {
        result = (await res.json()) as SubmissionResult;
      } catch {
        // Stored but unreadable answer: retry with the same key and the server replays it.
        this.later(item, { kind: "server", status: res.status, code: null, message: null }, null);
        return;
      }
      this.update((state) => {
        state.items = state.items.filter((i) => i.id !== item.id);
        state.last = { at: this.deps.clock.now(), server: item.server, result };
      });
      this.emit({ type: "sent", item, result });
      return;
    }

    const body = await errorBody(res);
    if (isRetryable(res.status)) {
      const kind: FailureKind = res.status === 429 ? "rate-limited" : "server";
      const retryAfter = parseRetryAfter(res.headers.get("Retry-After"), this.deps.clock.now());
      this.later(item, { kind, status: res.status, ...body }, retryAfter);
      return;
    }
    const error: SendError = { kind: "rejected", status: res.status, ...body };
    let failed = item;
    this.update((state) => {
      const stored = state.items.find((i) => i.id === item.id);
      if (!stored) return;
      stored.state = "failed";
      stored.attempts += 1;
      stored.lastError = error;
      failed = stored;
    });
    this.emit({ type: "failed", item: failed, error });
  }

  private later(item: OutboxItem, error: SendError, retryAfterMs: number | null): void {
    let delayMs = 0;
    let updated = item;
    this.update((state) => {
      const stored = state.items.find((i) => i.id === item.id);
      if (!stored) return;
      stored.attempts += 1;
      stored.lastError = error;
      const r = this.deps.random();
      // Retry-After is a floor: never earlier, spread by up to a second so panes do not stampede.
      delayMs =
        retryAfterMs === null
          ? backoffDelay(stored.attempts, r, this.deps.baseDelayMs, this.deps.maxDelayMs)
          : retryAfterMs + Math.round(r * 1000);
      stored.nextAttemptAt = this.deps.clock.now() + delayMs;
      updated = stored;
    });
    this.emit({ type: "retrying", item: updated, error, delayMs });
  }
}
