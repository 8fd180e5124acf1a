/**
 * The leaders' pages and the CSV export (docs/pages.md) in workerd: CSV neutralization, BOM and
 * quoting (as a function and through the Worker), escaping of hostile branch names, the login
 * redirect, the remembered language, the security headers, and the period selection rules.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import app from "../src/index.ts";
import { csvCell, movementText, rankingsCsv, toCsv } from "../src/pages/csv.ts";
import { parseLang, periodLabel } from "../src/pages/i18n.ts";
import { selectPeriod } from "../src/pages/select.ts";
import { cssHref } from "../src/pages/site.css.ts";
import type { RankingsAnswer } from "../src/rankings.ts";
import {
  activityRows,
  call,
  callJson,
  createBranch,
  createCampaign,
  env,
  ORIGIN,
  project,
  projectRows,
  request,
  signIn,
  submission,
  submitOk,
  VIEWER,
} from "./helpers.ts";

const CAMPAIGN = "pages-2023";
const XSS = "<img src=x onerror=alert(1)>";
const FORMULA = '=HYPERLINK("http://evil.example","点我")';
const branches: [string, string][] = [
  ["pa", "县委办公室机关党支部"],
  ["pb", "县政府办公室机关党支部"],
  ["pc", "县纪委监委机关党支部"],
  ["xss", XSS],
  ["fx", FORMULA],
  ["pz", "县统计局机关党支部"],
];
const tokens: Record<string, string> = {};
let session = "";

function body(code: string, period: string, activity: number) {
  return submission({
    campaign: CAMPAIGN,
    branch: code,
    period,
    activities: activityRows([activity]),
    projects: projectRows(
      Array.from({ length: 14 }, (_, i) =>
        project(i, code === "pc" && i < 3 ? { owner: "待定", status: "推进中", progress: "50%" } : {}),
      ),
    ),
  });
}

const login = signIn;

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await call(path, { headers: { Cookie: session, ...headers }, redirect: "manual" });
  return { res, html: await res.text() };
}

/** The branch codes of the ranking table's rows, in order, with their rank and tie flag. */
function tableRows(html: string): [string, number, boolean][] {
  return [...html.matchAll(/<tr data-code="([^"]*)" data-rank="(\d+)" data-tied="(true|false)">/g)].map(
    (m) => [m[1] ?? "", Number(m[2]), m[3] === "true"],
  );
}

const decodeEntities = (s: string) =>
  s
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");

beforeAll(async () => {
  await createCampaign({ id: CAMPAIGN, name: "县直机关“聚星点亮”测试" });
  for (const [code, name] of branches) tokens[code] = await createBranch(code, CAMPAIGN, name);
  // May: everybody; June: pa and pb tie for first, xss falls a place, pz has not reported.
  const may: Record<string, number> = { pa: 99, xss: 95, pb: 90, pz: 85, fx: 50, pc: 60 };
  for (const [code, score] of Object.entries(may))
    await submitOk(tokens[code] ?? "", body(code, "2023-05", score));
  const june: Record<string, number> = { pa: 95, pb: 95, pc: 100, xss: 30, fx: 40 };
  for (const [code, score] of Object.entries(june))
    await submitOk(tokens[code] ?? "", body(code, "2023-06", score));
  session = await login();
});

