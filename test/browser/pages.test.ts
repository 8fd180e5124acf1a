/**
 * The leaders' pages (docs/pages.md) in real headless Chromium (Debian's chromium through
 * playwright-core) against a real `wrangler dev` with a fresh D1: the demo campaign seeded through
 * the API (17 branches × 2023-01…06, two missing June), plus a branch named like an XSS payload,
 * two branches with identical submissions (a tie) and one that never reports.
 *
 * Screenshots at 360 px, 1280 px and 1920 px (and the print layout) go to test-output/.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCampaign, seedDemo } from "../../scripts/demo/seed.ts";
import { applyMigrations, type DevServer, freePort, root, startDevServer } from "../../scripts/lib/stack.ts";
import { launchChromium } from "../helpers/browser.ts";

const ADMIN = `pages-admin-${process.pid}`;
const VIEWER = `pages-viewer-${process.pid}`;
const CAMPAIGN = demoCampaign.campaign.id;
const XSS = "<img src=x onerror=alert(1)>";
const extra = [
  { code: "xss", name: XSS },
  { code: "tie1", name: "县审计局机关党支部" },
  { code: "tie2", name: "县档案馆机关党支部" },
  { code: "nosub", name: "县地方志办公室机关党支部" },
];
const outDir = join(root, "test-output");

let browser: Browser;
let server: DevServer | null = null;
let persistTo = "";
let origin = "";
/** /rankings with the 17 demo branches, before the test's own branches join. */
const weight = { html: 0, css: 0, htmlGzip: 0, cssGzip: 0 };

interface ApiRow {
  rank: number;
  tied: boolean;
  branch: { code: string; name: string };
  total: number;
  score: number;
}

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${origin}${path}`, init);
}

async function admin(path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await api(`/api/v1/admin${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 201) throw new Error(`admin ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A June submission of 14 source rows; `seed` varies how many are finished. */
function juneBody(branch: string, seed: number) {
  const stars = ["创建“模范星”", "选树“服务星”", "锻造“先锋星”"];
  return {
    campaign: CAMPAIGN,
    branch,
    period: "2023-06",
    asOf: "2023-06-30",
    workbook: { name: `${branch}.xlsx`, sha256: "b".repeat(64) },
    projects: Array.from({ length: 14 }, (_, i) => {
      const row = i + 3;
      const done = i < seed;
      return {
        sheet: "重点任务清单",
        row,
        cells: {
          category: { cell: `A${row}`, value: stars[i % 3] ?? "" },
          name: { cell: `B${row}`, value: `项目${i + 1}：开展主题党日活动` },
          target: { cell: `C${row}`, value: "全年开展主题党日活动12次，覆盖全体党员" },
          owner: { cell: `D${row}`, value: i === 0 ? "待定" : `王${i + 1}` },
          deadline: { cell: `E${row}`, value: "2023年12月31日" },
          status: { cell: `F${row}`, value: done ? "已完成" : "推进中" },
          progress: { cell: `G${row}`, value: done ? "100%" : "60%" },
          evidence: { cell: `H${row}`, value: done ? "照片.jpg" : "" },
        },
      };
    }),
    activities: [],
    landmark: [],
    client: { app: "cli", version: "test" },
  };
}

async function submit(token: string, body: unknown): Promise<void> {
  const res = await api("/api/v1/submissions", {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
      "Idempotency-Key": crypto.randomUUID(),
    },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`submit: ${res.status} ${await res.text()}`);
}

async function rankingsApi(period: string): Promise<{ rows: ApiRow[]; missing: { code: string }[] }> {
  const res = await api(`/api/v1/rankings?campaign=${CAMPAIGN}&period=${period}`, {
    headers: { Authorization: `Bearer ${VIEWER}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { rows: ApiRow[]; missing: { code: string }[] };
}

