/**
 * `npm start` as a newcomer runs it (issue 3's acceptance): the stack answers /healthz within
 * 90 s, the command line registers a branch and syncs the canonical workbook, and the rankings
 * list every demo branch or name the missing ones.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCampaign } from "../../scripts/demo/seed.ts";
import { freePort, root } from "../../scripts/lib/stack.ts";
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
  });

  it("syncs the canonical workbook with a token issued through juxing admin: 68.8 and a rank", async () => {
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
    expect(answer.score.total).toBeCloseTo(68.8, 2);
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