describe("CSV (unit)", () => {
  it("neutralizes cells starting with = + - @ tab or CR, and quotes per RFC 4180", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+86 123")).toBe("'+86 123");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\rx")).toBe('"\'\rx"');
    expect(csvCell(-3)).toBe("'-3");
    expect(csvCell('=HYPERLINK("http://a","b")')).toBe(`"'=HYPERLINK(""http://a"",""b"")"`);
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('他说"好"')).toBe('"他说""好"""');
    expect(csvCell("两行\n文字")).toBe('"两行\n文字"');
    expect(csvCell("x=1")).toBe("x=1");
    expect(csvCell("县委办公室机关党支部")).toBe("县委办公室机关党支部");
    expect(csvCell(95.5)).toBe("95.5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("writes a BOM, CRLF line ends and one line per row", () => {
    const out = toCsv([
      ["排名", "支部"],
      [1, "=evil"],
    ]);
    expect(out.charCodeAt(0)).toBe(0xfeff);
    expect(out).toBe("\uFEFF排名,支部\r\n1,'=evil\r\n");
    const bytes = new TextEncoder().encode(out);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("movement never starts with + or -", () => {
    expect(movementText(2, "zh-CN")).toBe("▲2");
    expect(movementText(-1, "zh-CN")).toBe("▼1");
    expect(movementText(0, "zh-CN")).toBe("—");
    expect(movementText(null, "zh-CN")).toBe("新");
    expect(movementText(null, "en")).toBe("New");
  });

  it("renders an answer with its missing branches, header in the language asked for", () => {
    const answer: RankingsAnswer = {
      campaign: { id: "c", name: "活动", year: 2023 },
      period: "2023-06",
      kind: "month",
      from: "2023-06",
      to: "2023-06",
      previousPeriod: "2023-05",
      metric: "total",
      method: "dense",
      rows: [
        {
          rank: 1,
          tied: false,
          branch: { code: "a", name: "-1+1" },
          score: 88.456,
          stars: 4,
          total: 88.456,
          selfScore: 95,
          review: { pending: 3, accepted: 4, returned: 1 },
          byCategory: { model: 30, service: 28.456, vanguard: 10, activities: 10, landmark: 10 },
          clarityRate: 13 / 14,
          completionRate: 0.5,
          overdue: 2,
          previousRank: 3,
          movement: 2,
          period: "2023-06",
          submissionId: "s",
          submittedAt: "2023-06-30T16:30:00.000Z",
        },
      ],
      missing: [{ code: "m", name: "@未报送支部" }],
    };
    const zh = rankingsCsv(answer, "zh-CN").split("\r\n");
    expect(
      zh[0]?.startsWith("\uFEFF排名,并列,变化,上期排名,支部代码,支部,星级,核定分,自评分,待核实,退回,模范星"),
    ).toBe(true);
    expect(zh[1]).toBe(
      "1,,▲2,3,a,'-1+1,4,88.46,95,3,1,30,28.46,10,10,10,92.86%,50%,2,2023-06,2023-07-01 00:30,88.46",
    );
    expect(zh[2]).toBe("未报送,,,,m,'@未报送支部");
    const en = rankingsCsv(answer, "en").split("\r\n");
    expect(
      en[0]?.startsWith(
        "\uFEFFRank,Tied,Change,Previous rank,Branch code,Branch,Stars,Audited,Self-declared,Pending,Returned",
      ),
    ).toBe(true);
  });
});

describe("pages", () => {
  it("without a session: the page redirects to /login?next=…, the API and the CSV answer 401", async () => {
    const path = `/rankings?campaign=${CAMPAIGN}&period=2023-06`;
    const res = await call(path, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/login?next=${encodeURIComponent(path)}`);
    expect((await call("/", { redirect: "manual" })).headers.get("Location")).toBe("/login?next=%2F");
    expect((await call("/branches/pa", { redirect: "manual" })).status).toBe(302);
    expect((await call(`/api/v1/rankings?campaign=${CAMPAIGN}&period=2023-06`)).status).toBe(401);
    expect((await call(`/api/v1/rankings.csv?campaign=${CAMPAIGN}&period=2023-06`)).status).toBe(401);
    // a wrong bearer on a page is no viewer either
    expect((await call(path, { token: "nope", redirect: "manual" })).status).toBe(302);
  });

  it("/login renders the form; a wrong key is 401 with the form and a message", async () => {
    const get = await call("/login?next=%2Fbranches%2Fpa");
    expect(get.status).toBe(200);
    const html = await get.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<form method="post" action="/login">');
    expect(html).toContain('name="key"');
    expect(html).toContain('value="/branches/pa"');
    const wrong = await call("/login", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN },
      body: "key=nope&next=%2Frankings",
    });
    expect(wrong.status).toBe(401);
    const text = await wrong.text();
    expect(text).toContain('role="alert"');
    expect(text).toContain("查看密钥不正确");
    expect(text).toContain('aria-invalid="true"');
    // already signed in: straight on
    const again = await call("/login?next=%2Frankings", { headers: { Cookie: session }, redirect: "manual" });
    expect(again.status).toBe(303);
    expect(again.headers.get("Location")).toBe("/rankings");
  });

  it("the table is the API's answer row for row, for a month, a quarter and a year", async () => {
    for (const period of ["2023-06", "2023-Q2", "2023"]) {
      for (const metric of ["total", "model", "activities"]) {
        const { res, html } = await page(`/rankings?campaign=${CAMPAIGN}&period=${period}&metric=${metric}`);
        expect(res.status, `${period} ${metric}`).toBe(200);
        const api = await callJson(
          `/api/v1/rankings?campaign=${CAMPAIGN}&period=${period}&metric=${metric}`,
          {
            token: VIEWER,
          },
        );
        const rows = api.body.rows as { rank: number; tied: boolean; branch: { code: string } }[];
        expect(tableRows(html), `${period} ${metric}`).toEqual(
          rows.map((r) => [r.branch.code, r.rank, r.tied]),
        );
        const missing = (api.body.missing as { code: string }[]).map((m) => m.code);
        expect([...html.matchAll(/<li data-code="([^"]+)">/g)].map((m) => m[1])).toEqual(missing);
      }
    }
  });

  it("shows 并列, movement with text, stars with a label, the sorted column and 未报送", async () => {
    const { html } = await page(`/rankings?campaign=${CAMPAIGN}&period=2023-06`);
    expect(tableRows(html).slice(0, 2)).toEqual([
      ["pa", 1, true],
      ["pb", 1, true],
    ]);
    expect(html).toContain("并列第1");
    expect(html).toContain("上升");
    expect(html).toContain("下降");
    expect(html).toMatch(/role="img" aria-label="4星（满5星）"/);
    expect(html).toMatch(/<th scope="col" class="num" aria-sort="descending">核定分<\/th>/);
    expect(html).toContain("<caption");
    expect(html).toMatch(/<h2 id="missing-h">未报送（1）<\/h2>/);
    expect(html).toContain('<li data-code="pz">');
    expect(html).toContain(
      'href="/api/v1/rankings.csv?campaign=pages-2023&amp;period=2023-06&amp;metric=total&amp;lang=zh-CN"',
    );
    expect(html).toContain("<svg");
    // defaults: the latest month with data
    const { html: plain } = await page(`/rankings?campaign=${CAMPAIGN}`);
    expect(plain).toMatch(/<option value="2023-06" selected="">2023年6月<\/option>/);
  });

  it("no script, no inline style, hostile names escaped in table, chart and branch page", async () => {
    const { html } = await page(`/rankings?campaign=${CAMPAIGN}&period=2023-06`);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/<[^>]+\son[a-z]+=/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toContain(XSS);
    const escaped = "&lt;img src=x onerror=alert(1)&gt;";
    // the table's link, the chart label and the chart bar's title
    expect(html.split(escaped).length - 1).toBeGreaterThanOrEqual(3);
    expect(decodeEntities(html)).toContain(FORMULA);
    const branch = await page("/branches/xss");
    expect(branch.res.status).toBe(200);
    expect(branch.html).not.toContain(XSS);
    expect(branch.html).toContain(`<h1>${escaped}</h1>`);
    expect(branch.html).not.toMatch(/<script/i);
  });

  it("the branch page: trend charts, the history table, projects with points and localized findings", async () => {
    const { res, html } = await page(`/branches/pc?campaign=${CAMPAIGN}`);
    expect(res.status).toBe(200);
    expect(html).toContain("<h1>县纪委监委机关党支部</h1>");
    expect(html.match(/<svg width="100%" height="\d+" role="img"/g)?.length).toBe(2);
    expect(html).toContain('id="projects"');
    expect(html).toContain("待定");
    expect(html).toContain("owner.placeholder");
    expect(html).toContain("责任人“待定”不是具体的人");
    expect(html).toMatch(/<th scope="col" class="num">得分<\/th>/);
    const en = await page(`/branches/pc?campaign=${CAMPAIGN}&lang=en`);
    expect(decodeEntities(en.html)).toContain('The owner "待定" is not a person');
    expect(en.html).toContain('<html lang="en">');
    // unknown branch: a page, not JSON
    const missing = await page("/branches/nobody");
    expect(missing.res.status).toBe(404);
    expect(missing.res.headers.get("Content-Type")).toContain("text/html");
  });

  it("findings are stored as data and rendered in the viewer's language, params and all", async () => {
    // A pane set to Chinese sends the list; a leader reading in English sees every message in
    // English, including those whose template needs more than the cell's value.
    const campaign = "pages-lang-2023";
    await createCampaign({ id: campaign, name: "语言测试" });
    const token = await createBranch("pl", campaign, "县审计局机关党支部");
    const projects = Array.from({ length: 14 }, (_, i) =>
      project(i, {
        category: i % 2 ? "创建“模范星”" : "选树“服务星”",
        ...(i === 0 ? { deadline: "2023年3月31日", status: "推进中", progress: "50%" } : {}),
        ...(i === 1 ? { status: "已完成", progress: "50%" } : {}),
      }),
    );
    await submitOk(
      token,
      submission({
        campaign,
        branch: "pl",
        projects: projectRows(projects),
        client: { app: "addin", version: "0.1.0" },
      }),
    );
    const zh = decodeEntities((await page(`/branches/pl?campaign=${campaign}&lang=zh-CN`)).html);
    expect(zh).toContain("时间节点 2023-03-31 已过（校验日期 2023-06-30）");
    expect(zh).toContain("锻造“先锋星”下没有任何项目。");
    expect(zh).toContain("完成进度“50%”与完成情况“已完成”不一致。");
    const en = decodeEntities((await page(`/branches/pl?campaign=${campaign}&lang=en`)).html);
    expect(en).toContain("Due 2023-03-31, before the as-of date 2023-06-30, and not yet done.");
    expect(en).toContain('No project under "Vanguard star".');
    expect(en).toContain('The progress "50%" does not fit the status "已完成".');
    expect(en).not.toMatch(/[已下]没有任何项目|已过（校验日期/);
  });

  it("the language switch is remembered in a cookie; ?lang=en works on its own", async () => {
    const first = await page(`/rankings?campaign=${CAMPAIGN}&lang=en`);
    expect(first.html).toContain('<html lang="en">');
    expect(first.html).toContain("Not reported");
    const set = first.res.headers.get("Set-Cookie") ?? "";
    expect(set).toMatch(/^juxing_lang=en; Path=\/; Max-Age=\d+; SameSite=Lax; Secure$/);
    const later = await page(`/rankings?campaign=${CAMPAIGN}`, { Cookie: `${session}; juxing_lang=en` });
    expect(later.html).toContain('<html lang="en">');
    expect(later.res.headers.get("Set-Cookie")).toBeNull();
    // the switch link leads back to Chinese
    expect(later.html).toMatch(/href="\/rankings\?campaign=pages-2023&amp;lang=zh-CN"/);
    const back = await page(`/rankings?campaign=${CAMPAIGN}&lang=zh-CN`, {
      Cookie: `${session}; juxing_lang=en`,
    });
    expect(back.html).toContain('<html lang="zh-CN">');
    expect(back.res.headers.get("Set-Cookie")).toMatch(/^juxing_lang=zh-CN;/);
    const login = await call("/login", { headers: { Cookie: "juxing_lang=en" } });
    expect(await login.text()).toContain("Viewer key");
    expect(parseLang("en-US")).toBe("en");
    expect(parseLang("zh-Hans")).toBe("zh-CN");
    expect(parseLang("fr")).toBeNull();
  });

  it("the CSV through the Worker: BOM, Chinese intact, formulas neutralized, the page's language", async () => {
    const res = await call(`/api/v1/rankings.csv?campaign=${CAMPAIGN}&period=2023-06`, {
      headers: { Cookie: session },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="juxing-rankings-pages-2023-2023-06-total\.csv"; filename\*=UTF-8''/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(bytes);
    const lines = text.slice(1).split("\r\n");
    expect(lines[0]?.split(",").slice(0, 6)).toEqual([
      "排名",
      "并列",
      "变化",
      "上期排名",
      "支部代码",
      "支部",
    ]);
    expect(text).toContain(",pa,县委办公室机关党支部,");
    expect(text).toContain(",pb,县政府办公室机关党支部,");
    expect(text).toContain(`,xss,${XSS},`);
    expect(text).toContain(`,fx,"'=HYPERLINK(""http://evil.example"",""点我"")",`);
    expect(text).toContain("未报送,,,,pz,县统计局机关党支部");
    for (const line of lines) {
      for (const cell of line.split(",")) expect(cell, line).not.toMatch(/^[=+\-@\t\r]/);
    }
    const en = await call(`/api/v1/rankings.csv?campaign=${CAMPAIGN}&period=2023-Q2`, {
      headers: { Cookie: `${session}; juxing_lang=en` },
    });
    // (Response.text() drops the BOM, as the Fetch standard's UTF-8 decode does)
    expect((await en.text()).startsWith("Rank,Tied,Change")).toBe(true);
    const keyed = await call(`/api/v1/rankings.csv?campaign=${CAMPAIGN}&period=2023&lang=en`, {
      token: VIEWER,
    });
    expect(keyed.status).toBe(200);
    expect(
      (await call(`/api/v1/rankings.csv?campaign=${CAMPAIGN}&period=bad`, { token: VIEWER })).status,
    ).toBe(422);
  });

  it("security headers and a CSP without unsafe-inline on every page; the stylesheet is cached", async () => {
    for (const path of [
      `/rankings?campaign=${CAMPAIGN}`,
      "/branches/pa",
      "/login",
      "/branches/nobody",
      cssHref,
    ]) {
      const { res } = await page(path);
      const csp = res.headers.get("Content-Security-Policy") ?? "";
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("style-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain("unsafe-inline");
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("X-Frame-Options")).toBe("DENY");
      expect(res.headers.get("Strict-Transport-Security")).toContain("max-age=");
      expect(res.headers.get("Referrer-Policy")).toBeTruthy();
    }
    const css = await call(cssHref);
    expect(css.status).toBe(200);
    expect(css.headers.get("Content-Type")).toBe("text/css; charset=utf-8");
    expect(css.headers.get("Cache-Control")).toContain("immutable");
    expect(await css.text()).toContain("@page { size: A4 landscape");
    expect((await call("/assets/site.00000000.css")).status).toBe(404);
  });

  it("odd queries and paths never get a 5xx; bad values fall back to the defaults", async () => {
    const paths = [
      "/rankings?campaign=%ZZ&period=%&metric=%00&kind=%E0%A4%A",
      "/rankings?campaign=nope&period=2099-13&metric=evil&kind=decade&lang=xx",
      `/rankings?campaign=${CAMPAIGN}&period=<script>&metric=total&campaign=x`,
      `/rankings?campaign=${CAMPAIGN}&period=2022-06`,
      `/rankings?period=${"9".repeat(5000)}`,
      "/?lang=%ZZ",
      "/branches/%ZZ",
      "/branches/%00",
      `/branches/${"x".repeat(5000)}`,
      "/branches/pa?campaign=%ZZ&period=2023-13",
      "/branches/pa?campaign=nope",
      "/branches/pz?period=2023-06",
      "/assets/%ZZ",
      "/assets/site..css",
    ];
    for (const path of paths) {
      for (const method of ["GET", "HEAD"]) {
        const res = await call(path, { method, headers: { Cookie: session }, redirect: "manual" });
        expect(res.status, `${method} ${path}`).toBeLessThan(500);
        await res.arrayBuffer();
      }
    }
    const fallback = await page(`/rankings?campaign=nope&period=2099-13&metric=evil&kind=decade`);
    expect(fallback.res.status).toBe(200);
    const other = await page("/branches/pa?campaign=nope");
    expect(other.res.status).toBe(404);
    expect(other.html).toContain("找不到活动 nope");
  });

  it("a branch token reads its own campaign's pages, not another branch's", async () => {
    const own = await call(`/rankings?campaign=${CAMPAIGN}`, { token: tokens.pa });
    expect(own.status).toBe(200);
    expect(await own.text()).not.toContain('action="/logout"');
    const mine = await call("/branches/pa", { token: tokens.pa });
    expect(mine.status).toBe(200);
    const theirs = await call("/branches/pb", { token: tokens.pa });
    expect(theirs.status).toBe(403);
    expect(theirs.headers.get("Content-Type")).toContain("text/html");
  });

  it("PUBLIC_RANKINGS=true: pages need no login, /login goes straight on", async () => {
    const open = { ...env, PUBLIC_RANKINGS: "true" };
    const ctx = createExecutionContext();
    const res = await app.fetch(request(`/rankings?campaign=${CAMPAIGN}`), open, ctx);
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('action="/logout"');
    const login = await app.fetch(request("/login"), open, ctx);
    expect(login.status).toBe(303);
    await waitOnExecutionContext(ctx);
  });
});

describe("period selection", () => {
  const data = ["2023-01", "2023-02", "2023-04", "2023-05"];
  const today = new Date("2023-08-15T00:00:00Z");
  const pick = (kind?: string, period?: string) => selectPeriod(2023, { kind, period }, data, today).period;

  it("defaults to the latest month with data, else today's month within the campaign year", () => {
    expect(pick()).toBe("2023-05");
    expect(selectPeriod(2023, {}, [], today).period).toBe("2023-08");
    expect(selectPeriod(2023, {}, [], new Date("2025-01-01")).period).toBe("2023-12");
    expect(selectPeriod(2023, {}, [], new Date("2022-01-01")).period).toBe("2023-01");
  });

  it("a kind that does not fit the period converts it; another year falls back", () => {
    expect(pick("quarter", "2023-05")).toBe("2023-Q2");
    expect(pick("year", "2023-Q2")).toBe("2023");
    expect(pick("month", "2023-Q1")).toBe("2023-02");
    expect(pick("month", "2023-Q3")).toBe("2023-09");
    expect(pick("month", "2023")).toBe("2023-05");
    expect(pick(undefined, "2023-Q3")).toBe("2023-Q3");
    expect(pick("quarter")).toBe("2023-Q2");
    expect(pick("month", "2022-05")).toBe("2023-05");
    expect(pick("bogus", "2023-03")).toBe("2023-03");
  });

  it("labels", () => {
    expect(periodLabel("2023-06", "zh-CN")).toBe("2023年6月");
    expect(periodLabel("2023-Q2", "zh-CN")).toBe("2023年第二季度");
    expect(periodLabel("2023", "zh-CN")).toBe("2023年度");
    expect(periodLabel("2023-06", "en")).toBe("Jun 2023");
    expect(periodLabel("2023-Q2", "en")).toBe("Q2 2023");
  });
});