async function signIn(page: Page, next = "/rankings"): Promise<void> {
  await page.goto(`${origin}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("查看密钥").fill(VIEWER);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith("/login")),
    page.getByRole("button", { name: "登录" }).click(),
  ]);
}

async function newContext(
  options: { width?: number; javaScriptEnabled?: boolean } = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: "zh-CN",
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
}

/** The table as the page shows it: code, rank text, name, total, movement text. */
async function tableOf(page: Page) {
  return page.$$eval("#rankings tbody tr", (trs) =>
    trs.map((tr) => {
      const cells = tr.querySelectorAll("td, th");
      return {
        code: tr.getAttribute("data-code") ?? "",
        rank: (cells[0]?.textContent ?? "").trim(),
        movement: (cells[1]?.textContent ?? "").trim(),
        name: (tr.querySelector("th.branch a")?.textContent ?? "").trim(),
        total: (cells[4]?.textContent ?? "").trim(),
      };
    }),
  );
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  persistTo = mkdtempSync(join(tmpdir(), "juxing-pages-"));
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  await applyMigrations(persistTo);
  server = await startDevServer({ port, persistTo, vars: { ADMIN_TOKEN: ADMIN, VIEWER_KEY: VIEWER } });
  await seedDemo(server.url, ADMIN);
  const viewer = { headers: { Authorization: `Bearer ${VIEWER}` } };
  const html = Buffer.from(
    await (await api(`/rankings?campaign=${CAMPAIGN}&period=2023-06`, viewer)).arrayBuffer(),
  );
  const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html.toString("utf8"))?.[1] ?? "";
  const css = Buffer.from(await (await api(href)).arrayBuffer());
  Object.assign(weight, {
    html: html.byteLength,
    css: css.byteLength,
    htmlGzip: gzipSync(html).byteLength,
    cssGzip: gzipSync(css).byteLength,
  });
  const tokens: Record<string, string> = {};
  for (const b of extra)
    tokens[b.code] = String((await admin("/branches", { ...b, campaign: CAMPAIGN })).token);
  await submit(tokens.xss ?? "", juneBody("xss", 9));
  // identical bodies: the same score, so they share a rank
  await submit(tokens.tie1 ?? "", juneBody("tie1", 11));
  await submit(tokens.tie2 ?? "", juneBody("tie2", 11));
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
}, 60_000);

describe("page weight", () => {
  it("/rankings with 17 branches: HTML + CSS well under 100 KB", () => {
    console.log(`juxing-figure ${JSON.stringify({ suite: "pages", rankings17: weight })}`);
    expect(weight.html).toBeGreaterThan(10_000);
    expect(weight.css).toBeGreaterThan(3_000);
    expect(weight.html + weight.css).toBeLessThan(100_000);
  });
});

describe("without a session", () => {
  it("/rankings redirects to /login and the API answers 401", async () => {
    const res = await api(`/rankings?campaign=${CAMPAIGN}`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login\?next=%2Frankings/);
    expect((await api(`/api/v1/rankings?campaign=${CAMPAIGN}&period=2023-06`)).status).toBe(401);
    expect((await api(`/api/v1/rankings.csv?campaign=${CAMPAIGN}&period=2023-06`)).status).toBe(401);
    const context = await newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/rankings?campaign=${CAMPAIGN}`);
      expect(new URL(page.url()).pathname).toBe("/login");
      await expect(page.getByRole("heading", { level: 1 })).toBeTruthy();
      expect(await page.getByLabel("查看密钥").count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});

