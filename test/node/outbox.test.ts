/** The one outbox (shared/api/outbox.ts) with fake storage, fetch and clock, as the pane uses it. */
import { describe, expect, it } from "vitest";
import type { Timers as Clock } from "../../shared/api/client.ts";
import {
  DEFAULT_MAX_DELAY_MS,
  type KeyValueStorage,
  keyValueStore,
  Outbox,
  type OutboxDeps,
  type OutboxEvent,
} from "../../shared/api/outbox.ts";
import { backoffDelay, parseRetryAfter } from "../../shared/api/retry.ts";

class MemoryStorage implements KeyValueStorage {
  readonly data = new Map<string, string>();
  failWrites = false;
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.failWrites) throw new Error("QuotaExceededError");
    this.data.set(key, value);
  }
}

class FakeClock implements Clock {
  t = Date.UTC(2026, 10, 27, 1, 0, 0);
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): number {
    this.seq += 1;
    this.timers.set(this.seq, { at: this.t + ms, fn });
    return this.seq;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Moves time forward, firing due timers in order and letting their promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers)
        if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
      await settle();
    }
    this.t = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

type Mode =
  | { kind: "up" }
  | { kind: "down" }
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: "lose-answer" };

/** A server with the API's idempotency: one stored row per key, a replay for the same body, 409 for another. */
class FakeServer {
  mode: Mode = { kind: "up" };
  readonly stored: { key: string; body: string }[] = [];
  readonly requests: { url: string; key: string | null; auth: string | null; body: string }[] = [];
  private readonly answers = new Map<string, { body: string; answer: unknown }>();
  /** What the body of each request looked like in storage at the moment it was sent. */
  readonly storageAtSend: (string | null)[] = [];
  private readonly storage: MemoryStorage | undefined;
  constructor(storage?: MemoryStorage) {
    this.storage = storage;
  }

  fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const headers = new Headers(init.headers);
    const key = headers.get("Idempotency-Key");
    const body = String(init.body);
    this.requests.push({ url, key, auth: headers.get("Authorization"), body });
    this.storageAtSend.push(this.storage?.getItem("p/juxing.outbox") ?? null);
    const mode = this.mode;
    if (mode.kind === "down") throw new TypeError("Failed to fetch");
    if (mode.kind === "status") {
      return new Response(
        JSON.stringify(mode.body ?? { error: { code: "x", message: `status ${mode.status}` } }),
        {
          status: mode.status,
          headers: mode.headers,
        },
      );
    }
    const prior = this.answers.get(key ?? "");
    if (prior) {
      if (prior.body !== body)
        return Response.json({ error: { code: "idempotency_conflict", message: "no" } }, { status: 409 });
      return Response.json(prior.answer, { status: 201 });
    }
    const answer = submissionAnswerFor(`s${this.stored.length + 1}`);
    this.stored.push({ key: key ?? "", body });
    this.answers.set(key ?? "", { body, answer });
    if (mode.kind === "lose-answer") throw new TypeError("connection reset");
    return Response.json(answer, { status: 201 });
  };
}

/** A 201 answer as the Worker gives it (shared/api/schemas.ts). */
function submissionAnswerFor(submissionId: string) {
  return {
    submissionId,
    campaign: "c",
    branch: "B01",
    period: "2026-11",
    asOf: "2026-11-27",
    receivedAt: "2026-11-27T01:00:00.000Z",
    score: {
      total: 68.8,
      max: 100,
      stars: 2,
      byCategory: { model: 20, service: 20, vanguard: 20, activities: 8.8, landmark: 0 },
      clarityRate: 1,
      completionRate: 0.5,
      overdue: 0,
    },
    selfScore: {
      total: 74.8,
      max: 100,
      stars: 2,
      byCategory: { model: 22, service: 22, vanguard: 22, activities: 8.8, landmark: 0 },
      clarityRate: 1,
      completionRate: 0.5,
      overdue: 0,
    },
    review: { pending: 6, accepted: 1, returned: 0 },
    findings: { error: 1, warning: 2, info: 0, codes: { "owner.missing": 1 } },
    rank: 3,
    tied: false,
    ranked: 17,
    method: "dense",
  };
}

