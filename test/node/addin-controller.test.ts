/**
 * The task pane's controller (addin/src/controller.ts) in Node, without Chromium: the real Excel
 * adapter (addin/src/host.ts) through Microsoft's office-js client in front of the simulated
 * workbook (the messy fixture), a clock and timers the test moves, and an in-process server that
 * answers as /api/v1 does (docs/api.md) and records every request. Validate → mark → sync → the
 * outbox's states → a settings change. The browser tests keep what only a page shows (focus,
 * keyboard, accessibility, the CSP, a reload).
 */
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { markColors } from "../../addin/excel/marks.ts";
import { PaneController, type PaneDeps } from "../../addin/src/controller.ts";
import { host } from "../../addin/src/host.ts";
import { emptySettings, type Settings } from "../../addin/src/settings.ts";
import { readBookFile } from "../../cli/xlsx.ts";
import type { Timers } from "../../shared/api/client.ts";
import type { KeyValueStorage } from "../../shared/api/outbox.ts";
import type { ReviewItem } from "../../shared/api/reviews.ts";
import { type SubmissionAnswer, submissionRequest } from "../../shared/api/schemas.ts";
import { defaultRubric } from "../../shared/rubric.ts";
import { fakeWorkbookFromBook } from "../helpers/fake-office/index.ts";
import { createRealOffice, type RealOffice } from "../helpers/fake-office/real-client.ts";
import { workbooksDir } from "../helpers/fixtures.ts";

const SERVER_A = "https://a.juxing.test";
const SERVER_B = "https://b.juxing.test";
const TOKEN_A = "token-of-branch-B01";
const TOKEN_B = "token-of-branch-B02";

