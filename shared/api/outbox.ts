/**
 * The one outbox (docs/api.md, "The outbox"): submissions wait in storage until the server has
 * them. The task pane keeps it in browser storage, the command line one file per item; both use
 * this code through the OutboxStore port.
 *
 * - Each submission gets its idempotency key (a UUID) when it is queued and is written to storage
 *   before the first request, so a closed pane, a killed terminal or a dropped network loses nothing.
 * - An item is bound to the server and the identity (the SHA-256 of the token) it was queued with:
 *   it is only ever sent to that server, and only while the client holds that same token. Items of
 *   another identity wait, listed, until that token is back or the user discards them.
 * - On a network failure, a timeout, 408, 429 or 5xx it stays pending and is retried with
 *   exponential backoff and jitter (Retry-After, as seconds or a date, is a floor), capped. Every
 *   retry carries the same key, so the server stores it once.
 * - Any other 4xx is final: the item is marked failed with the server's reason and stays visible
 *   until the user retries (same key) or discards it. It never counts as sent.
 * - Queuing the same body for the same server and identity while it still waits returns the
 *   waiting item (a double click never makes two submissions).
 *
 * Pure logic: storage, fetch, clock, randomness and UUIDs are injected, so Node tests drive it.
 */
import { ApiFailure, apiClient, type FetchLike, type Timers } from "./client.ts";
import { backoffDelay } from "./retry.ts";
import type { SubmissionAnswer } from "./schemas.ts";

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Where the outbox keeps its state. `save` may throw (quota, private mode): the outbox then keeps it in memory. */
export interface OutboxStore {
  load(): OutboxState;
  save(state: OutboxState): void;
}

export interface OutboxDeps {
  store: OutboxStore;
  fetch: FetchLike;
  clock: Timers;
  /** The token the client holds now; an item is sent only while it is the one the item was queued with. */
  token: () => string;
  uuid?: () => string;
  random?: () => number;
  /** SHA-256 hex of a string (the identity of a token, the dedupe key of a body). */
  hash?: (text: string) => Promise<string>;
  /** Abort a request after this long and treat it as a network failure. */
  timeoutMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Retry-After is a floor; the retry comes up to this much later, so panes do not stampede. */
  retryAfterSpreadMs?: number;
  /** Send as soon as an item is queued and keep a timer for the next retry (the pane); off for the command line, which drains. */
  autoSend?: boolean;
}

export type FailureKind = ApiFailure["kind"];

export interface SendError {
  kind: FailureKind;
  status: number | null;
  code: string | null;
  message: string | null;
  issues?: { path: string; message: string }[];
  /** period.closed / period.future: the month, and the day its window closed. */
  period?: string;
  closedOn?: string;
}

export type SubmissionResult = SubmissionAnswer;

