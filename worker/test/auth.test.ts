import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  admin,
  call,
  callJson,
  createBranch,
  createCampaign,
  env,
  ORIGIN,
  request,
  submission,
  submit,
  VIEWER,
  withEnv,
} from "./helpers.ts";

const campaign = "auth-2023";
let alpha = "";
let beta = "";
let other = "";

beforeAll(async () => {
  await createCampaign({ id: campaign });
  await createCampaign({ id: "other-2023" });
  alpha = await createBranch("alpha", campaign);
  beta = await createBranch("beta", campaign);
  other = await createBranch("gamma", "other-2023");
});

describe("branch tokens", () => {
  it("are ≥128 random bits, prefixed, and never stored in clear", async () => {
    expect(alpha).toMatch(/^jxb_[A-Za-z0-9_-]{43}$/);
    const row = await env.DB.prepare("SELECT token_hash FROM branches WHERE code = 'alpha'").first<{
      token_hash: string;
    }>();
    expect(row?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const dump = await env.DB.prepare("SELECT * FROM branches").all();
    expect(JSON.stringify(dump.results)).not.toContain(alpha.slice(4));
    const { body } = await admin("GET", `/branches?campaign=${campaign}`);
    expect(JSON.stringify(body)).not.toMatch(/token_hash|tokenHash|jxb_/);
    expect((body.branches as { code: string }[]).map((b) => b.code)).toEqual(["alpha", "beta"]);
  });

  it("submit: no token 401, wrong token 401, malformed header 401, another branch's code 403", async () => {
    const body = submission({ campaign, branch: "alpha" });
    const none = await callJson("/api/v1/submissions", {
      method: "POST",
      json: body,
      headers: { "Idempotency-Key": "k1" },
    });
    expect(none.status).toBe(401);
    expect(none.res.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect(none.body).toMatchObject({ error: { code: "unauthorized" } });
    expect((await submit("jxb_wrongwrongwrongwrongwrongwrongwrongwrong123", body)).status).toBe(401);
    const basic = await callJson("/api/v1/submissions", {
      method: "POST",
      json: body,
      headers: { "Idempotency-Key": "k1", Authorization: "Basic Zm9vOmJhcg==" },
    });
    expect(basic.status).toBe(401);
    const mismatch = await submit(beta, body);
    expect(mismatch.status).toBe(403);
    expect(mismatch.body).toMatchObject({ error: { code: "branch_mismatch" } });
    const wrongCampaign = await submit(other, submission({ campaign, branch: "gamma" }));
    expect(wrongCampaign.status).toBe(403);
    expect(wrongCampaign.body).toMatchObject({ error: { code: "campaign_mismatch" } });
  });

  it("admin and viewer credentials cannot submit", async () => {
    const body = submission({ campaign, branch: "alpha" });
    expect((await submit(ADMIN, body)).status).toBe(403);
    expect((await submit(VIEWER, body)).status).toBe(403);
  });

  it("rotation: the old token stops working, the new one works", async () => {
    const token = await createBranch("rot", campaign);
    expect((await submit(token, submission({ campaign, branch: "rot" }))).status).toBe(201);
    const { status, body } = await admin("POST", "/branches/rot/token");
    expect(status).toBe(200);
    expect(body.code).toBe("rot");
    const fresh = body.token as string;
    expect(fresh).not.toBe(token);
    const old = await submit(token, submission({ campaign, branch: "rot" }));
    expect(old.status).toBe(401);
    expect(old.body).toMatchObject({ error: { code: "invalid_token" } });
    expect((await submit(fresh, submission({ campaign, branch: "rot" }))).status).toBe(201);
    expect((await admin("POST", "/branches/nope/token")).status).toBe(404);
  });

  it("a disabled branch is refused (403) until enabled again", async () => {
    const token = await createBranch("off", campaign);
    const { status, body } = await admin("POST", "/branches/off/disable");
    expect(status).toBe(200);
    expect(body).toEqual({ code: "off", disabled: true });
    const refused = await submit(token, submission({ campaign, branch: "off" }));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: "branch_disabled" } });
    expect((await callJson(`/api/v1/campaigns/${campaign}`, { token })).status).toBe(403);
    await admin("POST", "/branches/off/enable");
    expect((await submit(token, submission({ campaign, branch: "off" }))).status).toBe(201);
  });
});