describe("signed in", () => {
  let context: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    context = await newContext();
    page = await context.newPage();
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // CSP violations (an inline style or script slipping in) and script errors
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy|Refused/i.test(m.text())) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(String(e)));
    await signIn(page);
  });

  afterAll(async () => {
    await context?.close();
  });

  it("the table matches GET /api/v1/rankings row for row: a month, a quarter and a year", async () => {
    for (const period of ["2023-06", "2023-Q2", "2023"]) {
      await page.goto(`${origin}/rankings?campaign=${CAMPAIGN}&period=${period}`);
      const shown = await tableOf(page);
      const { rows, missing } = await rankingsApi(period);
      expect(rows.length).toBeGreaterThan(10);
      expect(
        shown.map((r) => r.code),
        period,
      ).toEqual(rows.map((r) => r.branch.code));
      expect(shown.map((r) => r.name)).toEqual(rows.map((r) => r.branch.name));
      expect(shown.map((r) => r.total)).toEqual(
        rows.map((r) => (Math.round(r.total * 100) / 100).toFixed(2)),
      );
      expect(shown.map((r) => r.rank)).toEqual(
        rows.map((r) => (r.tied ? `${r.rank}并列第${r.rank}` : `${r.rank}第${r.rank}`)),
      );
      const listed = await page.$$eval("#missing li", (lis) => lis.map((li) => li.getAttribute("data-code")));
      expect(listed).toEqual(missing.map((m) => m.code));
    }
  });

  it("ties show 并列; a branch with no submission is under 未报送", async () => {
    await page.goto(`${origin}/rankings?campaign=${CAMPAIGN}&period=2023-06`);
    const shown = await tableOf(page);
    const tie1 = shown.find((r) => r.code === "tie1");
    const tie2 = shown.find((r) => r.code === "tie2");
    expect(tie1?.rank).toMatch(/并列第\d+/);
    expect(tie2?.rank).toBe(tie1?.rank);
    const missing = page.locator("#missing");
    await missing.getByText("县地方志办公室机关党支部").waitFor();
    // the two demo branches that skipped June
    for (const b of demoCampaign.branches.slice(-2)) {
      expect(await missing.getByText(b.name, { exact: true }).count()).toBe(1);
    }
    // movement has text, not colour only
    expect(shown.some((r) => /上升\d+位|下降\d+位|排名不变|新上榜/.test(r.movement))).toBe(true);
  });

  it("the XSS branch shows as text on the page, in the chart and in the CSV", async () => {
    await page.goto(`${origin}/rankings?campaign=${CAMPAIGN}&period=2023-06`);
    await page.locator("#rankings th.branch a", { hasText: XSS }).waitFor();
    expect(await page.locator("#rankings th.branch a", { hasText: XSS }).isVisible()).toBe(true);
    expect(await page.locator("svg.bars text", { hasText: XSS }).count()).toBe(1);
    expect(await page.locator("main img").count()).toBe(0);
    await page.locator("#rankings th.branch a", { hasText: XSS }).click();
    await page.waitForURL(/\/branches\/xss/);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(XSS);
    expect(await page.locator("main img").count()).toBe(0);
    const csv = await context.request.get(
      `${origin}/api/v1/rankings.csv?campaign=${CAMPAIGN}&period=2023-06`,
    );
    expect(csv.status()).toBe(200);
    const bytes = await csv.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    expect(text).toContain(`,xss,${XSS},`);
    for (const b of demoCampaign.branches.slice(0, 5)) expect(text).toContain(b.name);
    expect(dialogs).toEqual([]);
  });

  it("the CSV link downloads the export", async () => {
    await page.goto(`${origin}/rankings?campaign=${CAMPAIGN}&period=2023-Q2`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("a[href*='rankings.csv']").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/2023-Q2.*\.csv$/);
  });

  it("axe finds no serious or critical violation on /rankings, /branches/:code and /login", async () => {
    await page.goto(`${origin}/rankings?campaign=${CAMPAIGN}&period=2023-06`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${origin}/rankings?campaign=${CAMPAIGN}&period=2023-Q2&metric=service&lang=en`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${origin}/branches/${demoCampaign.branches[2]?.code}?campaign=${CAMPAIGN}&lang=zh-CN`);
    expect(await seriousViolations(page)).toEqual([]);
    const anonymous = await newContext();
    try {
      const login = await anonymous.newPage();
      await login.goto(`${origin}/login`);
      expect(await seriousViolations(login)).toEqual([]);
      await login.getByLabel("查看密钥").fill("wrong");
      await login.getByRole("button", { name: "登录" }).click();
      await login.getByRole("alert").waitFor();
      expect(await seriousViolations(login)).toEqual([]);
    } finally {
      await anonymous.close();
    }
  });

  it("the language switch is remembered", async () => {
    await page.goto(`${origin}/rankings?campaign=${CAMPAIGN}`);
    await page.getByRole("link", { name: "Switch to English" }).click();
    await page.getByRole("heading", { name: "Not reported (3)" }).waitFor();
    await page.goto(`${origin}/branches/${demoCampaign.branches[0]?.code}`);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.getByRole("link", { name: "切换到中文" }).click();
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.goto(`${origin}/rankings`);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
  });

  it("screenshots at 360 px, 1280 px and 1920 px; nothing overflows the page's width", async () => {
    const branch = demoCampaign.branches[3]?.code ?? "";
    for (const width of [360, 1280, 1920]) {
      const shots = await newContext({ width });
      try {
        const p = await shots.newPage();
        await signIn(p);
        await p.goto(`${origin}/rankings?campaign=${CAMPAIGN}&period=2023-06`);
        expect(await p.evaluate(() => document.documentElement.scrollWidth), `${width}`).toBeLessThanOrEqual(
          width,
        );
        await p.screenshot({ path: join(outDir, `pages-rankings-${width}.png`), fullPage: true });
        if (width === 1280) {
          await p.goto(`${origin}/rankings?campaign=${CAMPAIGN}&period=2023-Q2&metric=service&lang=en`);
          await p.screenshot({ path: join(outDir, "pages-rankings-en-quarter-1280.png"), fullPage: true });
          await p.goto(`${origin}/rankings?campaign=${CAMPAIGN}&lang=zh-CN`);
        }
        await p.goto(`${origin}/branches/${branch}?campaign=${CAMPAIGN}`);
        expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await p.screenshot({ path: join(outDir, `pages-branch-${width}.png`), fullPage: true });
        await shots.clearCookies();
        await p.goto(`${origin}/login`);
        await p.screenshot({ path: join(outDir, `pages-login-${width}.png`), fullPage: true });
      } finally {
        await shots.close();
      }
    }
  });

  it("print: filters and header hidden, the table fits A4 landscape", async () => {
    // A4 landscape at 96 dpi less 10 mm margins: 277 mm ≈ 1047 px.
    const printing = await newContext({ width: 1047 });
    try {
      const p = await printing.newPage();
      await signIn(p);
      await p.goto(`${origin}/rankings?campaign=${CAMPAIGN}&period=2023-06`);
      await p.emulateMedia({ media: "print" });
      expect(await p.locator("form.filters").isVisible()).toBe(false);
      expect(await p.locator("header.top").isVisible()).toBe(false);
      const width = await p.$eval("#rankings", (t) => t.getBoundingClientRect().width);
      expect(width).toBeLessThanOrEqual(1047);
      await p.screenshot({ path: join(outDir, "pages-rankings-print.png"), fullPage: true });
      await p.pdf({
        path: join(outDir, "pages-rankings.pdf"),
        preferCSSPageSize: true,
        printBackground: true,
      });
    } finally {
      await printing.close();
    }
  });

  it("no page visited above hit a CSP violation or a script error", () => {
    expect(problems).toEqual([]);
  });
});

