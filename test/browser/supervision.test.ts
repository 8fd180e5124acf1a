/**
 * /supervision (督办, docs/pages.md) in real headless Chromium against a real `wrangler dev` with
 * the demo campaign seeded and the reminders' day set inside it (NOTIFY_TODAY, as npm start does),
 * plus one branch whose list has overdue projects. At 360 px and 1280 px: the rows in order, the
 * owners and days overdue, who has not reported, the CSV link, no overflow of the page's width and
 * no serious accessibility violation. Screenshots go to test-output/.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoCampaign, seedDemo } from "../../scripts/demo/seed.ts";
import { applyMigrations, type DevServer, freePort, root, startDevServer } from "../../scripts/lib/stack.ts";
import { launchChromium } from "../helpers/browser.ts";

const ADMIN = `sup-admin-${process.pid}`;
const VIEWER = `sup-viewer-${process.pid}`;
const CAMPAIGN = demoCampaign.campaign.id;
const outDir = join(root, "test-output");

let browser: Browser;
let server: DevServer | null = null;
let persistTo = "";
let origin = "";

/** A June list whose first two projects are overdue on 2023-06-25 (by 55 and 24 days). */
function lateBody() {
  const stars = ["创建“模范星”", "选树“服务星”", "锻造“先锋星”"];
  const deadlines = ["2023年5月1日", "2023年6月1日"];
  return {
    campaign: CAMPAIGN,
    branch: "late",
    period: "2023-06",
    asOf: "2023-06-25",
    workbook: { name: "late.xlsx", sha256: "c".repeat(64) },
    projects: Array.from({ length: 14 }, (_, i) => {
      const row = i + 3;
      const late = i < 2;
      return {
        sheet: "重点任务清单",
        row,
        cells: {
          category: { cell: `A${row}`, value: stars[i % 3] ?? "" },
          name: { cell: `B${row}`, value: late ? `逾期项目${i + 1}` : `项目${i + 1}：开展主题党日活动` },
          target: { cell: `C${row}`, value: "全年开展主题党日活动12次，覆盖全体党员" },
          owner: { cell: `D${row}`, value: `赵${i + 1}` },
          deadline: { cell: `E${row}`, value: late ? (deadlines[i] ?? "") : "2023年12月31日" },
          status: { cell: `F${row}`, value: "推进中" },
          progress: { cell: `G${row}`, value: "40%" },
        },
      };
    }),
    activities: [],
    landmark: [],
    client: { app: "cli", version: "test" },
  };
}

async function signIn(page: Page, next: string): Promise<void> {
  await page.goto(`${origin}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("查看密钥").fill(VIEWER);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith("/login")),
    page.getByRole("button", { name: "登录" }).click(),
  ]);
}

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  persistTo = mkdtempSync(join(tmpdir(), "juxing-supervision-"));
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  await applyMigrations(persistTo);
  server = await startDevServer({
    port,
    persistTo,
    vars: { ADMIN_TOKEN: ADMIN, VIEWER_KEY: VIEWER, NOTIFY_TODAY: "2023-06-25" },
  });
  await seedDemo(server.url, ADMIN);
  const created = await fetch(`${origin}/api/v1/admin/branches`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" },
    body: JSON.stringify({ code: "late", name: "县统计局机关党支部", campaign: CAMPAIGN }),
  });
  const { token } = (await created.json()) as { token: string };
  const sent = await fetch(`${origin}/api/v1/submissions`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
      "Idempotency-Key": crypto.randomUUID(),
    },
    body: JSON.stringify(lateBody()),
  });
  if (sent.status !== 201) throw new Error(`submit: ${sent.status} ${await sent.text()}`);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
}, 60_000);

describe("/supervision", () => {
  for (const width of [360, 1280]) {
    it(`at ${width} px: most overdue first with owners and days, who has not reported, the CSV; nothing overflows`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "zh-CN" });
      try {
        const page = await context.newPage();
        await signIn(page, `/supervision?campaign=${CAMPAIGN}`);
        await expect.poll(() => page.locator("h1").textContent()).toBe("督办");
        expect(await page.locator(".lede").first().textContent()).toContain("截至 2023-06-25");
        const rows = await page.$$eval(".supervision-table tbody tr", (trs) =>
          trs.map((tr) => [...tr.querySelectorAll("th, td")].map((cell) => (cell.textContent ?? "").trim())),
        );
        expect(rows[0]).toEqual(["县统计局机关党支部", "逾期项目1", "赵1", "已逾期", "2023-05-01", "55", ""]);
        expect(rows[1]).toEqual(["县统计局机关党支部", "逾期项目2", "赵2", "已逾期", "2023-06-01", "24", ""]);
        const dueSoon = rows.filter((r) => r[3] === "即将到期");
        expect(dueSoon.length).toBeGreaterThan(10);
        expect(dueSoon.every((r) => r[6] === "还有 5 天")).toBe(true);
        // May's lists: every demo branch sent one; the new branch did not.
        expect(await page.locator("#not-reported").textContent()).toBe("2023-05 尚未报送（1 个支部）");
        expect(await page.locator("ul.missing li").allTextContents()).toEqual(["县统计局机关党支部"]);

        const csvHref = await page.getByRole("link", { name: "下载 CSV" }).getAttribute("href");
        const csv = await page.request.get(`${origin}${csvHref}`);
        expect(csv.status()).toBe(200);
        expect(await csv.text()).toContain("late,县统计局机关党支部,逾期项目1,赵1,已逾期,2023-05-01,55,");

        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        const axe = await new AxeBuilder({ page }).analyze();
        const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        expect(serious.map((v) => v.id)).toEqual([]);
        await page.screenshot({ path: join(outDir, `supervision-${width}.png`), fullPage: true });

        await page.goto(`${origin}/branches/czj?campaign=${CAMPAIGN}`);
        expect(await page.locator("#due-soon-h").textContent()).toContain("7 天内到期");
        expect(await page.locator(".due-soon-table tbody tr").count()).toBe(2);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await page.screenshot({ path: join(outDir, `supervision-branch-${width}.png`), fullPage: true });
      } finally {
        await context.close();
      }
    });
  }
});
