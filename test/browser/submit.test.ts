/**
 * /submit in real headless Chromium against a real `wrangler dev` with a fresh D1: a branch signs
 * in with its token, drops messy.xlsx and sees the command line's findings with their cells, drops a
 * fixed copy, syncs and sees its rank — and no request carries the workbook's bytes; the same in
 * Firefox ESR. Screenshots at 360 px and 1280 px go to test-output/; submit-messy-1280.png is the
 * one README shows (docs/images/submit.png, a copy: README must show the page without a test run).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import type { ElementHandle, Browser as FirefoxBrowser, Page as FirefoxPage } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readWorkbook } from "../../cli/read-workbook.ts";
import { buildSubmit } from "../../scripts/build-submit.ts";
import { applyMigrations, type DevServer, freePort, root, startDevServer } from "../../scripts/lib/stack.ts";
import { analyzeBook } from "../../shared/analyze.ts";
import { type Lang, renderFinding } from "../../shared/findings.ts";
import { round2 } from "../../shared/score.ts";
import { fflateInflate } from "../../shared/xlsx/fflate.ts";
import { readXlsx } from "../../shared/xlsx/read.ts";
import { launchChromium, launchFirefox } from "../helpers/browser.ts";
import { workbooksDir } from "../helpers/fixtures.ts";

const ADMIN = `submit-admin-${process.pid}`;
const VIEWER = `submit-viewer-${process.pid}`;
const CAMPAIGN = "submit-2023";
const BRANCH = { code: "rsj", name: "县人力资源和社会保障局机关党支部" };
const outDir = join(root, "test-output");
const messyFile = join(workbooksDir, "messy.xlsx");

let browser: Browser;
let server: DevServer | null = null;
let persistTo = "";
let origin = "";
let token = "";
let fixedFile = "";

async function admin(path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${origin}/api/v1/admin${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 201) throw new Error(`admin ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** messy.xlsx with its missing and placeholder owners and its missing target filled in. */
async function fixedCopy(): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(messyFile) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("任务清单");
  if (!sheet) throw new Error("messy.xlsx has no 任务清单");
  sheet.getCell("E6").value = "张伟";
  sheet.getCell("E7").value = "李娜";
  sheet.getCell("D8").value = "全年开展业务培训4次，覆盖全体干部";
  const file = join(mkdtempSync(join(tmpdir(), "juxing-submit-")), "重点任务清单（已修改）.xlsx");
  writeFileSync(file, new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
  return file;
}

/** The rows the page should show: the core's findings for the file, as the command line reads it. */
function expectedRows(file: string, lang: Lang): string[][] {
  const book = readWorkbook(readFileSync(file), file.split("/").pop());
  const report = analyzeBook(book, {
    asOf: "2023-09-30",
    campaignYear: 2023,
    overrides: { code: BRANCH.code },
  });
  const severity = { "zh-CN": { error: "错误", warning: "警告", info: "提示" }, en: {} } as const;
  return report.findings.map((f) => [
    severity["zh-CN"][f.severity],
    f.cell ? `${f.sheet}!${f.cell}` : (f.sheet ?? "—"),
    renderFinding(f, lang),
    f.code,
  ]);
}

function tableRows(page: Page): Promise<string[][]> {
  return page.$$eval("#findings tbody tr", (rows) =>
    rows.map((row) => Array.from(row.querySelectorAll("td"), (td) => td.textContent ?? "")),
  );
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await page.screenshot({ path: join(outDir, `submit-${name}.png`), fullPage: true });
}

async function open(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  (page as Page & { errors?: string[] }).errors = errors;
  await page.goto(`${origin}/submit`);
  return page;
}

async function signIn(page: Page): Promise<void> {
  await page.getByLabel("同步令牌").fill(token);
  await page.getByRole("button", { name: "登录" }).click();
  await page.locator("#workspace:not([hidden])").waitFor();
}

async function drop(page: Page, file: string): Promise<void> {
  const before = await page.locator("#meta").textContent();
  await page.setInputFiles("#file", file);
  await page.waitForFunction(
    ([previous, name]) => {
      const meta = document.querySelector("#meta")?.textContent ?? "";
      return meta !== previous && meta.includes(name as string);
    },
    [before, file.split("/").pop()],
  );
}

