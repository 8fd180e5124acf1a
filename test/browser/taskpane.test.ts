/**
 * The built task pane in real headless Chromium (Debian's chromium through playwright-core),
 * served by a real `wrangler dev` (fresh D1 state, migrations applied), with the simulated Excel
 * host standing in for office.js: the CDN request is answered with a bundle of
 * test/helpers/fake-office holding the messy fixture's Book.
 *
 * Screenshots at the pane's 320 px width go to test-output/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markColors } from "../../addin/excel/marks.ts";
import { readBookFile } from "../../cli/xlsx.ts";
import { buildAddin, defaultOutDir } from "../../scripts/build-addin.ts";
import {
  applyMigrations,
  type DevServer,
  freePort,
  queryLocal,
  root,
  startDevServer,
} from "../../scripts/lib/stack.ts";
import {
  fakeOfficeBundle as fakeOfficeJs,
  launchChromium,
  OFFICE_JS,
  routeOfficeJs,
} from "../helpers/browser.ts";
import { workbooksDir } from "../helpers/fixtures.ts";

const ADMIN = `browser-admin-${process.pid}`;
const VIEWER = `browser-viewer-${process.pid}`;
const CAMPAIGN = "browser-test";
const BRANCH = "B01";
const WIDTH = 320;
const outDir = join(root, "test-output");

let browser: Browser;
let server: DevServer | null = null;
let port: number;
let persistTo: string;
let officeJs: string;
let branchToken: string;

/** The local year (the pane's as-of date and period are local). */
const year = new Date().getFullYear();

async function startServer(): Promise<DevServer> {
  return startDevServer({ port, persistTo, vars: { ADMIN_TOKEN: ADMIN, VIEWER_KEY: VIEWER } });
}

function origin(): string {
  return `http://127.0.0.1:${port}`;
}

