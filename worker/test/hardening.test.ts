/**
 * What an attacker and an operator found (issue 17, docs/security.md): each finding as it was
 * reported, replayed against the Worker with real D1.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { csvCell } from "../src/pages/csv.ts";
import {
  ADMIN,
  admin,
  call,
  callJson,
  createBranch,
  createCampaign,
  type Json,
  project,
  projectRows,
  submission,
  submit,
  submitOk,
  VIEWER,
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
  /** One request per route of the app; the test fails when a route is added without one here. */
  function walk(): { method: string; path: string; url: string; token?: string; json?: unknown }[] {
    return [
      { method: "GET", path: "/healthz", url: "/healthz" },
      { method: "POST", path: "/api/v1/submissions", url: "/api/v1/submissions", token },
      {
        method: "GET",
        path: "/api/v1/rankings.csv",
        url: `/api/v1/rankings.csv?campaign=${CAMPAIGN}&period=2023-05`,
      },
      {
        method: "GET",
        path: "/api/v1/rankings",
        url: `/api/v1/rankings?campaign=${CAMPAIGN}&period=2023-05`,
      },
      { method: "GET", path: "/api/v1/campaigns", url: "/api/v1/campaigns" },
      { method: "GET", path: "/api/v1/campaigns/:id", url: `/api/v1/campaigns/${CAMPAIGN}` },
      { method: "GET", path: "/api/v1/branches/:code/history", url: "/api/v1/branches/hard/history" },
      { method: "GET", path: "/api/v1/branches/:code/latest", url: "/api/v1/branches/hard/latest" },
      {
        method: "POST",
        path: "/api/v1/admin/campaigns",
        url: "/api/v1/admin/campaigns",
        token: ADMIN,
        json: { id: "cache-2023", name: "c", year: 2023 },
      },
      {
        method: "PUT",
        path: "/api/v1/admin/campaigns/:id",
        url: "/api/v1/admin/campaigns/cache-2023",
        token: ADMIN,
        json: { name: "c2" },
      },
      { method: "GET", path: "/api/v1/admin/branches", url: "/api/v1/admin/branches", token: ADMIN },
      {
        method: "POST",
        path: "/api/v1/admin/branches",
        url: "/api/v1/admin/branches",
        token: ADMIN,
        json: { code: "cache", name: "c", campaign: "cache-2023" },
      },
      {
        method: "POST",
        path: "/api/v1/admin/branches/:code/token",
        url: "/api/v1/admin/branches/cache/token",
        token: ADMIN,
      },
      {
        method: "POST",
        path: "/api/v1/admin/branches/:code/disable",
        url: "/api/v1/admin/branches/cache/disable",
        token: ADMIN,
      },
      {
        method: "POST",
        path: "/api/v1/admin/branches/:code/enable",
        url: "/api/v1/admin/branches/cache/enable",
        token: ADMIN,
      },
      {
        method: "POST",
        path: "/api/v1/admin/sessions/revoke",
        url: "/api/v1/admin/sessions/revoke",
        token: ADMIN,
      },
      { method: "GET", path: "/api/v1/admin/audit", url: "/api/v1/admin/audit", token: ADMIN },
      {
        method: "GET",
        path: "/api/v1/admin/export",
        url: "/api/v1/admin/export?table=campaigns",
        token: ADMIN,
      },
      {
        method: "POST",
        path: "/api/v1/admin/import",
        url: "/api/v1/admin/import",
        token: ADMIN,
        json: { table: "campaigns", rows: [] },
      },
      { method: "GET", path: "/api/v1/whoami", url: "/api/v1/whoami", token },
      { method: "GET", path: "/login", url: "/login" },
      { method: "POST", path: "/login", url: "/login" },
      { method: "POST", path: "/logout", url: "/logout" },
      { method: "GET", path: "/", url: "/" },
      { method: "GET", path: "/rankings", url: "/rankings" },
      { method: "GET", path: "/branches/:code", url: "/branches/hard" },
      { method: "GET", path: "/audit", url: "/audit" },
      { method: "POST", path: "/audit", url: "/audit" },
      { method: "GET", path: "/assets/:file", url: "/assets/site.css" },
      { method: "GET", path: "/addin/*", url: "/addin/taskpane.html" },
    ];
  }

  it("every answer says how it may be kept; tokens and private data say no-store", async () => {
    const { default: app } = await import("../src/index.ts");
    const walked = walk();
    const routes = new Set(app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
    const covered = new Set(walked.map((w) => `${w.method} ${w.path}`));
    expect([...routes].filter((r) => !covered.has(r))).toEqual([]);

    // Cacheable on purpose: the rankings (private, 30 s, ETag), the pages' no-cache, static files.
    const keepable = new Set([
      "/api/v1/rankings",
      "/api/v1/rankings.csv",
      "/",
      "/rankings",
      "/assets/:file",
      "/addin/*",
    ]);
    for (const w of walked.filter((x) => routes.has(`${x.method} ${x.path}`))) {
      for (const credential of [w.token ?? VIEWER, undefined, "wrong-token"]) {
        const res = await call(w.url, {
          method: w.method,
          redirect: "manual",
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
