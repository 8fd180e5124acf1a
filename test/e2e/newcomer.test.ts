/**
 * A newcomer's first hour, end to end (issue 6): the local stack started as `npm start` starts it,
 * a workbook written by `juxing template` and filled like a branch fills it (two planted
 * problems), validated in the built task pane in Chromium with the simulated Excel host, one
 * problem fixed, validated again, synced, and the branch found on /rankings with the score the
 * core gives the fixed workbook and the rank its score earns. Any broken link fails it.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBook, readBookFile } from "../../cli/xlsx.ts";
import { freePort, root } from "../../scripts/lib/stack.ts";
import { analyzeBook } from "../../shared/analyze.ts";
import { rankingsAnswer } from "../../shared/api/rankings.ts";
import { template, templateLayout } from "../../shared/template.ts";
import { fakeOfficeBundle, launchChromium, routeOfficeJs } from "../helpers/browser.ts";
import { type NpmStart, npmStart } from "../helpers/npm-start.ts";

const AS_OF = "2023-06-30";
const BRANCH = { code: "tjj", name: "县统计局机关党支部" };
const OWNER_COLUMN = "E";
const DEADLINE_COLUMN = "F";

const work = mkdtempSync(join(tmpdir(), "juxing-e2e-"));
const state = join(work, "state");
const outDir = join(root, "test-output");
let server = "";
let stack: NpmStart;
let browser: Browser;

async function juxing(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(root, "bin", "juxing.js"), ...args],
      { cwd: root },
    );
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

beforeAll(async () => {
  stack = await npmStart(await freePort(), state);
  server = stack.server;
  browser = await launchChromium();
}, 360_000);

afterAll(async () => {
  await browser?.close();
  stack?.stop();
  rmSync(work, { recursive: true, force: true });
}, 60_000);

/** Fills the template the way a branch does: 14 projects, activities, the red landmark. */
async function fillTemplate(file: string, out: string): Promise<{ ownerCell: string; deadlineCell: string }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const info = wb.getWorksheet(template.info.name) as ExcelJS.Worksheet;
  info.eachRow((row) => {
    const label = String(row.getCell(1).value ?? "");
    if (label === "单位名称") row.getCell(2).value = BRANCH.name;
    if (label === "单位代码") row.getCell(2).value = BRANCH.code;
    if (label === "填报周期") row.getCell(2).value = "2023-06";
  });
  const tasks = wb.getWorksheet(template.tasks.name) as ExcelJS.Worksheet;
  const first = templateLayout(template.tasks).firstDataRow;
  const stars = ["创建“模范星”", "选树“服务星”", "锻造“先锋星”"];
  for (let i = 0; i < 14; i++) {
    const r = first + i;
    const done = i % 4 === 0;
    tasks.getRow(r).values = [
      i + 1,
      stars[Math.min(2, Math.floor(i / 5))],
      `统计惠民项目${i + 1}`,
      `完成第${i + 1}项统计服务，形成工作报告1份`,
      i === 2 ? "待定" : `责任人${i + 1}`,
      i === 6 ? "2023年13月" : i % 2 ? "每季度" : "2023年12月底前",
      done ? "已完成" : "推进中",
      done ? 1 : 0.5,
      done ? "工作台账" : null,
      null,
    ];
    tasks.getCell(`H${r}`).numFmt = "0%";
  }
  const activities = wb.getWorksheet(template.activities.name) as ExcelJS.Worksheet;
  [88, 92, 90].forEach((score, i) => {
    activities.addRow([new Date(Date.UTC(2023, i * 2, 20)), "学习大研讨", "月度", score, null, null]);
  });
  const landmark = wb.getWorksheet(template.landmark.name) as ExcelJS.Worksheet;
  landmark.getCell("B2").value = "已完成";
  landmark.getCell("C2").value = "统计为民品牌方案";
  await wb.xlsx.writeFile(out);
  return { ownerCell: `${OWNER_COLUMN}${first + 2}`, deadlineCell: `${DEADLINE_COLUMN}${first + 6}` };
}

async function findingKeys(page: Page): Promise<string[]> {
  return page
    .locator("#findings [data-cell]")
    .evaluateAll((items) =>
      items.map((item) => `${item.getAttribute("data-code")}@${item.getAttribute("data-cell")}`),
    );
}

