/**
 * `juxing admin notify …` against a scripted server: what they send, what they print (never more
 * of a secret than the server's "…" and last 4), and an answer that does not fit refused.
 */
import { afterEach, describe, expect, it } from "vitest";
import { closeScripted, runAdmin as run, scripted } from "../helpers/scripted-admin.ts";

afterEach(closeScripted);

const channel = {
  scope: "branch",
  ref: "czj",
  kind: "dingtalk",
  url: "…abcd",
  secret: "…wxyz",
  updatedAt: "2026-12-04T00:00:00.000Z",
};

describe("juxing admin notify", () => {
  it("set sends the kind, URL and secret for a branch, and prints only what the server masks", async () => {
    const { url, seen } = await scripted({ "PUT /api/v1/admin/branches/czj/notify": [200, channel] });
    const hook = "https://oapi.dingtalk.com/robot/send?access_token=tok-abcd";
    const result = await run(
      url,
      "notify",
      "set",
      "--code",
      "czj",
      "--kind",
      "dingtalk",
      "--url",
      hook,
      "--secret",
      "SECwxyz",
    );
    expect(result).toMatchObject({ code: 0 });
    expect(seen[0]).toEqual({
      method: "PUT",
      url: "/api/v1/admin/branches/czj/notify",
      auth: "Bearer adm",
      body: { kind: "dingtalk", url: hook, secret: "SECwxyz" },
    });
    expect(result.out).toBe(
      "branch czj: dingtalk channel set (url …abcd, secret …wxyz)\ntry it: juxing admin notify test --code czj",
    );
    expect(result.out).not.toContain("tok-abcd");
  });

  it("the office's channel by --campaign; clear, test and run say what happened", async () => {
    const { url, seen } = await scripted({
      "DELETE /api/v1/admin/campaigns/juxing-2023/notify": [200, { cleared: true }],
      "POST /api/v1/admin/branches/czj/notify/test": [200, { ok: false, status: 502, error: "HTTP 502" }],
      "POST /api/v1/admin/notify/run": [
        200,
        { day: "2026-12-04", sent: 16, failed: 1, skipped: 0, queries: 8, writes: 17, ms: 420 },
      ],
    });
    expect((await run(url, "notify", "clear", "--campaign", "juxing-2023")).out).toBe(
      "campaign juxing-2023 (office): channel cleared",
    );
    expect((await run(url, "notify", "test", "--code", "czj")).out).toBe(
      "branch czj: test message failed — HTTP 502",
    );
    expect((await run(url, "notify", "run")).out).toBe(
      "2026-12-04: 16 sent, 1 failed (retried at the next run), 0 already sent today",
    );
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      "DELETE /api/v1/admin/campaigns/juxing-2023/notify",
      "POST /api/v1/admin/branches/czj/notify/test",
      "POST /api/v1/admin/notify/run",
    ]);
  });

  it("needs --code or --campaign, not both; an answer that does not fit is refused", async () => {
    const { url } = await scripted({
      "PUT /api/v1/admin/branches/czj/notify": [200, { ...channel, url: undefined }],
    });
    await expect(run(url, "notify", "clear")).rejects.toThrow(/--code CODE .* or --campaign ID/);
    await expect(run(url, "notify", "clear", "--code", "a", "--campaign", "b")).rejects.toThrow(/not both/);
    const odd = await run(
      url,
      "notify",
      "set",
      "--code",
      "czj",
      "--kind",
      "wecom",
      "--url",
      "https://q.example/x",
    );
    expect(odd.code).toBe(1);
    expect(odd.err).toMatch(/not what this version expects/);
  });
});