describe("admin routes", () => {
  const routes: [string, string, unknown][] = [
    ["POST", "/api/v1/admin/campaigns", { id: "x-2023", name: "x", year: 2023 }],
    ["PUT", `/api/v1/admin/campaigns/${campaign}`, { name: "renamed" }],
    ["POST", "/api/v1/admin/branches", { code: "zzz", name: "z", campaign }],
    ["POST", "/api/v1/admin/branches/alpha/token", undefined],
    ["POST", "/api/v1/admin/branches/alpha/disable", undefined],
    ["GET", "/api/v1/admin/branches", undefined],
  ];

  it("refuse no token (401), wrong token (401), branch and viewer credentials (403)", async () => {
    for (const [method, path, json] of routes) {
      const init = { method, ...(json === undefined ? {} : { json }) };
      expect((await call(path, init)).status, `${method} ${path} without token`).toBe(401);
      expect((await call(path, { ...init, token: "nope" })).status, `${method} ${path} wrong token`).toBe(
        401,
      );
      expect((await call(path, { ...init, token: alpha })).status, `${method} ${path} branch`).toBe(403);
      expect((await call(path, { ...init, token: VIEWER })).status, `${method} ${path} viewer`).toBe(403);
    }
    // nothing was changed by the refused calls
    expect((await callJson(`/api/v1/campaigns/${campaign}`, { token: VIEWER })).body.name).toBe("测试活动");
  });

  it("are closed when ADMIN_TOKEN is unset", async () => {
    const res = await withEnv(request("/api/v1/admin/branches", { token: ADMIN }), { ADMIN_TOKEN: "" });
    expect(res.status).toBe(401);
  });
});

describe("viewer reads", () => {
  const rankings = `/api/v1/rankings?campaign=${campaign}&period=2023-06`;

  it("need a credential: none 401, wrong 401; viewer key, admin and own branch 200", async () => {
    expect((await call(rankings)).status).toBe(401);
    expect((await call(rankings, { token: "wrong" })).status).toBe(401);
    expect((await call(rankings, { token: VIEWER })).status).toBe(200);
    expect((await call(rankings, { token: ADMIN })).status).toBe(200);
    expect((await call(rankings, { token: alpha })).status).toBe(200);
  });

  it("a branch token reads only its own campaign and its own drill-down", async () => {
    expect((await call(`/api/v1/campaigns/${campaign}`, { token: alpha })).status).toBe(200);
    expect((await call("/api/v1/campaigns/other-2023", { token: alpha })).status).toBe(403);
    expect((await call("/api/v1/rankings?campaign=other-2023&period=2023-06", { token: alpha })).status).toBe(
      403,
    );
    const list = await callJson("/api/v1/campaigns", { token: alpha });
    expect((list.body.campaigns as { id: string }[]).map((c) => c.id)).toEqual([campaign]);
    expect((await call("/api/v1/branches/alpha/history", { token: alpha })).status).toBe(200);
    expect((await call("/api/v1/branches/beta/history", { token: alpha })).status).toBe(403);
    expect((await call("/api/v1/branches/beta/history", { token: VIEWER })).status).toBe(200);
  });

  it("whoami tells a branch token its code and campaign, and other tokens their role", async () => {
    const me = await callJson("/api/v1/whoami", { token: alpha });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: "branch", branch: { code: "alpha" }, campaign });
    expect((await callJson("/api/v1/whoami", { token: VIEWER })).body).toEqual({ role: "viewer" });
    expect((await call("/api/v1/whoami")).status).toBe(401);
  });

  it("PUBLIC_RANKINGS=true opens reads without a credential, but not admin or submissions", async () => {
    const open = { PUBLIC_RANKINGS: "true" };
    expect((await withEnv(request(rankings), open)).status).toBe(200);
    expect((await withEnv(request(`/api/v1/campaigns/${campaign}`), open)).status).toBe(200);
    // a presented, wrong token is still an error
    expect((await withEnv(request(rankings, { token: "wrong" }), open)).status).toBe(401);
    expect((await withEnv(request("/api/v1/admin/branches"), open)).status).toBe(401);
    const body = submission({ campaign, branch: "alpha" });
    const post = request("/api/v1/submissions", {
      method: "POST",
      json: body,
      headers: { "Idempotency-Key": "p1" },
    });
    expect((await withEnv(post, open)).status).toBe(401);
    // "false" (wrangler.jsonc's default) keeps them closed
    expect((await withEnv(request(rankings), { PUBLIC_RANKINGS: "false" })).status).toBe(401);
  });
});