function setup(overrides: Partial<OutboxDeps> = {}) {
  const storage = new MemoryStorage();
  const clock = new FakeClock();
  const server = new FakeServer(storage);
  let n = 0;
  const deps: OutboxDeps = {
    store: keyValueStore(storage, "p/juxing.outbox"),
    fetch: server.fetch,
    clock,
    token: () => "jxb_token",
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
    random: () => 0.5,
    ...overrides,
  };
  const outbox = new Outbox(deps);
  const events: OutboxEvent[] = [];
  outbox.subscribe((_state, event) => {
    if (event) events.push(event);
  });
  return { storage, clock, server, outbox, events, deps };
}

const body = (n = 1) => ({ campaign: "c", branch: "B01", period: "2026-11", projects: [{ n }] });
const label = { workbook: "清单.xlsx", branch: "B01", period: "2026-11" };
const SERVER = "https://juxing.example";

describe("backoff and Retry-After", () => {
  it("doubles from the base, caps, and jitters within [d/2, d]", () => {
    expect(backoffDelay(1, 0, 2000, 300_000)).toBe(1000);
    expect(backoffDelay(1, 1, 2000, 300_000)).toBe(2000);
    expect(backoffDelay(3, 1, 2000, 300_000)).toBe(8000);
    expect(backoffDelay(30, 1, 2000, 300_000)).toBe(300_000);
    expect(backoffDelay(30, 0, 2000, 300_000)).toBe(150_000);
  });

  it("reads seconds and HTTP dates", () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter("999999", now)).toBe(3_600_000);
  });
});