export interface OutboxItem {
  /** The idempotency key, fixed when queued. */
  id: string;
  bodyHash: string;
  server: string;
  /** SHA-256 of the token it was queued with; "" for items queued before items were bound. */
  tokenHash: string;
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

/** SHA-256 of a text as lowercase hex (Web Crypto, in every host). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function emptyState(): OutboxState {
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

/** An item as stored: one from before items were bound to a token gets "" (sent with the current one, as then). */
export function readItem(value: unknown): OutboxItem | null {
  if (!isItem(value)) return null;
  return typeof value.tokenHash === "string" ? value : { ...value, tokenHash: "" };
}

/** The whole state under one key of a key-value storage (the pane's localStorage). */
export function keyValueStore(storage: KeyValueStorage, key: string): OutboxStore {
  return {
    load() {
      const raw = storage.getItem(key);
      if (!raw) return emptyState();
      try {
        const parsed = JSON.parse(raw) as Partial<OutboxState>;
        return {
          items: Array.isArray(parsed.items)
            ? parsed.items.map(readItem).filter((i): i is OutboxItem => i !== null)
            : [],
          last: parsed.last && typeof parsed.last === "object" ? parsed.last : null,
        };
      } catch {
        return emptyState();
      }
    },
    save(state) {
      storage.setItem(key, JSON.stringify(state));
    },
  };
}

function sendError(failure: ApiFailure): SendError {
  return {
    kind: failure.kind,
    status: failure.status,
    code: failure.code,
    message: failure.serverMessage ?? (failure.kind === "invalid-answer" ? failure.message : null),
    ...(failure.issues ? { issues: failure.issues } : {}),
    ...(failure.period ? { period: failure.period } : {}),
    ...(failure.closedOn ? { closedOn: failure.closedOn } : {}),
  };
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
  private identity: { token: string; hash: Promise<string>; known?: string } | null = null;

  constructor(deps: OutboxDeps) {
    this.deps = {
      uuid: () => crypto.randomUUID(),
      random: Math.random,
      hash: sha256Hex,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      baseDelayMs: DEFAULT_BASE_DELAY_MS,
      maxDelayMs: DEFAULT_MAX_DELAY_MS,
      retryAfterSpreadMs: 1000,
      autoSend: true,
      ...deps,
    };
  }

  /** Whether the last write reached storage (false: items survive only until the pane closes). */
  get persistent(): boolean {
    return this.memory === null;
  }

  /** The hash of the token held now: the identity an item must match to be sent. */
  tokenHash(): Promise<string> {
    const token = this.deps.token();
    if (this.identity?.token !== token) {
      const identity: { token: string; hash: Promise<string>; known?: string } = {
        token,
        hash: this.deps.hash(token).then((hash) => {
          identity.known = hash;
          return hash;
        }),
      };
      this.identity = identity;
    }
    return this.identity.hash;
  }

  /** Whether the client, holding `tokenHash`, may send this item. */
  static sendable(item: OutboxItem, tokenHash: string): boolean {
    return item.tokenHash === "" || item.tokenHash === tokenHash;
  }

  state(): OutboxState {
    if (this.memory) return structuredClone(this.memory);
    try {
      return this.deps.store.load();
    } catch {
      return emptyState();
    }
  }

  private save(state: OutboxState): void {
    try {
      this.deps.store.save(state);
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
   * Queues a submission for `server` with the token held now (persisted before anything is sent).
   * The same body for the same server and token while an earlier copy still waits returns that copy.
   */
  async enqueue(
    server: string,
    body: unknown,
    label: OutboxItem["label"],
  ): Promise<{ item: OutboxItem; duplicate: boolean }> {
    const tokenHash = await this.tokenHash();
    const bodyHash = await this.deps.hash(`${server}\n${tokenHash}\n${JSON.stringify(body)}`);
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
        tokenHash,
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
    if (this.deps.autoSend) void this.flush();
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

  /** Removes an item; false when there is none with that id (or a unique prefix of it). */
  discard(id: string): boolean {
    let found = false;
    this.update((state) => {
      const matches = state.items.filter((i) => i.id === id || (id.length >= 4 && i.id.startsWith(id)));
      if (matches.length !== 1) return;
      found = true;
      state.items = state.items.filter((i) => i !== matches[0]);
    });
    this.emit();
    return found;
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
        if (this.deps.autoSend) this.schedule();
      }
    })();
    return this.flushing;
  }

  /** The pending items this client may send now, oldest first. */
  private async sendableItems(server?: string): Promise<OutboxItem[]> {
    const tokenHash = await this.tokenHash();
    return this.state()
      .items.filter(
        (i) =>
          i.state === "pending" &&
          Outbox.sendable(i, tokenHash) &&
          (server === undefined || i.server === server),
      )
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  private async sendDue(): Promise<void> {
    const sent = new Set<string>();
    for (;;) {
      if (this.stopped) return;
      const now = this.deps.clock.now();
      const due = (await this.sendableItems()).find((i) => i.nextAttemptAt <= now && !sent.has(i.id));
      if (!due) return;
      sent.add(due.id);
      await this.send(due);
    }
  }

  /**
   * The command line's way: send this server's items of the current identity until each is sent,
   * failed, or tried `attempts` times in this call, waiting out the backoff with `sleep`.
   */
  async drain(
    server: string,
    attempts: number,
    sleep: (ms: number) => Promise<void>,
    options: { dueNow?: boolean } = {},
  ): Promise<void> {
    const tries = new Map<string, number>();
    if (options.dueNow) {
      // A new run is the user asking: what waits for this server goes now, oldest first.
      const tokenHash = await this.tokenHash();
      this.update((state) => {
        for (const item of state.items)
          if (item.state === "pending" && item.server === server && Outbox.sendable(item, tokenHash))
            item.nextAttemptAt = this.deps.clock.now();
      });
    }
    for (;;) {
      const open = (await this.sendableItems(server)).filter((i) => (tries.get(i.id) ?? 0) < attempts);
      const next = open.reduce((a, b) => (b.nextAttemptAt < a.nextAttemptAt ? b : a), open[0] as OutboxItem);
      if (!next) return;
      const wait = next.nextAttemptAt - this.deps.clock.now();
      if (wait > 0) await sleep(wait);
      tries.set(next.id, (tries.get(next.id) ?? 0) + 1);
      await this.send(next);
    }
  }

  /** A timer for the next sendable item; the identity is known here, as a round has just computed it. */
  private schedule(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped) return;
    const known = this.identity?.token === this.deps.token() ? this.identity.known : undefined;
    const pending = this.state().items.filter(
      (i) => i.state === "pending" && (known === undefined || Outbox.sendable(i, known)),
    );
    if (pending.length === 0) return;
    const next = Math.min(...pending.map((i) => i.nextAttemptAt));
    const delay = Math.max(0, next - this.deps.clock.now());
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delay);
  }

  private async send(item: OutboxItem): Promise<void> {
    // Only ever to the item's own server, with the token it was queued with (checked by the caller).
    const client = apiClient({
      server: item.server,
      token: this.deps.token(),
      fetch: this.deps.fetch,
      timers: this.deps.clock,
      timeoutMs: this.deps.timeoutMs,
    });
    let result: SubmissionResult;
    try {
      result = await client.submit(item.body, item.id);
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      if (error.retryable) this.later(item, sendError(error), error.retryAfterMs);
      else this.fail(item, sendError(error));
      return;
    }
    this.update((state) => {
      state.items = state.items.filter((i) => i.id !== item.id);
      state.last = { at: this.deps.clock.now(), server: item.server, result };
    });
    this.emit({ type: "sent", item, result });
  }

  private fail(item: OutboxItem, error: SendError): void {
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
      // Retry-After is a floor: never earlier, spread (a second) so panes do not stampede.
      delayMs =
        retryAfterMs === null
          ? backoffDelay(stored.attempts, r, this.deps.baseDelayMs, this.deps.maxDelayMs)
          : retryAfterMs + Math.round(r * this.deps.retryAfterSpreadMs);
      stored.nextAttemptAt = this.deps.clock.now() + delayMs;
      updated = stored;
    });
    this.emit({ type: "retrying", item: updated, error, delayMs });
  }
}