describe("viewer sessions", () => {
  function login(key: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}) {
    return call("/login", {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN, ...headers },
      body: new URLSearchParams({ key, ...extra }).toString(),
    });
  }

  function cookieOf(res: Response): string {
    const header = res.headers.get("Set-Cookie") ?? "";
    return header.split(";")[0] ?? "";
  }

  it("POST /login with the viewer key sets a strict HttpOnly cookie and redirects", async () => {
    const res = await login(VIEWER);
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/rankings");
    const setCookie = res.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^juxing_session=jxs_[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("Secure");
    expect(setCookie).toContain("SameSite=Strict");
    expect(setCookie).toContain("Path=/");
    expect(setCookie).toContain(`Max-Age=${7 * 24 * 3600}`);
    const cookie = cookieOf(res);
    const rows = await env.DB.prepare("SELECT id_hash FROM sessions").all<{ id_hash: string }>();
    expect(rows.results.some((r) => cookie.includes(r.id_hash))).toBe(false);
    const read = await call(`/api/v1/rankings?campaign=${campaign}&period=2023-06`, {
      headers: { Cookie: cookie },
    });
    expect(read.status).toBe(200);
    // a session is for reading, not for the admin API
    expect((await call("/api/v1/admin/branches", { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it("multipart forms work, `next` stays on this site, wrong keys are 401", async () => {
    const form = new FormData();
    form.set("key", VIEWER);
    form.set("next", "/branches/alpha?campaign=auth-2023");
    const res = await call("/login", {
      method: "POST",
      redirect: "manual",
      body: form,
      headers: { Origin: ORIGIN },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/branches/alpha?campaign=auth-2023");
    for (const next of [
      "//evil.example/",
      "https://evil.example/",
      "/\\evil.example",
      "javascript:alert(1)",
    ]) {
      const r = await login(VIEWER, { next });
      expect(r.headers.get("Location"), next).toBe("/rankings");
    }
    const wrong = await login("not-the-key");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("Set-Cookie")).toBeNull();
    expect((await login("")).status).toBe(401);
  });

  it("is not Secure on localhost, refuses cross-site posts, and POST /logout ends it", async () => {
    const local = await exports.default.fetch(
      new Request("http://localhost:8787/login", {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: `key=${VIEWER}`,
      }),
    );
    expect(local.status).toBe(303);
    expect(local.headers.get("Set-Cookie")).not.toContain("Secure");

    const cross = await login(VIEWER, {}, { Origin: "https://evil.example" });
    expect(cross.status).toBe(403);

    const res = await login(VIEWER);
    const cookie = cookieOf(res);
    const url = `/api/v1/rankings?campaign=${campaign}&period=2023-06`;
    expect((await call(url, { headers: { Cookie: cookie } })).status).toBe(200);
    const out = await call("/logout", {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: ORIGIN },
    });
    expect(out.status).toBe(303);
    expect(out.headers.get("Set-Cookie")).toMatch(/juxing_session=;.*Max-Age=0/);
    expect((await call(url, { headers: { Cookie: cookie } })).status).toBe(401);
  });
});

describe("headers", () => {
  it("security headers on API answers, errors and pages", async () => {
    for (const res of [
      await call("/healthz"),
      await call("/api/v1/rankings"),
      await call("/nowhere"),
      await call("/login"),
    ]) {
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("Referrer-Policy")).toBeTruthy();
      expect(res.headers.get("Strict-Transport-Security")).toContain("max-age=");
      expect(res.headers.get("X-Frame-Options")).toBe("DENY");
      const csp = res.headers.get("Content-Security-Policy") ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com");
      expect(csp).not.toContain("unsafe-inline");
    }
  });

  it("/addin/* may be framed by Office hosts, OneDrive and 21Vianet's, and sends only where allowed", async () => {
    const res = await call("/addin/taskpane.html");
    expect(res.headers.get("X-Frame-Options")).toBeNull();
    const csp = res.headers.get("Content-Security-Policy") ?? "";
    const directive = (name: string) =>
      csp
        .split(";")
        .map((d) => d.trim().split(/\s+/))
        .find(([n]) => n === name)
        ?.slice(1) ?? [];
    expect(directive("frame-ancestors")).toEqual([
      "'self'",
      "https://*.officeapps.live.com",
      "https://*.office.com",
      "https://*.microsoft365.com",
      "https://*.sharepoint.com",
      "https://*.cloud.microsoft",
      "https://onedrive.live.com",
      "https://*.officewebapps.cn",
      "https://*.partner.officewebapps.cn",
      "https://*.sharepoint.cn",
    ]);
    // Its own origin and PANE_SERVERS' https origins; the entry that is not a URL and plain http are left out.
    expect(directive("connect-src")).toEqual(["'self'", "https://juxing.example.gov.cn"]);
  });

  it("CORS only on the task pane's routes, and on their errors too", async () => {
    const pre = await call("/api/v1/submissions", {
      method: "OPTIONS",
      headers: {
        Origin: "https://localhost:3000",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type,idempotency-key",
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(pre.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("idempotency-key");
    const denied = await call("/api/v1/submissions", {
      method: "POST",
      headers: { Origin: "https://localhost:3000" },
    });
    expect(denied.status).toBe(401);
    expect(denied.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const campaignRead = await call(`/api/v1/campaigns/${campaign}`, {
      token: alpha,
      headers: { Origin: "https://x.example" },
    });
    expect(campaignRead.headers.get("Access-Control-Allow-Origin")).toBe("*");
    const adminRead = await call("/api/v1/admin/branches", {
      token: ADMIN,
      headers: { Origin: "https://x.example" },
    });
    expect(adminRead.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("unknown routes are a JSON 404", async () => {
    const { status, body, res } = await callJson("/api/v1/nothing");
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { code: "not_found" } });
    expect(res.headers.get("Content-Type")).toContain("application/json");
  });
});