class MemoryStorage implements KeyValueStorage {
  readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, value);
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** The pane's clock and timers, moved by the test (the messy fixture's month: 2023-09). */
class ManualClock implements Timers {
  t = new Date(2023, 8, 20, 10, 0, 0).getTime();
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

interface Received {
  server: string;
  method: string;
  path: string;
  token: string | null;
  key: string | null;
}

type Reply = "offline" | { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * Two Juxing servers in one fetch: campaigns, /healthz and submissions (checked with the API's own
 * request schema). `next` scripts the answers to the coming submissions; then each is stored once
 * per Idempotency-Key, as the Worker does.
 */
class FakeServers {
  readonly received: Received[] = [];
  readonly next: Reply[] = [];
  private readonly stored = new Map<string, SubmissionAnswer>();
  /** The month's claims as GET /api/v1/reviews answers them (in the server's order, on purpose not the pane's). */
  reviews: ReviewItem[] = [];
  reviewsOffline = false;

  submissions(): Received[] {
    return this.received.filter((r) => r.path === "/api/v1/submissions");
  }

  fetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const u = new URL(url);
    const headers = new Headers(init.headers);
    const method = init.method ?? "GET";
    const received: Received = {
      server: u.origin,
      method,
      path: u.pathname,
      token: headers.get("Authorization")?.replace(/^Bearer /, "") ?? null,
      key: headers.get("Idempotency-Key"),
    };
    this.received.push(received);
    const json = (status: number, body: unknown, extra: Record<string, string> = {}) =>
      new Response(JSON.stringify(body), {
        status,
        headers: { "Content-Type": "application/json", ...extra },
      });
    if (u.pathname === "/healthz") return json(200, { ok: true });
    if (u.pathname.startsWith("/api/v1/campaigns/")) {
      return json(200, {
        id: decodeURIComponent(u.pathname.split("/").pop() ?? ""),
        name: "测试活动",
        year: 2023,
        expectedProjects: null,
        rubric: defaultRubric,
        ranking: "dense",
      });
    }
    if (u.pathname === "/api/v1/events") {
      return json(200, {
        events: [
          {
            id: 1,
            campaign: u.searchParams.get("campaign"),
            name: "技能大比武",
            period: "2023-08",
            date: "2023-08-20",
            trim: null,
            closed: true,
            closedAt: "2023-08-20T10:00:00Z",
            branches: 3,
            judges: 5,
            result: { score: 87.666, rank: 2, tied: false, count: 5 },
          },
        ],
      });
    }
    if (u.pathname === "/api/v1/reviews") {
      if (this.reviewsOffline) throw new TypeError("fetch failed");
      return json(200, { items: this.reviews });
    }
    if (u.pathname === "/api/v1/submissions" && method === "POST") {
      const reply = this.next.shift();
      if (reply === "offline") throw new TypeError("fetch failed");
      if (reply) return json(reply.status, reply.body ?? {}, reply.headers);
      const replay = this.stored.get(received.key ?? "");
      if (replay) return json(200, replay);
      const body = submissionRequest.parse(JSON.parse(String(init.body)));
      const answer: SubmissionAnswer = {
        submissionId: `s-${this.stored.size + 1}`,
        campaign: body.campaign,
        branch: body.branch,
        period: body.period,
        asOf: body.asOf,
        receivedAt: new Date().toISOString(),
        score: {
          total: 61.5,
          max: 100,
          stars: 3,
          byCategory: { model: 20, service: 15, vanguard: 10, activities: 10, landmark: 6.5 },
          clarityRate: 0.8,
          completionRate: 0.5,
          overdue: 1,
        },
        selfScore: {
          total: 61.5,
          max: 100,
          stars: 3,
          byCategory: { model: 20, service: 15, vanguard: 10, activities: 10, landmark: 6.5 },
          clarityRate: 0.8,
          completionRate: 0.5,
          overdue: 1,
        },
        review: { pending: 0, accepted: 0, returned: 0 },
        findings: { error: 1, warning: 0, info: 0, codes: {} },
        rank: 1,
        tied: false,
        ranked: 3,
        method: "dense",
      };
      this.stored.set(received.key ?? "", answer);
      return json(201, answer);
    }
    return json(404, { error: { code: "not_found", message: "Not found" } });
  };
}

/** A claim of branch B01 in 2023-09, at its name cell on 任务清单. */
function claim(name: string, cell: string, state: ReviewItem["state"], reason?: string): ReviewItem {
  return {
    branch: { code: "B01", name: "第一支部" },
    project: {
      key: name,
      name,
      target: "目标",
      owner: "张三",
      deadline: "2023-09-30",
      status: "已完成",
      progress: 1,
      evidence: "会议记录",
      sheet: "任务清单",
      cell,
    },
    contentHash: "0".repeat(64),
    state,
    ...(state === "pending"
      ? {}
      : {
          review: {
            decision: state === "returned" ? "return" : "accept",
            reason: reason ?? "",
            reviewer: "核查员",
            at: "2023-09-21T02:00:00Z",
          },
        }),
  } as ReviewItem;
}

let office: RealOffice;
let uninstall: () => void;
let clock: ManualClock;
let servers: FakeServers;
let storage: MemoryStorage;
let pane: PaneController;

function newPane(extra: Partial<PaneDeps> = {}): PaneController {
  return new PaneController({
    host,
    storage,
    persistent: true,
    prefix: "partition/",
    fetch: servers.fetch,
    clock,
    displayLanguage: "zh-CN",
    workbookName: () => "任务清单.xlsx",
    version: "test",
    checkServer: async () => ({ ok: true }),
    outbox: {
      random: () => 0,
      uuid: (() => {
        let n = 0;
        return () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
      })(),
    },
    ...extra,
  });
}

const settingsA: Settings = {
  ...emptySettings,
  server: SERVER_A,
  branch: "B01",
  token: TOKEN_A,
  campaign: "c2023",
};

async function save(settings: Settings): Promise<void> {
  const result = await pane.saveSettings(settings);
  if (!result.ok) throw new Error(result.message);
  await result.done;
  await settle();
}

/** Sync, and the outbox's first round for it. */
async function sync(): Promise<void> {
  expect(await pane.sync()).toBeNull();
  await pane.outbox.flush();
  await settle();
}

const status = () => pane.snapshot().status;
const items = () => pane.snapshot().sync.items;

beforeEach(async () => {
  const book = await readBookFile(join(workbooksDir, "messy.xlsx"));
  office = createRealOffice(fakeWorkbookFromBook(book));
  uninstall = office.install();
  clock = new ManualClock();
  servers = new FakeServers();
  storage = new MemoryStorage();
  pane = newPane();
  await pane.start();
});

afterEach(() => {
  pane.stop();
  uninstall();
});

describe("the pane's controller against the simulated Excel host", () => {
  it("validates, marks the findings' cells and clears the marks", async () => {
    await pane.validate();
    const state = pane.snapshot();
    expect(state.status?.tone).toBe("success");
    expect(state.status?.text).toMatch(/^校验完成/);
    expect(state.report?.period).toBe("2023-09");
    expect(state.report?.asOf).toBe("2023-09-20");
    expect(state.report?.findings.some((f) => f.code === "owner.missing" && f.cell === "E6")).toBe(true);
    expect(state.rubricLabel).toBe("默认标准");

    const fills = () => office.workbook.sheet("任务清单").fills();
    const before = fills();
    await pane.mark();
    expect(status()?.text).toMatch(/^已在工作表中标注 \d+ 处问题/);
    expect(fills().E6).toBe(markColors.error);
    await pane.clearMarks();
    expect(status()?.text).toContain("已清除标注");
    expect(fills()).toEqual(before);
  });

  it("asks for the settings sync needs, and refuses settings it cannot use, naming the fields", async () => {
    expect(await pane.sync()).toBe("server");
    expect(status()).toEqual({ text: expect.stringContaining("请先在“设置”中填写"), tone: "error" });
    const refused = await pane.saveSettings({ ...settingsA, branch: "支部", server: "http://x.example" });
    expect(refused).toMatchObject({ ok: false, fields: ["server", "branch"] });
    expect(servers.received).toEqual([]);
  });

  it("syncs: the campaign's rubric, one submission with a UUID key and the token, the rank shown", async () => {
    await save(settingsA);
    expect(status()?.text).toBe("设置已保存。");
    await sync();
    const [sent] = servers.submissions();
    expect(sent).toMatchObject({ server: SERVER_A, token: TOKEN_A });
    expect(sent?.key).toMatch(/^[0-9a-f-]{36}$/);
    const state = pane.snapshot();
    expect(state.rubricLabel).toBe("活动“测试活动”的标准");
    expect(state.status).toEqual({ text: "同步成功：2023-09 第 1 名。", tone: "success" });
    expect(state.sync.last?.text).toBe("最近一次同步：2023-09 第 1 名（共 3 个支部），服务器评分 61.5");
    expect(state.sync.items).toEqual([]);
    // The branch's judged results beside its own 自报 activities part, read with its token
    await settle();
    const events = servers.received.find((r) => r.path === "/api/v1/events");
    expect(events?.token).toBe(TOKEN_A);
    expect(pane.snapshot().judged?.events.map((e) => [e.name, e.result?.rank])).toEqual([["技能大比武", 2]]);
  });

  it("keeps a submission pending while offline, waits out the backoff, and sends it once with the same key", async () => {
    await save(settingsA);
    servers.next.push("offline", { status: 503, body: {}, headers: { "Retry-After": "30" } });
    await sync();
    expect(status()).toEqual({ text: "同步失败：网络不可用，已保存，将自动重试。", tone: "warning" });
    expect(items()).toEqual([
      {
        id: expect.any(String),
        state: "pending",
        text: "任务清单.xlsx · 2023-09 · 第 1 次尝试失败",
        hint: "同步失败：网络不可用，已保存，将自动重试。",
        actions: ["retry"],
      },
    ]);
    // The first retry after the backoff (half the 2 s base: no jitter): the server is busy and says when to come back.
    await clock.advance(1_000);
    expect(items()[0]).toMatchObject({ state: "pending", text: "任务清单.xlsx · 2023-09 · 第 2 次尝试失败" });
    expect(items()[0]?.hint).toContain("服务器暂时不可用（503）");
    await clock.advance(29_000);
    expect(servers.submissions()).toHaveLength(2);
    await clock.advance(1_000);
    const keys = servers.submissions().map((r) => r.key);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(items()).toEqual([]);
    expect(status()?.text).toBe("同步成功：2023-09 第 1 名。");
  });

  it("a refusal is final: the item stays listed as failed with the server's reason until discarded", async () => {
    await save(settingsA);
    servers.next.push({
      status: 403,
      body: { error: { code: "forbidden", message: "此令牌不属于活动 c2023。" } },
    });
    await sync();
    expect(status()).toEqual({
      text: "同步失败：此令牌不属于活动 c2023。 请在“设置”中检查支部代码和活动编号。",
      tone: "error",
    });
    const [item] = items();
    expect(item).toMatchObject({
      state: "failed",
      text: "任务清单.xlsx · 2023-09 · 已被拒绝",
      hint: expect.stringContaining("此令牌不属于活动 c2023。"),
      actions: ["retry", "discard"],
    });
    expect(pane.snapshot().sync.last).toBeNull();
    // Not retried on its own, however long the pane stays open.
    await clock.advance(60 * 60_000);
    expect(servers.submissions()).toHaveLength(1);
    pane.discard(item?.id ?? "");
    expect(items()).toEqual([]);
  });

  it("after a settings change, an item queued with another token waits for it, and goes to its old server with its old token", async () => {
    await save(settingsA);
    servers.next.push("offline");
    await sync();
    const queued = items()[0]?.id;
    expect(items()[0]?.state).toBe("pending");

    // Another branch's token on another server: the waiting item is not sent there, nor with that token.
    await save({ ...settingsA, server: SERVER_B, branch: "B02", token: TOKEN_B });
    await clock.advance(10 * 60_000);
    expect(servers.submissions()).toHaveLength(1);
    expect(items()).toEqual([
      {
        id: queued,
        state: "waiting",
        text: `任务清单.xlsx · 2023-09 · 等待排队时所用的令牌（发往 ${SERVER_A}）`,
        hint: expect.stringContaining("换回该令牌"),
        actions: ["discard"],
      },
    ]);
    // The new identity's own submission goes to its server with its token; the old one keeps waiting.
    await sync();
    expect(servers.submissions()[1]).toMatchObject({ server: SERVER_B, token: TOKEN_B });
    expect(items().map((i) => i.state)).toEqual(["waiting"]);

    // Token A back, server B still set: the item goes to server A, with token A, under its first key.
    await save({ ...settingsA, server: SERVER_B });
    await clock.advance(0);
    const resent = servers.submissions()[2];
    expect(resent).toMatchObject({ server: SERVER_A, token: TOKEN_A, key: queued });
    expect(servers.submissions()).toHaveLength(3);
    expect(items()).toEqual([]);
  });

  it("lists the month's review states after a sync (退回 first with the reason), selects and marks a returned row", async () => {
    servers.reviews = [
      claim("党员先锋岗", "B5", "accepted"),
      claim("便民服务站", "B7", "pending"),
      claim("红色宣讲团", "B6", "returned", "佐证材料只有照片，缺少会议记录"),
    ];
    await save(settingsA);
    await sync();
    await vi.waitFor(() => expect(pane.snapshot().reviews).not.toBeNull());
    const asked = servers.received.find((r) => r.path === "/api/v1/reviews");
    expect(asked?.token).toBe(TOKEN_A);
    const state = pane.snapshot();
    expect(state.reviews?.map((r) => [r.project.name, r.state, r.review?.reason ?? null])).toEqual([
      ["红色宣讲团", "returned", "佐证材料只有照片，缺少会议记录"],
      ["便民服务站", "pending", null],
      ["党员先锋岗", "accepted", ""],
    ]);
    expect(state.reviewsNote).toBeNull();

    // Clicking the returned item selects the project's row (its name cell) in Excel.
    await pane.select("任务清单", "B6", "任务清单!B6");
    expect(office.workbook.selection).toEqual({ sheet: "任务清单", address: "B6" });

    // 标注 marks the returned row too (not the pending or accepted ones); 清除标注 gives it back.
    const fills = () => office.workbook.sheet("任务清单").fills();
    const before = fills();
    await pane.mark();
    // B6 has no finding of its own: its mark is the return's.
    expect(pane.snapshot().report?.findings.filter((f) => f.sheet === "任务清单" && f.cell === "B6")).toEqual(
      [],
    );
    expect(fills().B6).toBe(markColors.error);
    expect(fills().B7).toBe(before.B7);
    expect(fills().B5).toBe(before.B5);
    await pane.clearMarks();
    expect(fills()).toEqual(before);
  });

  it("on 校验 with complete settings reads the states; offline it leaves only a short note", async () => {
    servers.reviews = [claim("红色宣讲团", "B6", "returned", "进度与佐证不符")];
    await save(settingsA);
    await pane.validate();
    expect(pane.snapshot().reviews?.[0]?.review?.reason).toBe("进度与佐证不符");
    servers.reviewsOffline = true;
    await pane.validate();
    expect(pane.snapshot().reviews).toBeNull();
    expect(pane.snapshot().reviewsNote).toBe("暂时无法读取核实情况。");
    expect(status()?.tone).toBe("success");
  });

  it("speaks English when the settings say so, the outbox list included", async () => {
    await save(settingsA);
    servers.next.push("offline");
    await sync();
    servers.next.push("offline");
    await save({ ...settingsA, lang: "en" });
    expect(pane.snapshot().lang).toBe("en");
    expect(items()[0]?.text).toMatch(/^任务清单\.xlsx · 2023-09 · attempt \d failed$/);
  });
});
