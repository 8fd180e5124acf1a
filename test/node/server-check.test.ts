/** Settings' server check (addin/src/server-check.ts): what a user is told about each server. */
import { describe, expect, it } from "vitest";
import { checkServer } from "../../addin/src/server-check.ts";

const pane = "https://juxing.example.gov.cn";

function env(answer: (events: EventTarget) => Promise<Response>) {
  const events = new EventTarget();
  return {
    paneOrigin: pane,
    events,
    fetch: (() => answer(events)) as unknown as typeof fetch,
    timeoutMs: 1_000,
  };
}

/** What the browser does when connect-src blocks a fetch: an event on the document, then a TypeError. */
function blockedBy(events: EventTarget, uri: string): Promise<Response> {
  const event = Object.assign(new Event("securitypolicyviolation"), { blockedURI: uri });
  setTimeout(() => events.dispatchEvent(event), 0);
  return Promise.reject(new TypeError("Failed to fetch"));
}

describe("the server in Settings", () => {
  it("is the pane's own: nothing to try", async () => {
    const result = await checkServer(
      `${pane}/`,
      "zh-CN",
      env(() => Promise.reject(new Error("not called"))),
    );
    expect(result).toEqual({ ok: true });
  });

  it("is refused, with the reason and what to do, when the pane's policy blocks it", async () => {
    const other = "https://other.example.com";
    const result = await checkServer(
      other,
      "zh-CN",
      env((events) => blockedBy(events, `${other}/healthz`)),
    );
    expect(result).toMatchObject({ ok: false, reason: "blocked" });
    if (!result.ok) expect(result.message).toContain("PANE_SERVERS");
  });

  it("is saved with a warning when it cannot be reached now", async () => {
    const result = await checkServer(
      "https://listed.example.com",
      "en",
      env(() => Promise.reject(new TypeError("offline"))),
    );
    expect(result).toMatchObject({ ok: true });
    if (result.ok) expect(result.warning).toMatch(/cannot be reached/);
  });

  it("is refused when it answers but is not Juxing", async () => {
    const result = await checkServer(
      "https://listed.example.com",
      "en",
      env(() => Promise.resolve(new Response("<html>", { status: 200 }))),
    );
    expect(result).toMatchObject({ ok: false, reason: "not-juxing" });
  });

  it("is taken when its /healthz answers as Juxing's does", async () => {
    const result = await checkServer(
      "https://listed.example.com",
      "en",
      env(() => Promise.resolve(Response.json({ ok: true }))),
    );
    expect(result).toEqual({ ok: true });
  });
});