beforeAll(async () => {
  await buildSubmit();
  fixedFile = await fixedCopy();
  persistTo = mkdtempSync(join(tmpdir(), "juxing-submit-db-"));
  await applyMigrations(persistTo);
  const port = await freePort();
  server = await startDevServer({ port, persistTo, vars: { ADMIN_TOKEN: ADMIN, VIEWER_KEY: VIEWER } });
  origin = `http://127.0.0.1:${port}`;
  // A 2023 campaign: historical, so every month stays open.
  await admin("/campaigns", { id: CAMPAIGN, name: "提交页测试活动", year: 2023, windowDays: null });
  token = String((await admin("/branches", { ...BRANCH, campaign: CAMPAIGN })).token);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
}, 60_000);

describe("/submit", () => {
  it("sign in, drop messy.xlsx, see its findings by cell, drop a fixed copy, 同步, see the rank", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    const page = await open(context);
    const requests: Request[] = [];
    page.on("request", (request) => requests.push(request));

    await signIn(page);
    expect(await page.locator("#who").textContent()).toContain(BRANCH.name);
    // The token stays in the browser's storage, never in an address.
    expect(page.url()).toBe(`${origin}/submit`);
    expect(await page.evaluate(() => localStorage.getItem("juxing.submit.token"))).toBe(token);

    await drop(page, messyFile);
    const messy = await tableRows(page);
    expect(messy).toEqual(expectedRows(messyFile, "zh-CN"));
    expect(messy.map((row) => row[1])).toEqual(
      expect.arrayContaining(["任务清单!E6", "任务清单!E7", "任务清单!D8"]),
    );
    await shot(page, "messy-1280");

    await drop(page, fixedFile);
    const fixed = await tableRows(page);
    expect(fixed).toEqual(expectedRows(fixedFile, "zh-CN"));
    expect(fixed.map((row) => row[1])).not.toContain("任务清单!E6");
    expect(fixed.filter((row) => row[0] === "错误").length).toBeLessThan(
      messy.filter((row) => row[0] === "错误").length,
    );
    const pageScore = await page.locator("#score").textContent();

    const [syncResponse] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/api/v1/submissions")),
      page.getByRole("button", { name: "同步" }).click(),
    ]);
    const answer = (await syncResponse.json()) as { score: { total: number }; selfScore: { total: number } };
    await page.locator("#rank", { hasText: "第 1 名" }).waitFor();
    expect(await page.locator("#rank").textContent()).toBe("同步成功：2023-09 第 1 名。");

    // Only the normalized rows went out: JSON, none of the workbook's bytes.
    const posts = requests.filter((r) => r.method() !== "GET");
    expect(posts.map((r) => new URL(r.url()).pathname)).toEqual(["/api/v1/submissions"]);
    const post = posts[0] as Request;
    expect(post.headers()["content-type"]).toContain("application/json");
    const body = post.postData() ?? "";
    const sent = JSON.parse(body) as {
      projects: unknown[];
      client: { app: string };
      workbook: { name: string };
    };
    expect(sent.client.app).toBe("web");
    expect(sent.workbook.name).toBe("重点任务清单（已修改）.xlsx");
    expect(sent.projects.length).toBe(16);
    const bytes = readFileSync(fixedFile);
    for (const r of requests) {
      const data = r.postDataBuffer();
      if (!data) continue;
      expect(data.includes(Buffer.from("PK\u0003\u0004"))).toBe(false);
      expect(data.toString().includes(bytes.subarray(0, 48).toString("base64"))).toBe(false);
    }
    // The server re-scored the rows: taken at their word, to the score the page showed; ranked by
    // the score its review allows (docs/api.md, "Reviews").
    const rankings = (await (
      await fetch(`${origin}/api/v1/rankings?campaign=${CAMPAIGN}&period=2023-09`, {
        headers: { Authorization: `Bearer ${VIEWER}` },
      })
    ).json()) as { rows: { branch: { code: string }; total: number; rank: number }[] };
    expect(rankings.rows.map((r) => [r.branch.code, r.rank])).toEqual([[BRANCH.code, 1]]);
    expect(pageScore).toBe(`${round2(answer.selfScore.total).toFixed(2)} / 100`);
    expect(rankings.rows[0]?.total).toBe(answer.score.total);
    // Nothing is reviewed yet: every claim waits for the campaign office.
    const [score, self] = [answer.score.total, answer.selfScore.total].map((n) => round2(n).toFixed(2));
    expect(await page.locator("#verification").textContent()).toMatch(
      new RegExp(`^核实后得分 ${score}（自评 ${self}）；已核实 0，待核实 \\d+，退回 0$`),
    );
    expect(await page.locator("#returned").isHidden()).toBe(true);

    // The office returns one claim with its reason; the next 同步 shows it, with its cell.
    const reviewer = String(
      (await admin("/reviewers", { campaign: CAMPAIGN, name: "县直机关工委 王芳" })).token,
    );
    const claims = (await (
      await fetch(`${origin}/api/v1/reviews?campaign=${CAMPAIGN}&period=2023-09&branch=${BRANCH.code}`, {
        headers: { Authorization: `Bearer ${reviewer}` },
      })
    ).json()) as {
      items: { project: { name: string; sheet: string; cell: string | null }; contentHash: string }[];
    };
    const claim = claims.items[0];
    if (!claim) throw new Error("the submission has no claims to review");
    const reason = "佐证材料只有一张照片，请补充会议记录";
    const returned = await fetch(`${origin}/api/v1/reviews`, {
      method: "POST",
      headers: {
        Authorization: `Bearer ${reviewer}`,
        "Content-Type": "application/json",
        "Idempotency-Key": `submit-test-${process.pid}`,
      },
      body: JSON.stringify({
        campaign: CAMPAIGN,
        branch: BRANCH.code,
        period: "2023-09",
        project: claim.project.name,
        contentHash: claim.contentHash,
        decision: "return",
        reason,
      }),
    });
    expect(returned.status).toBe(201);
    await page.getByRole("button", { name: "同步" }).click();
    await page.locator("#returned:not([hidden])").waitFor();
    expect(await page.locator("#verification").textContent()).toMatch(/退回 1$/);
    expect(await page.locator("#returned-heading").textContent()).toBe(
      "退回 1 项，请按核查意见整改后重新同步：",
    );
    expect(
      await page.$$eval("#returned-items tbody tr", (rows) =>
        rows.map((row) => Array.from(row.querySelectorAll("td"), (td) => td.textContent ?? "")),
      ),
    ).toEqual([
      [claim.project.name, `${claim.project.sheet}!${claim.project.cell}`, reason, "县直机关工委 王芳"],
    ]);
    await shot(page, "returned-1280");
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await context.close();
  });

  it("works without any API newer than Chromium 80, the base of the 信创 browsers", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
    // Before the page's script: every later API the page, the core or zod might call is taken away,
    // so a call that compat.ts does not supply fails here as it would in a Chromium 8x browser.
    await context.addInitScript(() => {
      const newer: [object, string][] = [
        [Array.prototype, "at"], // 92
        [Array.prototype, "findLast"], // 97
        [Array.prototype, "findLastIndex"], // 97
        [Array.prototype, "toSorted"], // 110
        [Array.prototype, "toReversed"], // 110
        [Array.prototype, "toSpliced"], // 110
        [Array.prototype, "with"], // 110
        [Array, "fromAsync"], // 121
        [String.prototype, "at"], // 92
        [String.prototype, "replaceAll"], // 85
        [String.prototype, "isWellFormed"], // 111
        [Object, "hasOwn"], // 93
        [Object, "groupBy"], // 117
        [Promise, "any"], // 85
        [Promise, "withResolvers"], // 119
        [globalThis, "structuredClone"], // 98
        [globalThis, "WeakRef"], // 84
        [globalThis, "AggregateError"], // 85
        [AbortSignal, "timeout"], // 103
        [AbortSignal, "any"], // 116
        [Crypto.prototype, "randomUUID"], // 92
        [Element.prototype, "replaceChildren"], // 86
        [globalThis, "DecompressionStream"], // 80, but asynchronous: the reader must not need it
      ];
      for (const [owner, name] of newer) delete (owner as Record<string, unknown>)[name];
    });
    const page = await open(context);
    expect(await page.evaluate(() => [typeof Object.hasOwn, typeof crypto.randomUUID])).toEqual([
      "undefined",
      "undefined",
    ]);
    await signIn(page);
    await drop(page, messyFile);
    expect(await tableRows(page)).toEqual(expectedRows(messyFile, "zh-CN"));
    await drop(page, fixedFile);
    await page.getByRole("button", { name: "同步" }).click();
    await page.locator("#rank", { hasText: "第 1 名" }).waitFor();
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    await context.close();
  });

  it("at 360 px, in English, with a file that is not a workbook refused in words", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: "zh-CN" });
    const page = await open(context);
    await signIn(page);
    await page.getByRole("button", { name: "English" }).click();
    expect(await page.locator("h1").textContent()).toBe("Submit the key-task list");
    await drop(page, messyFile);
    const rows = await tableRows(page);
    expect(rows.find((row) => row[1] === "任务清单!E6")?.[2]).toBe(
      "No owner: every project needs a named responsible person.",
    );
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(page, "messy-360-en");

    const notXlsx = join(mkdtempSync(join(tmpdir(), "juxing-submit-")), "名单.xlsx");
    writeFileSync(notXlsx, "序号,项目名称\n1,学习\n");
    await page.setInputFiles("#file", notXlsx);
    await page.locator("#status[data-tone='error']").waitFor();
    expect(await page.locator("#status").textContent()).toContain("This is not an Excel workbook (.xlsx)");
    expect(await page.locator("#results").isHidden()).toBe(true);
    await context.close();
  });

  it("the downloaded 校验结果 workbook holds every finding with its cell", async () => {
    const context = await browser.newContext({ acceptDownloads: true, locale: "zh-CN" });
    const page = await open(context);
    await signIn(page);
    await drop(page, messyFile);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "下载校验结果" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("校验结果-messy.xlsx");
    const path = await download.path();
    const book = readXlsx(readFileSync(path), { inflate: fflateInflate });
    const grid = book.sheets[0];
    expect(grid?.name).toBe("校验结果");
    expect(grid?.values[0]).toEqual(["严重程度", "代码", "工作表", "单元格", "列", "值", "说明"]);
    const expected = expectedRows(messyFile, "zh-CN");
    expect(grid?.values.length).toBe(expected.length + 1);
    // Same findings in the same order: code and message, the pane's columns.
    expect(grid?.values.slice(1).map((row) => [row[1], row[6]])).toEqual(
      expected.map((row) => [row[3], row[2]]),
    );
    // Excel's own reader opens it too.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    expect(workbook.getWorksheet("校验结果")?.getCell("D2").value).toBe(expected[0]?.[1]?.split("!")[1]);
    await context.close();
  });
});

