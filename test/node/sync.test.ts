/**
 * The command line's sync: retries with the same idempotency key, keeps what did not arrive and
 * sends it first next time. The server here is a scripted HTTP server on loopback, so failures
 * can be chosen; the real Worker is exercised by test/stack. The command line runs in this
 * process (cli/main.ts), once as its own process (bin/juxing.js) as a user starts it.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { workbooksDir } from "../helpers/fixtures.ts";

const root = join(import.meta.dirname, "..", "..");
const canonical = join(workbooksDir, "canonical.xlsx");

interface Seen {
  key: string | undefined;
  token: string | undefined;
  body: { branch: string; period: string; asOf: string; projects: unknown[] };
}

type Reply = (res: ServerResponse) => void;
const answer =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (res) => {
    // No keep-alive: the command line runs in this process, and its fetch must not hold on to a
    // connection of a server the test has stopped.
    res.writeHead(status, { "Content-Type": "application/json", Connection: "close", ...headers });
    res.end(JSON.stringify(body));
  };

/** A 201 answer as the Worker gives it (shared/api/schemas.ts). */
const scoreOf = (total: number) => ({
  total,
  max: 100,
  stars: 3,
  byCategory: { model: 20, service: 20, vanguard: 20, activities: total - 60, landmark: 0 },
  clarityRate: 1,
  completionRate: 0.5,
  overdue: 0,
});
const created = (total = 68.8, rank: number | null = 3) => ({
  submissionId: crypto.randomUUID(),
  campaign: "juxing-2023",
  branch: "czj",
  period: "2023-06",
  asOf: "2023-06-30",
  receivedAt: new Date().toISOString(),
  score: scoreOf(total),
  selfScore: scoreOf(total + 5),
  review: { pending: 5, accepted: 2, returned: 0 },
  findings: { error: 0, warning: 1, info: 0, codes: { "deadline.vague": 1 } },
  rank,
  tied: false,
  ranked: 17,
  method: "dense",
});

/** The month's claims as GET /api/v1/reviews gives them: one returned with its reason, one accepted. */
const claim = (name: string, cell: string) => ({
  branch: { code: "czj", name: "县财政局机关党支部" },
  project: {
    key: name,
    name,
    target: "t",
    owner: "王建华",
    deadline: "每月",
    status: "done",
    progress: 1,
    evidence: "有",
    sheet: "重点任务清单",
    cell,
  },
  contentHash: "a".repeat(64),
});
const reviewItems = [
  {
    ...claim("主题党日", "B5"),
    state: "returned",
    review: {
      decision: "return",
      reason: "佐证材料只写了“有”",
      reviewer: "李核查",
      at: "2023-07-02T01:00:00Z",
    },
  },
  {
    ...claim("结对共建", "B6"),
    state: "accepted",
    review: { decision: "accept", reason: "", reviewer: "李核查", at: "2023-07-02T01:00:00Z" },
  },
];

let close: (() => void) | undefined;
afterEach(() => close?.());

/**
 * A server that answers whoami and the campaign, and submissions from a script of replies. Like
 * the Worker, it refuses (403) a key that another token first used.
 */