async function admin(path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${origin()}/api/v1/admin${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 201) throw new Error(`admin ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Submissions stored in D1 for the test branch (straight from the database, not the API). */
async function storedSubmissions(): Promise<{ idempotency_key: string; total: number }[]> {
  return queryLocal(
    persistTo,
    `SELECT idempotency_key, total FROM submissions WHERE branch = '${BRANCH}' ORDER BY seq`,
  );
}

async function fakeOfficeBundle(): Promise<string> {
  return fakeOfficeJs(await readBookFile(join(workbooksDir, "messy.xlsx")));
}

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, locale: "zh-CN" });
  await routeOfficeJs(context, officeJs);
  return context;
}

async function openPane(context: BrowserContext, options: Record<string, unknown> = {}): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript((opts) => {
    (globalThis as Record<string, unknown>).__JUXING_FAKE_OPTIONS__ = opts;
  }, options);
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(String(err)));
  (page as Page & { errors?: string[] }).errors = errors;
  await page.goto(`${origin()}/addin/taskpane.html`);
  await page.locator("#btn-validate:not([disabled])").waitFor();
  return page;
}

function pageErrors(page: Page): string[] {
  return (page as Page & { errors?: string[] }).errors ?? [];
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await page.screenshot({ path: join(outDir, `taskpane-${name}-${WIDTH}.png`), fullPage: true });
}

async function validate(page: Page): Promise<void> {
  await page.getByRole("button", { name: "校验", exact: true }).click();
  await page.locator("#findings:not([hidden])").waitFor();
}

/** Every fill in the fake workbook, per sheet. */
function fills(page: Page): Promise<Record<string, Record<string, string>>> {
  return page.evaluate(() => {
    const fake = (
      globalThis as unknown as {
        __fake: { workbook: { sheets: { name: string; fills(): Record<string, string> }[] } };
      }
    ).__fake;
    return Object.fromEntries(fake.workbook.sheets.map((s) => [s.name, s.fills()]));
  });
}

function selection(page: Page): Promise<{ sheet: string; address: string } | null> {
  return page.evaluate(() => {
    const fake = (
      globalThis as unknown as {
        __fake: { workbook: { selection: { sheet: string; address: string } | null } };
      }
    ).__fake;
    return fake.workbook.selection;
  });
}

beforeAll(async () => {
  await buildAddin();
  officeJs = await fakeOfficeBundle();
  persistTo = mkdtempSync(join(tmpdir(), "juxing-browser-"));
  await applyMigrations(persistTo);
  port = await freePort();
  server = await startServer();
  // The messy fixture is a list for 2023-09: the pane sends the workbook's own month (the one period
  // rule of docs/api.md, as the command line does), so the campaign is that year's.
  // A 2023 campaign: historical, so every month stays open.
  await admin("/campaigns", { id: CAMPAIGN, name: "浏览器测试活动", year: 2023, windowDays: null });
  const branch = await admin("/branches", {
    code: BRANCH,
    name: "县人力资源和社会保障局机关党支部",
    campaign: CAMPAIGN,
  });
  branchToken = String(branch.token);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
}, 60_000);

describe("validate, select, mark", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newContext();
    page = await openPane(context);
  });

  afterAll(async () => {
    await context?.close();
  });

  it("speaks zh-CN by default and loads office.js from the CDN address only", async () => {
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
    expect(await page.locator("#btn-sync").textContent()).toBe("同步");
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.src));
    expect(scripts[0]).toBe(OFFICE_JS);
    // The script ran: the notice for web views too old to run it is gone.
    expect(await page.locator("#old-webview").count()).toBe(0);
  });

  it("校验 shows the score and the messy fixture's findings with their cells", async () => {
    await validate(page);
    await expect.poll(() => page.locator("#score-total").textContent()).not.toBe("");
    const owner = page.locator(
      'button.finding[data-code="owner.missing"][data-sheet="任务清单"][data-cell="E6"]',
    );
    await expect.poll(() => owner.count()).toBe(1);
    expect(await owner.textContent()).toContain("任务清单!E6");
    expect(await owner.textContent()).toContain("未填写责任人");
    // Grouped by severity, then code, with the code's title.
    const groups = await page
      .locator(".severity-group")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-severity")));
    expect(groups).toEqual(["error", "warning"]);
    const ownerGroup = page.locator('.code-group[data-code="owner.missing"] .code-title');
    expect(await ownerGroup.textContent()).toContain("责任人未明确");
    for (const [code, cell] of [
      ["deadline.unparseable", "F13"],
      ["status.unknown", "G15"],
      ["project.duplicate", "C19"],
      ["category.unknown", "B20"],
    ]) {
      expect(
        await page.locator(`button.finding[data-code="${code}"][data-cell="${cell}"]`).count(),
        code,
      ).toBe(1);
    }
    // Workbook-level findings are listed but are not buttons.
    expect(await page.locator('.code-group[data-code="campaign.project-count"] button.finding').count()).toBe(
      0,
    );
    expect(await page.locator('.code-group[data-code="campaign.project-count"] .finding').count()).toBe(1);
    // Score card: total, stars and every category.
    const keys = await page
      .locator("#score-grid > div")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-key")));
    expect(keys).toEqual([
      "model",
      "service",
      "vanguard",
      "activities",
      "landmark",
      "clarityRate",
      "completionRate",
      "overdue",
    ]);
    expect(await page.locator("#score-stars").getAttribute("aria-label")).toMatch(/^星级：|^星级:/);
    // Which sheets the list was read from.
    expect(await page.locator("#score-meta").textContent()).toContain("读取工作表 任务清单");
    expect(await page.locator("#status").textContent()).toContain("校验完成");
    expect(pageErrors(page)).toEqual([]);
    await shot(page, "validate");
  });

  it("clicking a finding selects its cell in Excel; Enter and Space do too", async () => {
    await page.locator('button.finding[data-code="owner.missing"][data-cell="E6"]').click();
    await expect.poll(() => selection(page)).toEqual({ sheet: "任务清单", address: "E6" });

    await page.locator('button.finding[data-code="deadline.unparseable"][data-cell="F13"]').focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => selection(page)).toEqual({ sheet: "任务清单", address: "F13" });

    await page.locator('button.finding[data-code="status.unknown"][data-cell="G15"]').focus();
    await page.keyboard.press("Space");
    await expect.poll(() => selection(page)).toEqual({ sheet: "任务清单", address: "G15" });
  });

  it("标注 then 清除标注 leaves the fills as they were, the user's own included", async () => {
    // A fill of the user's own on a cell that gets marked, and one elsewhere.
    await page.evaluate(() => {
      const fake = (
        globalThis as unknown as {
          __fake: { workbook: { sheet(n: string): { setFill(a: string, c: string): void } } };
        }
      ).__fake;
      fake.workbook.sheet("任务清单").setFill("E6", "#FFFF00");
      fake.workbook.sheet("任务清单").setFill("A1", "#00B050");
    });
    const before = await fills(page);
    await page.getByRole("button", { name: "标注", exact: true }).click();
    await expect.poll(() => page.locator("#status").textContent()).toContain("已在工作表中标注");
    const marked = await fills(page);
    expect(marked).not.toEqual(before);
    // F13 (deadline.unparseable) and E6 (owner.missing, over the user's yellow) get the error tint.
    expect(marked.任务清单?.E6).toBe(markColors.error);
    expect(marked.任务清单?.F13).toBe(markColors.error);
    await shot(page, "marked");

    await page.getByRole("button", { name: "清除标注", exact: true }).click();
    await expect.poll(() => page.locator("#status").textContent()).toContain("已清除标注");
    expect(await fills(page)).toEqual(before);
  });

  it("has no serious accessibility violations (axe, WCAG 2.1 AA)", async () => {
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .analyze();
    const serious = results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(serious).toEqual([]);
  });

  it("is usable at 320 px: no horizontal scrolling, every control reachable by keyboard", async () => {
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    // Tab from the top reaches the toolbar buttons in order.
    // Start from the top: a click on the (unfocusable) header moves the Tab starting point there.
    await page.locator(".app-header").click();
    const reached: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Tab");
      reached.push(await page.evaluate(() => document.activeElement?.id ?? ""));
    }
    expect(reached).toEqual([
      "btn-validate",
      "btn-mark",
      "btn-clear",
      "btn-sync",
      "btn-template",
      "btn-settings",
    ]);
  });
});

describe("language", () => {
  it("speaks English when Office does", async () => {
    const context = await newContext();
    try {
      const page = await openPane(context, { displayLanguage: "en-US" });
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
      await page.getByRole("button", { name: "Validate", exact: true }).click();
      await page.locator("#findings:not([hidden])").waitFor();
      const owner = page.locator('button.finding[data-code="owner.missing"][data-cell="E6"]');
      expect(await owner.textContent()).toContain("No owner");
      expect(
        await page.locator('.code-group[data-code="owner.missing"] .code-title').textContent(),
      ).toContain("No owner");
      await shot(page, "validate-en");
    } finally {
      await context.close();
    }
  });
});

describe("without office.js", () => {
  it("says that Office.js could not be loaded and what to do", async () => {
    const context = await browser.newContext({ viewport: { width: WIDTH, height: 600 }, locale: "zh-CN" });
    try {
      await context.route(OFFICE_JS, (route) => route.abort("internetdisconnected"));
      const page = await context.newPage();
      await page.goto(`${origin()}/addin/taskpane.html`);
      await expect.poll(() => page.locator("#alert").textContent()).toContain("无法加载 Office.js");
      expect(await page.locator("#btn-validate").isDisabled()).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe("sync through the outbox against wrangler dev", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newContext();
    page = await openPane(context, { partitionKey: "test-partition" });
  });

  afterAll(async () => {
    await context?.close();
  });

  async function fillSettings(): Promise<void> {
    if (await page.locator("#settings").isHidden())
      await page.getByRole("button", { name: "设置", exact: true }).click();
    await page.locator("#settings:not([hidden])").waitFor();
    await page.locator("#set-server").fill(origin());
    await page.locator("#set-branch").fill(BRANCH);
    await page.locator("#set-token").fill(branchToken);
    await page.locator("#set-campaign").fill(CAMPAIGN);
    expect(await page.locator("#set-token").getAttribute("type")).toBe("password");
    await page.locator("#btn-token-toggle").click();
    expect(await page.locator("#set-token").getAttribute("type")).toBe("text");
    await page.locator("#btn-token-toggle").click();
    expect(await page.locator("#set-token").getAttribute("type")).toBe("password");
    const month = await page.locator("#set-period").inputValue();
    expect(month).toMatch(new RegExp(`^${year}-\\d\\d$`));
    await shot(page, "settings");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await expect.poll(() => page.locator("#status").textContent()).toContain("设置已保存");
  }

  it("refuses a server its page may not send to (the CSP's connect-src), and says why", async () => {
    await page.getByRole("button", { name: "设置", exact: true }).click();
    await page.locator("#settings:not([hidden])").waitFor();
    await page.locator("#set-server").fill("https://other.example.com");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await expect.poll(() => page.locator("#settings-error").textContent()).toContain("PANE_SERVERS");
    expect(await page.locator("#set-server").getAttribute("aria-invalid")).toBe("true");
    expect(await page.evaluate(() => localStorage.getItem("test-partition/juxing.settings"))).toBeNull();
    await page.getByRole("button", { name: "关闭设置", exact: true }).click();
  });

  it("requires settings before syncing and keeps the token out of the workbook", async () => {
    await page.getByRole("button", { name: "同步", exact: true }).click();
    await expect.poll(() => page.locator("#alert").textContent()).toContain("请先在“设置”中填写");
    expect(await page.locator("#settings").isHidden()).toBe(false);
    await fillSettings();
    // Stored under the partition key in browser storage, nowhere in the document's settings.
    const stored = await page.evaluate(() => localStorage.getItem("test-partition/juxing.settings"));
    expect(JSON.parse(stored ?? "{}")).toMatchObject({
      token: branchToken,
      branch: BRANCH,
      campaign: CAMPAIGN,
    });
    const documentSettings = await page.evaluate(() =>
      JSON.stringify(
        (globalThis as unknown as { __fake: { workbook: { settings: unknown } } }).__fake.workbook.settings,
      ),
    );
    expect(documentSettings).not.toContain(branchToken);
  });

  it("同步 sends the submission and shows the rank", async () => {
    await page.getByRole("button", { name: "同步", exact: true }).click();
    await expect.poll(() => page.locator("#sync-last").textContent(), { timeout: 20_000 }).toMatch(/第 1 名/);
    expect(await page.locator("#status").textContent()).toContain("同步成功");
    expect(await page.locator("#sync-pending .pending-item").count()).toBe(0);
    expect(await page.locator("#score-meta").textContent()).toContain("浏览器测试活动");
    const stored = await storedSubmissions();
    expect(stored).toHaveLength(1);
    await shot(page, "synced");
  });

  it("with the server stopped the submission stays pending, survives a reload, and is stored once when it is back", async () => {
    await server?.stop();
    server = null;

    await page.getByRole("button", { name: "同步", exact: true }).click();
    const items = page.locator("#sync-pending .pending-item");
    await expect.poll(() => items.count(), { timeout: 20_000 }).toBe(1);
    await expect
      .poll(() => page.locator("#status").textContent())
      .toContain("同步失败：网络不可用，已保存，将自动重试");
    // A second click on the same workbook state is the same submission.
    await page.getByRole("button", { name: "同步", exact: true }).click();
    await expect.poll(() => page.locator("#status").textContent()).toContain("不会重复提交");
    expect(await items.count()).toBe(1);
    const key = await items.first().getAttribute("data-id");
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    await shot(page, "pending");

    // Reload while the server is down: the browser has the pane's files (here: from disk).
    await page.route(`${origin()}/addin/**`, (route) => {
      let path = new URL(route.request().url()).pathname.replace(/^\/addin\//, "");
      // The assets binding serves taskpane.html as /addin/taskpane as well.
      if (!extname(path)) path += ".html";
      const types: Record<string, string> = {
        ".html": "text/html",
        ".js": "text/javascript",
        ".css": "text/css",
        ".png": "image/png",
      };
      try {
        return route.fulfill({
          status: 200,
          contentType: types[extname(path)] ?? "application/octet-stream",
          body: readFileSync(join(defaultOutDir, path)),
        });
      } catch {
        return route.fulfill({ status: 404, body: "" });
      }
    });
    await page.reload();
    await page.locator("#btn-validate:not([disabled])").waitFor();
    await expect.poll(() => page.locator("#sync-pending .pending-item").count()).toBe(1);
    expect(await page.locator("#sync-pending .pending-item").first().getAttribute("data-id")).toBe(key);
    expect(await page.locator("#sync-last").textContent()).toMatch(/第 1 名/);
    await page.unroute(`${origin()}/addin/**`);

    // The server comes back on the same address and database.
    server = await startServer();
    // Retry now, unless the backoff timer got there first (then the item is already gone).
    const retry = page.getByRole("button", { name: "立即重试" });
    if ((await retry.count()) > 0) await retry.click({ timeout: 5000 }).catch(() => undefined);
    await expect.poll(() => page.locator("#sync-pending .pending-item").count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => page.locator("#sync-last").textContent()).toMatch(/第 1 名/);

    const stored = await storedSubmissions();
    expect(stored).toHaveLength(2);
    expect(stored[1]?.idempotency_key).toBe(key);
    expect(stored.filter((s) => s.idempotency_key === key)).toHaveLength(1);
    expect(pageErrors(page)).toEqual([]);
    await shot(page, "resynced");
  });

  it("shows a claim the office returned, with its reason, first; clicking it selects its row and 标注 marks it", async () => {
    // A reviewer of the campaign returns one of the synced month's claims (as /review does).
    const reviewer = String(
      (await admin("/reviewers", { campaign: CAMPAIGN, name: "县直机关工委 王芳" })).token,
    );
    const listed = (await (
      await fetch(`${origin()}/api/v1/reviews?campaign=${CAMPAIGN}&period=2023-09&branch=${BRANCH}`, {
        headers: { Authorization: `Bearer ${reviewer}` },
      })
    ).json()) as {
      items: { project: { name: string; sheet: string; cell: string | null }; contentHash: string }[];
    };
    const claim = listed.items.find((item) => item.project.cell);
    if (!claim?.project.cell) throw new Error("the synced month has no claim with a cell to return");
    const reason = "佐证材料只有一张照片，请补充会议记录";
    const returned = await fetch(`${origin()}/api/v1/reviews`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${reviewer}`,
        "Content-Type": "application/json",
        "Idempotency-Key": `taskpane-test-${process.pid}`,
      },
      body: JSON.stringify({
        campaign: CAMPAIGN,
        branch: BRANCH,
        period: "2023-09",
        project: claim.project.name,
        contentHash: claim.contentHash,
        decision: "return",
        reason,
      }),
    });
    expect(returned.status).toBe(201);

    // 校验 with the server reachable reads the states: the return comes first, with its reason.
    await validate(page);
    const panel = page.locator("#reviews-panel");
    await panel.locator(".review-returned").first().waitFor();
    const first = panel.getByRole("button").first();
    expect(await first.locator(".review-name").textContent()).toBe(claim.project.name);
    expect(await first.locator(".review-reason").textContent()).toBe(`退回原因：${reason}`);
    expect(await panel.locator("h3").first().textContent()).toBe("退回（1）");
    expect(await panel.locator("h3").allTextContents()).toContain(`待核实（${listed.items.length - 1}）`);

    await first.click();
    await expect
      .poll(() => selection(page))
      .toEqual({ sheet: claim.project.sheet, address: claim.project.cell });
    await page.getByRole("button", { name: "标注", exact: true }).click();
    await expect
      .poll(async () => (await fills(page))[claim.project.sheet]?.[claim.project.cell as string])
      .toBe(markColors.error);
    expect(pageErrors(page)).toEqual([]);
    await shot(page, "returned");
  });
});
