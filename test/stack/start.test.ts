/**
 * `npm start` as a newcomer runs it (issue 3's acceptance): the stack answers /healthz within
 * 90 s, the command line registers a branch and syncs the canonical workbook, and the rankings
 * list every demo branch or name the missing ones. Then the backup story (issue 17): the demo
 * database exported with `juxing admin export` and imported into an empty one ranks the same.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCampaign } from "../../scripts/demo/seed.ts";
import { applyMigrations, freePort, root, startDevServer } from "../../scripts/lib/stack.ts";
import { type NpmStart, npmStart } from "../helpers/npm-start.ts";

const state = mkdtempSync(join(tmpdir(), "juxing-start-"));
let port = 0;
let server = "";
let stack: NpmStart;

async function juxing(...args: string[]) {
  const { stdout } = await promisify(execFile)(process.execPath, [join(root, "bin", "juxing.js"), ...args], {
    cwd: root,
  });
  return stdout;
}

beforeAll(async () => {
  port = await freePort();
  stack = await npmStart(port, state);
  server = stack.server;
}, 240_000);

afterAll(() => {
  stack?.stop();
  rmSync(state, { recursive: true, force: true });
});

describe("npm start", () => {
  it("serves /healthz within 90 s and prints where to go", () => {
    expect(stack.healthyAfterMs).toBeLessThan(90_000);
    expect(stack.output()).toContain(`${server}/rankings`);
    expect(stack.output()).toContain("viewer key: dev-viewer");
    expect(stack.output()).toMatch(/czj\s+jxb_[\w-]{43}/);
    expect(stack.output()).toMatch(/李核查 jxr_[\w-]{43}/);
  });

  it("syncs the canonical workbook with a token issued through juxing admin: self-score 68.8, an audited score and a rank", async () => {
    const created = JSON.parse(
      await juxing(
        "admin",
        "branch",
        "create",
        "--code",
        "newb",
        "--name",
        "新建支部",
        "--campaign",
        "juxing-2023",
        "--server",
        server,
        "--admin-token",
        "dev-admin",
        "--json",
      ),
    );
    expect(created.token).toMatch(/^jxb_/);
    const answer = JSON.parse(
      await juxing(
        "sync",
        join(root, "test", "fixtures", "workbooks", "canonical.xlsx"),
        "--server",
        server,
        "--token",
        created.token,
        "--json",
      ),
    );
    // Taken at its word the list scores what `juxing validate` says; the demo campaign verifies
    // claims (none reviewed yet: pending) and judges activities, so the audited score is lower.
    expect(answer.selfScore.total).toBeCloseTo(68.8, 2);
    expect(answer.score.total).toBeLessThan(answer.selfScore.total);
    expect(answer.period).toBe("2023-06");
    expect(Number.isInteger(answer.rank) && answer.rank >= 1).toBe(true);
  });

  it("ranks every demo branch for 2023-06 or names it as missing", async () => {
    const response = await fetch(`${server}/api/v1/rankings?campaign=juxing-2023&period=2023-06`, {
      headers: { Authorization: "Bearer dev-viewer" },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      rows: { branch: { code: string } }[];
      missing: { code: string }[];
    };
    const seen = new Set([...body.rows.map((r) => r.branch.code), ...body.missing.map((m) => m.code)]);
    for (const branch of demoCampaign.branches) expect(seen.has(branch.code), branch.code).toBe(true);
    expect(body.missing.length).toBeGreaterThan(0);
  });
});

describe("reminders (督办) through real HTTP", () => {
  async function waitFor(text: string, from: number): Promise<string> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const fresh = stack.output().slice(from);
      if (fresh.includes(text)) return fresh;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`"${text}" never came:\n${stack.output().slice(from).slice(-2000)}`);
  }

  it("the printed curl runs the daily job: the demo branch's robot and the office each get one message, once", async () => {
    expect(stack.output()).toContain(`curl "${server}/__scheduled?cron=30+0+*+*+*"`);
    const before = stack.output().length;
    const first = await fetch(`${server}/__scheduled?cron=30+0+*+*+*`);
    expect(first.status).toBe(200);
    await first.text();
    const received = await waitFor("notify-receiver: POST /office", before);
    expect(received).toContain("notify-receiver: POST /wecom/czj");
    expect(received).toContain("### 【督办】县财政局机关党支部 6月25日");
    expect(received).toMatch(/- .+｜责任人 .+｜6月30日到期（还有 5 天）/);
    expect(received).toContain(`[查看本支部清单](${server}/branches/czj?campaign=juxing-2023)`);

    // The same day again: nothing sent. The admin run says so.
    const again = await fetch(`${server}/api/v1/admin/notify/run`, {
      method: "POST",
      headers: { Authorization: "Bearer dev-admin" },
    });
    expect(await again.json()).toMatchObject({ day: "2023-06-25", sent: 0, failed: 0, skipped: 2 });
    expect(
      stack
        .output()
        .slice(before)
        .match(/notify-receiver: POST/g),
    ).toHaveLength(2);
  });
});

describe("backups", () => {
  it("the demo database's export, imported into an empty database, ranks every period the same", async () => {
    const file = join(state, "backup.jsonl");
    const exported = await juxing("admin", "export", file, "--server", server, "--admin-token", "dev-admin");
    expect(exported).toMatch(/submissions [1-9]\d*/);
    const copyState = mkdtempSync(join(tmpdir(), "juxing-restore-"));
    await applyMigrations(copyState);
    const copy = await startDevServer({
      port: await freePort(),
      persistTo: copyState,
      vars: { ADMIN_TOKEN: "dev-admin", VIEWER_KEY: "dev-viewer" },
    });
    try {
      const imported = await juxing(
        "admin",
        "import",
        file,
        "--server",
        copy.url,
        "--admin-token",
        "dev-admin",
      );
      expect(imported.replace("imported from", "")).toBe(exported.replace("exported to", ""));
      const periods = [
        ...Array.from({ length: 12 }, (_, i) => `2023-${String(i + 1).padStart(2, "0")}`),
        "2023-Q1",
        "2023-Q2",
        "2023-Q3",
        "2023-Q4",
        "2023",
      ];
      const read = async (base: string, period: string) => {
        const res = await fetch(
          `${base}/api/v1/rankings?campaign=juxing-2023&period=${period}&metric=total`,
          {
            headers: { Authorization: "Bearer dev-viewer" },
          },
        );
        expect(res.status).toBe(200);
        return res.text();
      };
      for (const period of periods)
        expect(await read(copy.url, period), period).toBe(await read(server, period));
      // The branches' tokens still work: only their hashes travelled, and those are what counts.
      const token = /czj\s+(jxb_[\w-]{43})/.exec(stack.output())?.[1];
      const whoami = await fetch(`${copy.url}/api/v1/whoami`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(await whoami.json()).toMatchObject({ role: "branch", branch: { code: "czj" } });
      expect(await readFile(file, "utf8")).not.toContain(token);
      // A database that holds data refuses an import.
      await expect(
        juxing("admin", "import", file, "--server", copy.url, "--admin-token", "dev-admin"),
      ).rejects.toThrow(/empty database/);
    } finally {
      await copy.stop();
      rmSync(copyState, { recursive: true, force: true });
    }
  });
});