describe("with JavaScript disabled", () => {
  it("signing in, the filters and the table all work", async () => {
    const context = await newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/rankings`);
      expect(new URL(page.url()).pathname).toBe("/login");
      await page.getByLabel("查看密钥").fill(VIEWER);
      await page.getByRole("button", { name: "登录" }).click();
      await page.waitForURL(/\/rankings/);
      // the default: the latest month with data
      expect(await page.locator("#f-period").inputValue()).toBe("2023-06");
      expect((await tableOf(page)).length).toBeGreaterThan(10);
      // switch the kind: the period follows (2023-06 → 2023-Q2)
      await page.locator("#f-kind").selectOption("quarter");
      await page.locator("#f-metric").selectOption("vanguard");
      await page.getByRole("button", { name: "查看" }).click();
      await page.waitForURL(/kind=quarter/);
      expect(await page.locator("#f-period").inputValue()).toBe("2023-Q2");
      expect(await page.locator("#rankings caption").textContent()).toContain("第二季度");
      expect(await page.locator("#rankings th[aria-sort=descending]").textContent()).toBe("先锋星");
      const { rows } = await (async () => {
        const res = await api(`/api/v1/rankings?campaign=${CAMPAIGN}&period=2023-Q2&metric=vanguard`, {
          headers: { Authorization: `Bearer ${VIEWER}` },
        });
        return (await res.json()) as { rows: ApiRow[] };
      })();
      expect((await tableOf(page)).map((r) => r.code)).toEqual(rows.map((r) => r.branch.code));
      // then pick another quarter of that kind
      await page.locator("#f-period").selectOption("2023-Q1");
      await page.getByRole("button", { name: "查看" }).click();
      await page.waitForURL(/period=2023-Q1/);
      expect(await page.locator("#rankings caption").textContent()).toContain("第一季度");
      // the branch page and sign-out work too
      await page.locator("#rankings th.branch a").first().click();
      await page.waitForURL(/\/branches\//);
      expect(await page.locator("#projects tbody tr").count()).toBeGreaterThan(0);
      await page.getByRole("button", { name: "退出登录" }).click();
      await page.waitForURL(/\/login/);
      await page.goto(`${origin}/rankings`);
      expect(new URL(page.url()).pathname).toBe("/login");
    } finally {
      await context.close();
    }
  });
});

describe("verification (逐项核实) in the browser", () => {
  it("a reviewer signs in, returns a claim with a reason — without JavaScript — and the branch's row on /rankings changes", async () => {
    const made = (await admin("/reviewers", { campaign: CAMPAIGN, name: "李核查" })) as { token: string };
    // A demo branch with claims (projects reported done or accepted) in June.
    const claims = (await (
      await api(`/api/v1/reviews?campaign=${CAMPAIGN}&period=2023-06`, {
        headers: { Authorization: `Bearer ${VIEWER}` },
      })
    ).json()) as { items: { branch: { code: string } }[] };
    const code = claims.items[0]?.branch.code ?? "";
    /** The branch's row on /rankings, cell by column header. */
    const rowOf = async (page: Page) => {
      await page.goto(`${origin}/rankings?campaign=${CAMPAIGN}&period=2023-06`);
      const headers = await page.$$eval("#rankings thead th", (ths) =>
        ths.map((th) => (th.textContent ?? "").trim()),
      );
      const cells = await page.$eval(`#rankings tbody tr[data-code="${code}"]`, (tr) =>
        Array.from(tr.querySelectorAll("td, th"), (cell) => (cell.textContent ?? "").trim()),
      );
      return Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? ""]));
    };
    const context = await newContext({ width: 390, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${origin}/login?next=${encodeURIComponent(`/review?period=2023-06&branch=${code}`)}`);
      await page.getByLabel("查看密钥").fill(made.token);
      await Promise.all([page.waitForURL(/\/review\?/), page.getByRole("button", { name: "登录" }).click()]);
      const before = await rowOf(page);
      const returnedBefore = Number(before.退回);

      await page.goto(`${origin}/review?period=2023-06&branch=${code}`);
      const claim = page.locator("li.claim").first();
      const name = (await claim.locator("h3").textContent())?.split(" ")[0] ?? "";
      // keyboard and label: the reason field is reached by its label
      await claim.getByLabel("退回理由（退回时必填）").fill("佐证材料与目标不符，请补充会议记录");
      await Promise.all([
        page.waitForURL(/saved=returned/),
        claim.getByRole("button", { name: "退回" }).click(),
      ]);
      expect(await page.locator(".saved-now").textContent()).toContain(name);

      const after = await rowOf(page);
      expect(Number(after.退回)).toBe(returnedBefore + 1);
      // 核定分 moved down; 自评分 did not.
      expect(Number(after.核定分)).toBeLessThan(Number(before.核定分));
      expect(after.自评分).toBe(before.自评分);
      await page.goto(`${origin}/branches/${code}?campaign=${CAMPAIGN}&period=2023-06`);
      expect(await page.locator("#projects").textContent()).toContain(
        "退回：佐证材料与目标不符，请补充会议记录",
      );
      await page.screenshot({ path: join(outDir, "review-390.png"), fullPage: false });
    } finally {
      await context.close();
    }
  });
});
