/**
 * What an attacker and an operator found (issue 17, docs/security.md): each finding as it was
 * reported, replayed against the Worker with real D1.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import app from "../src/index.ts";
import { csvCell } from "../src/pages/csv.ts";
import {
  ADMIN,
  admin,
  appRoutes,
  call,
  callJson,
  createBranch,
  createCampaign,
  everyRoute,
  type Json,
  ORIGIN,
  project,
  projectRows,
  request,
  signIn,
  submission,
  submit,
  submitOk,
  uncovered,
  VIEWER,
  withEnv,
} from "./helpers.ts";

const CAMPAIGN = "hard-2023";
let token = "";

beforeAll(async () => {
  await createCampaign({ id: CAMPAIGN, year: 2023 });
  token = await createBranch("hard", CAMPAIGN);
  await submitOk(token, submission({ campaign: CAMPAIGN, branch: "hard", period: "2023-05" }));
});

function errorOf(body: Json) {
  return body.error as { code: string; message: string; issues?: { path: string; message: string }[] };
}

describe("append-only against INSERT OR REPLACE and upserts (finding 3)", () => {
  async function firstSubmission(): Promise<string> {
    const row = await env.DB.prepare(
      "SELECT id FROM submissions WHERE branch = 'hard' ORDER BY seq LIMIT 1",
    ).first<{
      id: string;
    }>();
    if (!row) throw new Error("no submission");
    return row.id;
  }

  it("INSERT OR REPLACE and REPLACE INTO on submission_details are refused; the branch still reads", async () => {
    const id = await firstSubmission();
    const before = await env.DB.prepare(
      "SELECT data FROM submission_details WHERE submission_id = ? AND part = 'projects'",
    )
      .bind(id)
      .first<{ data: string }>();
    for (const verb of ["INSERT OR REPLACE INTO", "REPLACE INTO"]) {
      await expect(
        env.DB.prepare(
          `${verb} submission_details (submission_id, part, encoding, data) VALUES (?, 'projects', 'gzip+base64', 'x')`,
        )
          .bind(id)
          .run(),
      ).rejects.toThrow(/append-only/);
    }
    const after = await env.DB.prepare(
      "SELECT data FROM submission_details WHERE submission_id = ? AND part = 'projects'",
    )
      .bind(id)
      .first<{ data: string }>();
    expect(after?.data).toBe(before?.data);
    const latest = await call(`/api/v1/branches/hard/latest?campaign=${CAMPAIGN}`, { token: VIEWER });
    expect(latest.status).toBe(200);
  });

  it("INSERT OR REPLACE on submissions and upserts on either table change nothing", async () => {
    const id = await firstSubmission();
    const row = await env.DB.prepare("SELECT * FROM submissions WHERE id = ?")
      .bind(id)
      .first<Record<string, unknown>>();
    if (!row) throw new Error("no row");
    const columns = Object.keys(row);
    const replaced: Record<string, unknown> = { ...row, total: 100 };
    await expect(
      env.DB.prepare(
        `INSERT OR REPLACE INTO submissions (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
      )
        .bind(...columns.map((k) => replaced[k]))
        .run(),
    ).rejects.toThrow(/append-only/);
    await expect(
      env.DB.prepare(
        `INSERT INTO submission_details (submission_id, part, encoding, data) VALUES (?, 'projects', 'gzip+base64', 'x')
         ON CONFLICT (submission_id, part) DO UPDATE SET data = excluded.data`,
      )
        .bind(id)
        .run(),
    ).rejects.toThrow(/append-only/);
    const again = await env.DB.prepare("SELECT total FROM submissions WHERE id = ?")
      .bind(id)
      .first<{ total: number }>();
    expect(again?.total).toBe(row.total);
  });
});

describe("periods (finding 4)", () => {
  it("0000-Q1 and any year but the campaign's are 422 with a message, on rankings, CSV and latest", async () => {
    for (const period of ["0000-Q1", "0000", "2022-06", "2024", "2022-Q4", "9999-12"]) {
      for (const path of ["/api/v1/rankings", "/api/v1/rankings.csv"]) {
        const { status, body } = await callJson(`${path}?campaign=${CAMPAIGN}&period=${period}`, {
          token: VIEWER,
        });
        expect(status, `${path} ${period}`).toBe(422);
        expect(errorOf(body).code).toBe("period_out_of_range");
        expect(errorOf(body).message).toContain("2023");
      }
    }
    const latest = await callJson(`/api/v1/branches/hard/latest?campaign=${CAMPAIGN}&period=2022-05`, {
      token: VIEWER,
    });
    expect(latest.status).toBe(422);
    expect(errorOf(latest.body).code).toBe("period_out_of_range");
    const malformed = await callJson(`/api/v1/rankings?campaign=${CAMPAIGN}&period=2023-13`, {
      token: VIEWER,
    });
    expect(malformed.status).toBe(422);
    const ok = await callJson(`/api/v1/rankings?campaign=${CAMPAIGN}&period=2023-01`, { token: VIEWER });
    expect(ok.status).toBe(200);
    expect(ok.body.previousPeriod).toBe("2022-12");
  });
});

describe("CSV neutralization (finding 6)", () => {
  it("full-width ＝ ＋ － ＠ and leading zero-width or bidi characters get the apostrophe too", () => {
    for (const lead of ["＝", "＋", "－", "＠"]) expect(csvCell(`${lead}1+1`)).toBe(`'${lead}1+1`);
    for (const invisible of [
      "\u200b",
      "\u200c",
      "\u200d",
      "\u2060",
      "\ufeff",
      "\u200e",
      "\u200f",
      "\u202e",
      "\u2066",
      " ",
    ]) {
      for (const lead of ["=", "+", "-", "@", "＝"]) {
        expect(csvCell(`${invisible}${lead}1+1`), JSON.stringify(invisible + lead)).toBe(
          `'${invisible}${lead}1+1`,
        );
      }
    }
    expect(csvCell("\u200b\u200b=cmd|' /C calc'!A0")).toMatch(/^'/);
    // Plain text and inner signs are left alone.
    expect(csvCell("县委办机关党支部")).toBe("县委办机关党支部");
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell("\u200b县委")).toBe("\u200b县委");
  });
});

describe("names and texts (finding 7)", () => {
  const bad = {
    NUL: "县委办\u0000党支部",
    "unpaired surrogate": "县委办\ud800党支部",
    "trailing high surrogate": "县委办党支部\ud83d",
    "lone low surrogate": "\udc00县委办党支部",
    "right-to-left override": "县委办\u202e部支党",
    "left-to-right isolate": "县委办\u2066党支部",
  };

  it("branch and campaign names with NUL, unpaired surrogates or bidi controls are 422", async () => {
    let i = 0;
    for (const [what, name] of Object.entries(bad)) {
      i += 1;
      const branch = await admin("POST", "/branches", { code: `bad${i}`, name, campaign: CAMPAIGN });
      expect(branch.status, what).toBe(422);
      expect(errorOf(branch.body).issues?.[0]?.path).toBe("name");
      const campaign = await admin("POST", "/campaigns", { id: `bad-${i}`, name, year: 2023 });
      expect(campaign.status, what).toBe(422);
      const renamed = await admin("PUT", `/campaigns/${CAMPAIGN}`, { name });
      expect(renamed.status, what).toBe(422);
    }
    // Nothing was stored under those names.
    const list = await admin("GET", "/branches");
    expect(JSON.stringify(list.body)).not.toMatch(/\\u0000|\\ud800|\u202e|\u2066|\ufffd/);
    // Emoji (a surrogate pair) and ordinary punctuation are fine.
    const ok = await admin("POST", "/branches", {
      code: "emoji",
      name: "县委办🌟党支部（一）",
      campaign: CAMPAIGN,
    });
    expect(ok.status).toBe(201);
  });

  it("submitted cells, sheet and workbook names with them are 422 naming the path", async () => {
    for (const [what, text] of Object.entries(bad)) {
      const inCell = submission({
        campaign: CAMPAIGN,
        branch: "hard",
        projects: projectRows([project(0, { owner: text }), project(1)]),
      });
      const cell = await submit(token, inCell);
      expect(cell.status, what).toBe(422);
      expect(errorOf(cell.body).issues?.map((x) => x.path)).toContain("projects.0.cells.owner.value");
      const workbook = await submit(
        token,
        submission({
          campaign: CAMPAIGN,
          branch: "hard",
          workbook: { name: `${text}.xlsx`, sha256: "b".repeat(64) },
        }),
      );
      expect(workbook.status, what).toBe(422);
    }
  });
});

describe("strict admin inputs (item 10)", () => {
  it("a campaign or rubric with an unknown key is 422 naming the key", async () => {
    const typo = await admin("POST", "/campaigns", {
      id: "typo-2023",
      name: "x",
      year: 2023,
      rubric: { projects: { pionts: 90 } },
    });
    expect(typo.status).toBe(422);
    expect(JSON.stringify(errorOf(typo.body).issues)).toContain("pionts");
    const topLevel = await admin("POST", "/campaigns", {
      id: "typo-2023",
      name: "x",
      year: 2023,
      yaer: 2024,
    });
    expect(topLevel.status).toBe(422);
    expect(JSON.stringify(errorOf(topLevel.body).issues)).toContain("yaer");
    const update = await admin("PUT", `/campaigns/${CAMPAIGN}`, {
      rubric: { stars: [{ min: 90, stars: 5, color: "red" }] },
    });
    expect(update.status).toBe(422);
    expect(JSON.stringify(errorOf(update.body).issues)).toContain("color");
    expect((await callJson("/api/v1/campaigns/typo-2023", { token: ADMIN })).status).toBe(404);
  });
});

describe("Cache-Control on every route (finding 5)", () => {
  it("every answer says how it may be kept; tokens and private data say no-store", async () => {
    const walked = everyRoute({ campaign: CAMPAIGN, branch: "hard", token });
    const routes = appRoutes(app);
    expect(uncovered(app, walked)).toEqual([]);

    // Cacheable on purpose: the rankings (private, 30 s, ETag), the pages' no-cache, static files.
    const keepable = new Set([
      "/api/v1/rankings",
      "/api/v1/rankings.csv",
      "/",
      "/rankings",
      "/assets/:file",
      "/addin/*",
      "/submit",
      "/submit/*",
    ]);
    for (const w of walked.filter((x) => routes.has(`${x.method} ${x.path}`))) {
      for (const credential of [w.token ?? VIEWER, undefined, "wrong-token"]) {
        const res = await call(w.url, {
          method: w.method,
          redirect: "manual",
          // The wrong tokens from an address of their own: they lock it out within the minute.
          headers: credential === "wrong-token" ? { "CF-Connecting-IP": "192.0.2.55" } : {},
          ...(credential ? { token: credential } : {}),
          ...(w.json === undefined ? {} : { json: w.json }),
        });
        await res.arrayBuffer();
        const cache = res.headers.get("Cache-Control");
        const what = `${w.method} ${w.url} (${credential ?? "none"}) → ${res.status}`;
        expect(cache, what).toBeTruthy();
        if (!keepable.has(w.path) || res.status >= 300) expect(cache, what).toContain("no-store");
        else expect(cache, what).toMatch(/private|public|no-store|no-cache/);
      }
    }
  });
});

describe("sessions bound to the key that opened them (finding 2)", () => {
  const whoami = "/api/v1/whoami";

  it("rotating VIEWER_KEY ends existing sessions; the new key opens new ones", async () => {
    const cookie = await signIn();
    expect((await call(whoami, { headers: { Cookie: cookie } })).status).toBe(200);
    const rotated = { VIEWER_KEY: "rotated-viewer-key" };
    expect((await withEnv(request(whoami, { headers: { Cookie: cookie } }), rotated)).status).toBe(401);
    const page = await withEnv(
      request("/rankings", { headers: { Cookie: cookie }, redirect: "manual" }),
      rotated,
    );
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toMatch(/^\/login/);
    // Unset: no session at all.
    expect((await withEnv(request(whoami, { headers: { Cookie: cookie } }), { VIEWER_KEY: "" })).status).toBe(
      401,
    );
    // The database never holds the cookie's id or its plain SHA-256.
    const id = cookie.split("=")[1] ?? "";
    const digest = Array.from(
      new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(id))),
      (b) => b.toString(16).padStart(2, "0"),
    ).join("");
    const stored = await env.DB.prepare("SELECT COUNT(*) AS n FROM sessions WHERE id_hash IN (?, ?)")
      .bind(id, digest)
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });

  it("POST /api/v1/admin/sessions/revoke ends every session (admin only)", async () => {
    const [a, b] = [await signIn(), await signIn()];
    expect((await call("/api/v1/admin/sessions/revoke", { method: "POST", token: VIEWER })).status).toBe(403);
    expect((await call(whoami, { headers: { Cookie: a } })).status).toBe(200);
    const revoked = await admin("POST", "/sessions/revoke");
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked).toBeGreaterThanOrEqual(2);
    for (const cookie of [a, b])
      expect((await call(whoami, { headers: { Cookie: cookie } })).status).toBe(401);
    expect((await call(whoami, { headers: { Cookie: await signIn() } })).status).toBe(200);
  });
});

describe("the audit log of admin actions (item 9)", () => {
  it("records every change an admin made, newest first, without tokens; refusals are not recorded", async () => {
    const id = "audit-2023";
    expect((await admin("POST", "/campaigns", { id, name: "审计", year: 2023 })).status).toBe(201);
    expect((await admin("PUT", `/campaigns/${id}`, { name: "审计二" })).status).toBe(200);
    const created = await admin("POST", "/branches", { code: "aud", name: "审计支部", campaign: id });
    const rotated = await admin("POST", "/branches/aud/token");
    expect((await admin("POST", "/branches/aud/disable")).status).toBe(200);
    expect((await admin("POST", "/branches/aud/enable")).status).toBe(200);
    expect((await admin("POST", "/sessions/revoke")).status).toBe(200);
    expect((await admin("POST", "/campaigns", { id: "audit-bad", name: "x", year: 1 })).status).toBe(422);
    expect((await admin("GET", "/branches")).status).toBe(200);

    const { status, body } = await admin("GET", "/audit?limit=7");
    expect(status).toBe(200);
    const entries = body.entries as {
      action: string;
      target: string | null;
      actor: string;
      address: string;
    }[];
    expect(entries.map((e) => [e.action, e.target])).toEqual([
      ["sessions.revoke", null],
      ["branch.enable", "aud"],
      ["branch.disable", "aud"],
      ["branch.rotate-token", "aud"],
      ["branch.create", "aud"],
      ["campaign.update", id],
      ["campaign.create", id],
    ]);
    expect(entries.every((e) => e.actor === "admin" && e.address.length > 0)).toBe(true);
    const text = JSON.stringify(body);
    expect(text).not.toContain(created.body.token as string);
    expect(text).not.toContain(rotated.body.token as string);
    expect(text).not.toContain("audit-bad");
    // Paging back from the oldest of this page.
    const older = await admin("GET", `/audit?before=${body.next}&limit=1`);
    expect((older.body.entries as { seq: number }[])[0]?.seq).toBeLessThan(body.next as number);
    expect((await call("/api/v1/admin/audit", { token: VIEWER })).status).toBe(403);
  });

  it("is append-only against UPDATE, DELETE and INSERT OR REPLACE", async () => {
    await admin("POST", "/sessions/revoke");
    const row = await env.DB.prepare("SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1").first<{
      seq: number;
    }>();
    for (const sql of [
      "UPDATE audit_log SET action = 'x' WHERE seq = ?",
      "DELETE FROM audit_log WHERE seq = ?",
      "INSERT OR REPLACE INTO audit_log (seq, at, actor, address, action, detail) VALUES (?, 'a', 'b', 'c', 'd', 'null')",
    ]) {
      await expect(env.DB.prepare(sql).bind(row?.seq).run(), sql).rejects.toThrow(/append-only/);
    }
  });
});

describe("the audit log page for the office (item 9)", () => {
  function post(token: string) {
    return call("/audit?lang=en", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
      body: new URLSearchParams({ token }).toString(),
    });
  }

  it("asks for the admin token, refuses a wrong one, and lists the entries for the right one", async () => {
    await admin("POST", "/campaigns", { id: "page-audit-2023", name: "页面", year: 2023 });
    const form = await call("/audit");
    expect(form.status).toBe(200);
    expect(form.headers.get("Cache-Control")).toBe("no-store");
    expect(await form.text()).toContain('name="token"');
    const wrong = await post("not-the-admin-token");
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("That admin token is not correct.");
    const right = await post(ADMIN);
    expect(right.status).toBe(200);
    const html = await right.text();
    expect(html).toContain("campaign.create");
    expect(html).toContain("page-audit-2023");
    expect(html).not.toContain(ADMIN);
  });
});