describe("/submit in Firefox", () => {
  let firefox: FirefoxBrowser;
  beforeAll(async () => {
    firefox = await launchFirefox("zh-CN");
  }, 180_000);
  afterAll(() => firefox?.close(), 60_000);

  /** The rows of the findings table, as in tableRows. */
  const rowsIn = (page: FirefoxPage) =>
    page.$$eval("#findings tbody tr", (rows) =>
      rows.map((row) => Array.from(row.querySelectorAll("td"), (td) => td.textContent ?? "")),
    );

  /*
   * Waiting is polled from here: puppeteer's waitForFunction builds its predicate with `new
   * Function` inside the page, which the page's CSP (no eval) refuses in Firefox — a page error of
   * the test's own making.
   */
  async function until(condition: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${condition}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const textOf = (page: FirefoxPage, selector: string) =>
    page.$eval(selector, (element) => element.textContent ?? "");

  async function dropIn(page: FirefoxPage, file: string): Promise<void> {
    const before = await textOf(page, "#meta");
    const input = (await page.$("#file")) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    const name = file.split("/").pop() as string;
    await until(async () => {
      const meta = await textOf(page, "#meta");
      return meta !== before && meta.includes(name);
    });
  }

  it("sign in, drop messy.xlsx, see its findings by cell, drop a fixed copy, 同步, see the rank", async () => {
    const page = await firefox.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`${origin}/submit`);
    expect(await page.$eval("h1", (h1) => h1.textContent)).toBe("提交重点任务清单");

    await page.type("#token", token);
    await page.click("#signin button[type=submit]");
    await page.waitForSelector("#workspace:not([hidden])");
    expect(await page.$eval("#who", (who) => who.textContent)).toContain(BRANCH.name);

    await dropIn(page, messyFile);
    expect(await rowsIn(page)).toEqual(expectedRows(messyFile, "zh-CN"));
    mkdirSync(outDir, { recursive: true });
    await page.screenshot({ path: join(outDir, "submit-messy-1280-firefox.png"), fullPage: true });

    await dropIn(page, fixedFile);
    expect(await rowsIn(page)).toEqual(expectedRows(fixedFile, "zh-CN"));
    await page.click("#sync");
    await until(async () => (await textOf(page, "#rank")).includes("第 1 名"));
    expect(await page.$eval("#rank", (rank) => rank.textContent)).toBe("同步成功：2023-09 第 1 名。");
    expect(errors).toEqual([]);
    await page.close();
  });
});