describe("a newcomer's first hour", () => {
  it("goes from template to a ranked branch with the score and rank the core and the rankings agree on", async () => {
    // 1. The template, filled like a branch with two planted problems.
    const templateFile = join(work, "模板.xlsx");
    const filled = join(work, "县统计局.xlsx");
    expect((await juxing("template", templateFile)).code).toBe(0);
    const planted = await fillTemplate(templateFile, filled);
    const cli = JSON.parse((await juxing("validate", filled, "--as-of", AS_OF, "--json")).stdout);
    const errors = cli.files[0].findings.filter((f: { severity: string }) => f.severity === "error");
    expect(errors.map((f: { code: string; cell: string }) => `${f.code}@${f.cell}`).sort()).toEqual(
      [`deadline.unparseable@${planted.deadlineCell}`, `owner.placeholder@${planted.ownerCell}`].sort(),
    );

    // 2. The campaign office registers the branch.
    const created = JSON.parse(
      (
        await juxing(
          "admin",
          "branch",
          "create",
          "--code",
          BRANCH.code,
          "--name",
          BRANCH.name,
          "--campaign",
          "juxing-2023",
          "--server",
          server,
          "--admin-token",
          "dev-admin",
          "--json",
        )
      ).stdout,
    );
    expect(created.token).toMatch(/^jxb_/);

    // 3. The task pane in Chromium, the workbook open in the simulated Excel, on the list's as-of day.
    const context = await browser.newContext({
      viewport: { width: 320, height: 900 },
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
    });
    await routeOfficeJs(context, await fakeOfficeBundle(await readBookFile(filled)));
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date(`${AS_OF}T10:00:00+08:00`));
    await page.goto(`${server}/addin/taskpane.html`);
    await page.locator("#btn-validate:not([disabled])").waitFor();

    await page.getByRole("button", { name: "校验", exact: true }).click();
    await page.locator("#findings:not([hidden])").waitFor();
    expect(await findingKeys(page)).toEqual(
      expect.arrayContaining([
        `owner.placeholder@${planted.ownerCell}`,
        `deadline.unparseable@${planted.deadlineCell}`,
      ]),
    );

    // 4. The owner is named in Excel; validating again leaves only the deadline.
    await page.evaluate(
      async ({ sheet, cell }) => {
        const excel = (globalThis as unknown as { Excel: typeof Excel }).Excel;
        await excel.run(async (ctx) => {
          ctx.workbook.worksheets.getItem(sheet).getRange(cell).values = [["周明"]];
          await ctx.sync();
        });
      },
      { sheet: template.tasks.name, cell: planted.ownerCell },
    );
    await page.getByRole("button", { name: "校验", exact: true }).click();
    await expect.poll(() => findingKeys(page)).not.toContain(`owner.placeholder@${planted.ownerCell}`);
    expect(await findingKeys(page)).toContain(`deadline.unparseable@${planted.deadlineCell}`);

    // 5. Settings and sync.
    await page.getByRole("button", { name: "设置", exact: true }).click();
    await page.locator("#settings:not([hidden])").waitFor();
    await page.locator("#set-server").fill(server);
    await page.locator("#set-branch").fill(BRANCH.code);
    await page.locator("#set-token").fill(created.token);
    await page.locator("#set-campaign").fill("juxing-2023");
    await page.locator("#set-period").fill("2023-06");
    await page.getByRole("button", { name: "保存", exact: true }).click();
    await page.getByRole("button", { name: "同步", exact: true }).click();
    await expect
      .poll(() => page.locator("#sync-last").textContent(), { timeout: 30_000 })
      .toMatch(/第 \d+ 名/);
    const paneRank = Number((await page.locator("#sync-last").textContent())?.match(/第 (\d+) 名/)?.[1]);
    mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: join(outDir, "e2e-taskpane-synced-320.png"), fullPage: true });

    // 6. What the score must be: the core on the fixed workbook, under the campaign's rubric.
    const fixed = await readBook(
      await (async () => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(filled);
        (wb.getWorksheet(template.tasks.name) as ExcelJS.Worksheet).getCell(planted.ownerCell).value = "周明";
        return new Uint8Array(await wb.xlsx.writeBuffer());
      })(),
    );
    const expected = analyzeBook(fixed, { asOf: AS_OF, expectedProjects: 14, campaignYear: 2023 }).score
      .total;

    const api = await fetch(`${server}/api/v1/rankings?campaign=juxing-2023&period=2023-06`, {
      headers: { Authorization: "Bearer dev-viewer" },
    });
    const rankings = rankingsAnswer.parse(await api.json());
    const ours = rankings.rows.find((r) => r.branch.code === BRANCH.code);
    // The demo campaign is reviewed and judged: the list taken at its word is the self-score; what
    // ranks is audited (its claims still wait for a reviewer, its activities come from judges).
    expect(ours?.selfScore).toBeCloseTo(expected, 6);
    expect(ours?.review.pending).toBeGreaterThan(0);
    expect(ours?.score).toBeLessThan(expected);
    const higher = new Set(
      rankings.rows.filter((r) => r.score > (ours?.score ?? 0) + 0.005).map((r) => r.score.toFixed(2)),
    );
    expect(ours?.rank).toBe(higher.size + 1);
    expect(paneRank).toBe(ours?.rank);

    // 7. The leader's view: log in with the viewer key and find the branch on /rankings.
    const leader = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await leader.goto(`${server}/rankings?campaign=juxing-2023&kind=month&period=2023-06`);
    await leader.locator("#key").fill("dev-viewer");
    await leader.locator("#key").press("Enter");
    await leader.waitForURL(/\/rankings/);
    const row = leader.locator(`tr[data-code="${BRANCH.code}"]`);
    await row.waitFor();
    expect(Number(await row.getAttribute("data-rank"))).toBe(ours?.rank);
    expect(await row.textContent()).toContain(BRANCH.name);
    expect(await row.textContent()).toContain((Math.round(expected * 100) / 100).toFixed(2));
    expect(await row.textContent()).toContain((Math.round((ours?.score ?? 0) * 100) / 100).toFixed(2));
    await leader.screenshot({ path: join(outDir, "e2e-rankings-1280.png"), fullPage: true });
    await context.close();
  });
});