describe("Outbox", () => {
  it("persists the item with its key before the first request, then sends it at once", async () => {
    const { outbox, server, storage, events } = setup();
    const { item } = await outbox.enqueue(SERVER, body(), label);
    await settle();
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.url).toBe(`${SERVER}/api/v1/submissions`);
    expect(request?.key).toBe(item.id);
    expect(request?.auth).toBe("Bearer jxb_token");
    expect(JSON.parse(request?.body ?? "")).toEqual(body());
    // At the moment of sending, storage already held the item under that key.
    expect(server.storageAtSend[0]).toContain(item.id);
    // Sent: the item is gone and the last result (rank, score) is kept.
    const state = JSON.parse(storage.getItem("p/juxing.outbox") ?? "{}");
    expect(state.items).toEqual([]);
    expect(state.last.result).toMatchObject({ rank: 3, score: { total: 68.8 } });
    expect(events.map((e) => e.type)).toEqual(["queued", "sent"]);
  });

  it("keeps an item through a network failure and retries it with the same key and growing delays", async () => {
    const { outbox, server, clock } = setup();
    server.mode = { kind: "down" };
    const { item } = await outbox.enqueue(SERVER, body(), label);
    await settle();
    expect(outbox.state().items).toMatchObject([{ id: item.id, state: "pending", attempts: 1 }]);
    expect(outbox.state().items[0]?.lastError?.kind).toBe("network");
    // random 0.5 → 0.75 of 2 s, 4 s, 8 s …
    await clock.advance(1499);
    expect(server.requests).toHaveLength(1);
    await clock.advance(1);
    expect(server.requests).toHaveLength(2);
    await clock.advance(3000);
    expect(server.requests).toHaveLength(3);
    await clock.advance(6000);
    expect(server.requests).toHaveLength(4);
    server.mode = { kind: "up" };
    await clock.advance(12_000);
    expect(server.requests).toHaveLength(5);
    expect(new Set(server.requests.map((r) => r.key))).toEqual(new Set([item.id]));
    expect(server.stored).toHaveLength(1);
    expect(outbox.state().items).toEqual([]);
    expect(outbox.state().last?.result.rank).toBe(3);
  });

  it("caps the delay at five minutes", async () => {
    const { outbox, server, clock } = setup({ random: () => 1 });
    server.mode = { kind: "down" };
    await outbox.enqueue(SERVER, body(), label);
    await settle();
    for (let i = 0; i < 12; i++) await clock.advance(DEFAULT_MAX_DELAY_MS);
    const item = outbox.state().items[0];
    expect(item?.attempts).toBeGreaterThan(8);
    expect((item?.nextAttemptAt ?? 0) - clock.now()).toBeLessThanOrEqual(DEFAULT_MAX_DELAY_MS);
  });

  it("retries 5xx and 408", async () => {
    const { outbox, server, clock } = setup();
    server.mode = { kind: "status", status: 503 };
    await outbox.enqueue(SERVER, body(), label);
    await settle();
    expect(outbox.state().items[0]).toMatchObject({
      state: "pending",
      lastError: { kind: "server", status: 503 },
    });
    server.mode = { kind: "status", status: 408 };
    await clock.advance(1500);
    expect(outbox.state().items[0]).toMatchObject({ state: "pending", attempts: 2 });
    server.mode = { kind: "up" };
    await clock.advance(3000);
    expect(server.stored).toHaveLength(1);
    expect(outbox.state().items).toEqual([]);
  });

  it("honours 429 Retry-After", async () => {
    const { outbox, server, clock } = setup({ random: () => 0 });
    server.mode = { kind: "status", status: 429, headers: { "Retry-After": "120" } };
    await outbox.enqueue(SERVER, body(), label);
    await settle();
    expect(outbox.state().items[0]?.lastError).toMatchObject({ kind: "rate-limited", status: 429 });
    server.mode = { kind: "up" };
    await clock.advance(119_999);
    expect(server.requests).toHaveLength(1);
    await clock.advance(1);
    expect(server.requests).toHaveLength(2);
    expect(server.stored).toHaveLength(1);
  });

  it("marks other 4xx failed with the server's message and does not retry them", async () => {
    const { outbox, server, clock, events } = setup();
    server.mode = {
      kind: "status",
      status: 422,
      body: {
        error: {
          code: "validation_failed",
          message: "The body is not valid.",
          issues: [{ path: "period", message: "expected a month" }],
        },
      },
    };
    const { item } = await outbox.enqueue(SERVER, body(), label);
    await settle();
    expect(outbox.state().items[0]).toMatchObject({
      id: item.id,
      state: "failed",
      lastError: {
        kind: "rejected",
        status: 422,
        code: "validation_failed",
        message: "The body is not valid.",
      },
    });
    expect(outbox.state().items[0]?.lastError?.issues).toEqual([
      { path: "period", message: "expected a month" },
    ]);
    await clock.advance(60 * 60_000);
    expect(server.requests).toHaveLength(1);
    expect(events.at(-1)?.type).toBe("failed");

    // The user fixes the cause and retries: the same key goes out.
    server.mode = { kind: "up" };
    await outbox.retry(item.id);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.key).toBe(item.id);
    expect(outbox.state().items).toEqual([]);
  });

  it("treats 401 as final and lets the user discard the item", async () => {
    const { outbox, server } = setup();
    server.mode = {
      kind: "status",
      status: 401,
      body: { error: { code: "unauthorized", message: "bad token" } },
    };
    const { item } = await outbox.enqueue(SERVER, body(), label);
    await settle();
    expect(outbox.state().items[0]?.state).toBe("failed");
    outbox.discard(item.id);
    expect(outbox.state().items).toEqual([]);
  });

  it("sends a waiting item only to its own server, with the token it was queued with", async () => {
    // The defect: after the settings changed, the pane sent the new token to the item's old server.
    let token = "old";
    const { outbox, server, clock, events } = setup({ token: () => token });
    server.mode = { kind: "down" };
    const { item } = await outbox.enqueue(SERVER, body(), label);
    await settle();
    token = "new";
    server.mode = { kind: "up" };
    await outbox.retryNow();
    await clock.advance(10 * 60_000);
    expect(server.requests.map((r) => [r.url, r.auth])).toEqual([
      [`${SERVER}/api/v1/submissions`, "Bearer old"],
    ]);
    // Still listed, still pending, never counted as sent.
    expect(outbox.state().items).toMatchObject([{ id: item.id, state: "pending" }]);
    expect(events.some((e) => e.type === "sent")).toBe(false);
    // A new submission under the new settings goes out with the new token to the new server.
    await outbox.enqueue("https://new.example", body(2), label);
    await settle();
    expect(server.requests.at(-1)).toMatchObject({
      url: "https://new.example/api/v1/submissions",
      auth: "Bearer new",
    });
    // The old token back (the user undid the change): the old item goes where it was queued for.
    token = "old";
    await outbox.retryNow();
    expect(server.requests.at(-1)).toMatchObject({
      url: `${SERVER}/api/v1/submissions`,
      auth: "Bearer old",
      key: item.id,
    });
    expect(outbox.state().items).toEqual([]);
  });

  it("refuses a 2xx answer that does not fit the contract, and keeps the item failed with why", async () => {
    const { outbox, server } = setup();
    const answer = submissionAnswerFor("s1");
    server.mode = {
      kind: "status",
      status: 201,
      body: { ...answer, score: { ...answer.score, total: "68.8" } },
    };
    await outbox.enqueue(SERVER, body(), label);
    await settle();
    const [item] = outbox.state().items;
    expect(item?.state).toBe("failed");
    expect(item?.lastError?.kind).toBe("invalid-answer");
    expect(item?.lastError?.message).toMatch(/score\.total/);
    expect(outbox.state().last).toBeNull();
  });

  it("dedupes a double click on the same workbook state, but not a changed one", async () => {
    const { outbox, server } = setup();
    server.mode = { kind: "down" };
    const first = await outbox.enqueue(SERVER, body(1), label);
    const second = await outbox.enqueue(SERVER, body(1), label);
    expect(second.duplicate).toBe(true);
    expect(second.item.id).toBe(first.item.id);
    const third = await outbox.enqueue(SERVER, body(2), label);
    expect(third.duplicate).toBe(false);
    await settle();
    expect(outbox.state().items.map((i) => i.id)).toEqual([first.item.id, third.item.id]);
    server.mode = { kind: "up" };
    await outbox.retryNow();
    expect(server.stored.map((s) => s.key)).toEqual([first.item.id, third.item.id]);
  });

  it("stores once when the server kept the submission but the answer was lost", async () => {
    const { outbox, server, clock } = setup();
    server.mode = { kind: "lose-answer" };
    await outbox.enqueue(SERVER, body(), label);
    await settle();
    expect(server.stored).toHaveLength(1);
    expect(outbox.state().items[0]?.state).toBe("pending");
    server.mode = { kind: "up" };
    await clock.advance(2000);
    expect(server.requests).toHaveLength(2);
    expect(server.stored).toHaveLength(1);
    expect(outbox.state().items).toEqual([]);
    expect(outbox.state().last?.result.submissionId).toBe("s1");
  });

  it("resumes pending items after a reload, with their keys", async () => {
    const first = setup();
    first.server.mode = { kind: "down" };
    const { item } = await first.outbox.enqueue(SERVER, body(), label);
    await settle();
    first.outbox.stop();

    // A new pane on the same storage.
    const server = new FakeServer(first.storage);
    const clock = new FakeClock();
    const outbox = new Outbox({ ...first.deps, fetch: server.fetch, clock });
    expect(outbox.state().items).toMatchObject([{ id: item.id, state: "pending" }]);
    clock.t = first.clock.t + 10_000;
    outbox.start();
    // The round start() began (hashing the token is asynchronous work: under load, more than a few ticks).
    await outbox.flush();
    expect(server.requests.map((r) => r.key)).toEqual([item.id]);
    expect(server.stored).toHaveLength(1);
    expect(outbox.state().items).toEqual([]);
  });

  it("treats a hung request as a network failure after the timeout", async () => {
    const { outbox, clock } = setup({
      timeoutMs: 5000,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => {
          init.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
        }),
    });
    await outbox.enqueue(SERVER, body(), label);
    await settle();
    await clock.advance(5000);
    expect(outbox.state().items[0]?.lastError?.kind).toBe("timeout");
  });

  it("keeps working in memory when storage refuses writes", async () => {
    const { outbox, server, storage } = setup();
    storage.failWrites = true;
    server.mode = { kind: "down" };
    await outbox.enqueue(SERVER, body(), label);
    await settle();
    expect(outbox.persistent).toBe(false);
    expect(outbox.state().items).toHaveLength(1);
    server.mode = { kind: "up" };
    await outbox.retryNow();
    expect(server.stored).toHaveLength(1);
  });

  it("ignores garbage in storage", () => {
    const { storage, outbox } = setup();
    storage.data.set("p/juxing.outbox", "{not json");
    expect(outbox.state()).toEqual({ items: [], last: null });
    storage.data.set("p/juxing.outbox", JSON.stringify({ items: [{ id: 1 }, null], last: null }));
    expect(outbox.state().items).toEqual([]);
  });
});