async function scriptedServer(replies: Reply[], port = 0) {
  const seen: Seen[] = [];
  const keyOwner = new Map<string, string>();
  const server = createServer(async (req: IncomingMessage, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const token = req.headers.authorization?.replace(/^Bearer /, "");
    if (req.url === "/api/v1/whoami")
      return answer(200, {
        role: "branch",
        branch: { code: token === "jxb_other" ? "xwb" : "czj", name: "县财政局机关党支部" },
        campaign: "juxing-2023",
      })(res);
    if (req.url?.startsWith("/api/v1/campaigns/")) {
      return answer(200, {
        id: "juxing-2023",
        name: "聚星点亮 2023",
        year: 2023,
        expectedProjects: 14,
        rubric: {},
        ranking: "dense",
      })(res);
    }
    if (req.url?.startsWith("/api/v1/reviews")) return answer(200, { items: reviewItems })(res);
    const key = req.headers["idempotency-key"] as string;
    seen.push({ key, token, body: JSON.parse(raw) });
    const owner = keyOwner.get(key) ?? token ?? "";
    keyOwner.set(key, owner);
    if (owner !== token)
      return answer(403, {
        error: { code: "branch_mismatch", message: "This token belongs to another branch." },
      })(res);
    const reply = replies.shift() ?? answer(201, created());
    reply(res);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  close = () => server.close();
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

async function sync(server: string, outbox: string, ...extra: string[]) {
  const token = extra.includes("--token") ? [] : ["--token", "jxb_test"];
  return juxing(outbox, "sync", canonical, "--server", server, ...token, "--lang", "en", ...extra);
}

/**
 * The command line in this process (cli/main.ts with its output captured): the same commands,
 * without a Node start per run. The outbox directory and a short backoff (docs/api.md, "Retries")
 * come from the environment, as they would for a process.
 */
async function juxing(outbox: string, ...args: string[]) {
  const saved = { dir: process.env.JUXING_OUTBOX_DIR, base: process.env.JUXING_RETRY_BASE_MS };
  process.env.JUXING_OUTBOX_DIR = outbox;
  process.env.JUXING_RETRY_BASE_MS = "5";
  let stdout = "";
  let stderr = "";
  try {
    const code = await main(args, {
      out: (text) => {
        stdout += `${text}\n`;
      },
      err: (text) => {
        stderr += `${text}\n`;
      },
    });
    return { code, stdout, stderr };
  } finally {
    restore("JUXING_OUTBOX_DIR", saved.dir);
    restore("JUXING_RETRY_BASE_MS", saved.base);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** The command line as a user runs it: bin/juxing.js in its own Node process. */
async function juxingProcess(outbox: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [join(root, "bin", "juxing.js"), ...args],
      // A short backoff (docs/api.md, "Retries"): the retries are the same, without seconds of waiting.
      { cwd: root, env: { ...process.env, JUXING_OUTBOX_DIR: outbox, JUXING_RETRY_BASE_MS: "5" } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("juxing sync", () => {
  it("retries 5xx and 429 with the same idempotency key and prints the server's score and rank", async () => {
    const { url, seen } = await scriptedServer([
      answer(503, { error: { code: "x", message: "down" } }),
      answer(429, {}, { "Retry-After": "0" }),
    ]);
    // Once as a process, as a user runs it: exit code, stdout, the outbox directory from the environment.
    const outbox = mkdtempSync(join(tmpdir(), "outbox-"));
    const result = await juxingProcess(
      outbox,
      "sync",
      canonical,
      "--server",
      url,
      "--token",
      "jxb_test",
      "--lang",
      "en",
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("score 68.8, rank 3");
    // Both scores, and what the office returned, with its reason and where it is.
    expect(result.stdout).toContain("self-declared 73.8; verification: 2 accepted, 5 pending, 0 returned");
    expect(result.stdout).toContain("1 item(s) returned by the campaign office");
    expect(result.stdout).toContain("✗ 主题党日 (重点任务清单!B5): 佐证材料只写了“有” (李核查)");
    expect(result.stdout).not.toContain("结对共建");
    expect(readdirSync(outbox)).toEqual([]);
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((s) => s.key)).size).toBe(1);
    expect(seen[0]?.key).toMatch(/^[0-9a-f-]{36}$/);
    // The period's last day: the canonical list is for 2023-06, long past.
    expect(seen[0]?.body).toMatchObject({ branch: "czj", period: "2023-06", asOf: "2023-06-30" });
    expect(seen[0]?.body.projects).toHaveLength(14);
  });

  it("does not retry a rejection and says why", async () => {
    const { url, seen } = await scriptedServer([
      answer(422, {
        error: {
          code: "validation_failed",
          message: "Bad body",
          issues: [{ path: "period", message: "expected a month" }],
        },
      }),
    ]);
    const result = await sync(url, mkdtempSync(join(tmpdir(), "outbox-")));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Bad body");
    expect(seen).toHaveLength(1);
  });

  it("sends the same waiting submission once, under its first key, when the same list is synced again", async () => {
    const outbox = mkdtempSync(join(tmpdir(), "outbox-"));
    const first = await scriptedServer(Array.from({ length: 5 }, () => answer(502, {})));
    expect((await sync(first.url, outbox)).code).toBe(3);
    const key = first.seen[0]?.key;
    close?.();
    const second = await scriptedServer([], Number(new URL(first.url).port));
    const again = await sync(second.url, outbox);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("score 68.8, rank 3");
    expect(second.seen.map((s) => s.key)).toEqual([key]);
    expect(readdirSync(outbox)).toEqual([]);
  });

  it("keeps a submission the server never answered and sends it first, with its key, next time", async () => {
    const outbox = mkdtempSync(join(tmpdir(), "outbox-"));
    const failing = Array.from({ length: 5 }, () => answer(502, {}));
    const first = await scriptedServer(failing);
    const result = await sync(first.url, outbox);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("saved");
    expect(readdirSync(outbox)).toHaveLength(1);
    const key = first.seen[0]?.key;
    close?.();

    // The server is back at the same address: the kept submission goes first, under its first key,
    // then July's list.
    const second = await scriptedServer([], Number(new URL(first.url).port));
    const again = await sync(second.url, outbox, "--period", "2023-07");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Re-sent 1 earlier submission");
    expect(second.seen.map((s) => s.key)).toEqual([key, expect.any(String)]);
    expect(second.seen[1]?.key).not.toBe(key);
    expect(readdirSync(outbox)).toHaveLength(0);
  });

  it("never sends a submission another token queued: it stays, listed, and is not counted as re-sent", async () => {
    // The defect: with branch B's token, sync re-sent branch A's waiting submission, got 403,
    // deleted it and printed "Re-sent 1 earlier submission(s)".
    const outbox = mkdtempSync(join(tmpdir(), "outbox-"));
    const first = await scriptedServer(Array.from({ length: 5 }, () => answer(502, {})));
    expect((await sync(first.url, outbox)).code).toBe(3);
    const keyOfA = first.seen[0]?.key;
    close?.();

    const second = await scriptedServer([], Number(new URL(first.url).port));
    const asB = await sync(second.url, outbox, "--token", "jxb_other");
    expect(asB.code).toBe(0);
    expect(second.seen.map((s) => s.token)).toEqual(["jxb_other"]);
    expect(second.seen.map((s) => s.key)).not.toContain(keyOfA);
    expect(asB.stdout).not.toContain("Re-sent");
    expect(asB.stderr).toContain("1 more submission(s) were queued with another token");
    expect(readdirSync(outbox)).toEqual([`${keyOfA}.json`]);

    // A's own token sends it, with its first key.
    const asA = await sync(second.url, outbox, "--period", "2023-07");
    expect(asA.stdout).toContain("Re-sent 1 earlier submission");
    expect(second.seen.filter((s) => s.key === keyOfA).map((s) => s.token)).toEqual(["jxb_test"]);
    expect(readdirSync(outbox)).toEqual([]);
  });

  it("keeps a refused earlier submission with the server's reason until the user discards it", async () => {
    // The defect: a 422 on a re-sent submission deleted it and counted it as re-sent.
    const outbox = mkdtempSync(join(tmpdir(), "outbox-"));
    const first = await scriptedServer(Array.from({ length: 5 }, () => answer(502, {})));
    expect((await sync(first.url, outbox)).code).toBe(3);
    const key = first.seen[0]?.key as string;
    close?.();

    const refusal = {
      error: { code: "validation_failed", message: "The as-of date is outside the allowed window." },
    };
    const second = await scriptedServer([answer(422, refusal)], Number(new URL(first.url).port));
    const again = await sync(second.url, outbox, "--period", "2023-07");
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain("Re-sent");
    expect(again.stderr).toContain(
      "An earlier submission was refused (The as-of date is outside the allowed window.",
    );
    expect(again.stderr).toContain(`juxing outbox discard ${key}`);
    expect(readdirSync(outbox)).toEqual([`${key}.json`]);

    // Refused items are not sent again on their own; the list says why; discard removes it.
    await sync(second.url, outbox, "--period", "2023-08");
    expect(second.seen.filter((s) => s.key === key)).toHaveLength(1);
    const list = await juxing(outbox, "outbox", "list");
    expect(list.stdout).toMatch(new RegExp(`${key}\\s+failed .*outside the allowed window.*\\[422\\]`));
    expect((await juxing(outbox, "outbox", "discard", key)).stdout).toContain(`discarded ${key}`);
    expect(readdirSync(outbox)).toEqual([]);
    expect((await juxing(outbox, "outbox", "discard", key)).code).toBe(1);
  });

  it("says a closed month in words, in the reader's language, and keeps the submission", async () => {
    const closed = {
      error: {
        code: "period.closed",
        message: "Submissions for June 2023 closed on 5 July 2023; …",
        period: "2023-06",
        closedOn: "2023-07-05",
      },
    };
    const { url } = await scriptedServer([answer(422, closed), answer(422, closed)]);
    const zh = await sync(url, mkdtempSync(join(tmpdir(), "outbox-")), "--lang", "zh-CN");
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain("2023年6月的填报已于2023年7月5日截止，如需补报请联系活动办公室。");
    const en = await sync(url, mkdtempSync(join(tmpdir(), "outbox-")));
    expect(en.stderr).toContain(
      "Submissions for June 2023 closed on 5 July 2023; to report late, ask the campaign office",
    );
  });

  it("juxing reviews lists the month's claims: returned first with the reason and the cell", async () => {
    const { url } = await scriptedServer([]);
    const out = await juxing(
      mkdtempSync(join(tmpdir(), "outbox-")),
      "reviews",
      "--server",
      url,
      "--token",
      "jxb_test",
      "--period",
      "2023-06",
      "--lang",
      "zh-CN",
    );
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split("\n");
    expect(lines[0]).toBe("2023-06 核实情况（共 2 项）：");
    expect(lines[1]).toContain("退回");
    expect(lines[1]).toContain("主题党日 (重点任务清单!B5)  — 佐证材料只写了“有”（李核查）");
    expect(lines[2]).toContain("已核实");
    const json = await juxing(
      mkdtempSync(join(tmpdir(), "outbox-")),
      "reviews",
      "--server",
      url,
      "--token",
      "jxb_test",
      "--period",
      "2023-06",
      "--json",
    );
    expect(JSON.parse(json.stdout).items).toHaveLength(2);
  });

  it("refuses a server answer that does not fit the contract, with a clear error", async () => {
    const { url } = await scriptedServer([
      answer(201, { score: { total: 68.8 }, rank: 3, period: "2023-06" }),
    ]);
    const result = await sync(url, mkdtempSync(join(tmpdir(), "outbox-")));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not what this version expects .*submissionId/);
  });
});
