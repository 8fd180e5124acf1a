/**
 * The command line's sync: retries with the same idempotency key, keeps what did not arrive and
 * sends it first next time. The server here is a scripted HTTP server on loopback, so failures
 * can be chosen; the real Worker is exercised by test/stack.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { workbooksDir } from "../helpers/fixtures.ts";

const root = join(import.meta.dirname, "..", "..");
const canonical = join(workbooksDir, "canonical.xlsx");

interface Seen {
  key: string | undefined;
  body: { branch: string; period: string; asOf: string; projects: unknown[] };
}

type Reply = (res: ServerResponse) => void;
const answer =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (res) => {
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

let close: (() => void) | undefined;
afterEach(() => close?.());

/** A server that answers whoami and the campaign, and submissions from a script of replies. */
async function scriptedServer(replies: Reply[], port = 0) {
  const seen: Seen[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    if (req.url === "/api/v1/whoami")
      return answer(200, { role: "branch", branch: { code: "czj" }, campaign: "juxing-2023" })(res);
    if (req.url?.startsWith("/api/v1/campaigns/")) {
      return answer(200, {
        id: "juxing-2023",
        year: 2023,
        expectedProjects: 14,
        rubric: {},
        ranking: "dense",
      })(res);
    }
    seen.push({ key: req.headers["idempotency-key"] as string, body: JSON.parse(raw) });
    const reply = replies.shift() ?? answer(201, { score: { total: 68.8 }, rank: 3, period: "2023-06" });
    reply(res);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  close = () => server.close();
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

async function sync(server: string, outbox: string, ...extra: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        join(root, "bin", "juxing.js"),
        "sync",
        canonical,
        "--server",
        server,
        "--token",
        "jxb_test",
        "--lang",
        "en",
        ...extra,
      ],
      { cwd: root, env: { ...process.env, JUXING_OUTBOX_DIR: outbox } },
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
    const result = await sync(url, mkdtempSync(join(tmpdir(), "outbox-")));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("score 68.8, rank 3");
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

    // The server is back at the same address: the kept submission goes first, under its first key.
    const second = await scriptedServer([], Number(new URL(first.url).port));
    const again = await sync(second.url, outbox);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Re-sent 1 earlier submission");
    expect(second.seen.map((s) => s.key)).toEqual([key, expect.any(String)]);
    expect(second.seen[1]?.key).not.toBe(key);
    expect(readdirSync(outbox)).toHaveLength(0);
  });
});
