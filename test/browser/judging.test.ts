/**
 * 现场打分 in real headless Chromium at 360 px against a real `wrangler dev` with a fresh D1: a judge
 * signs in on a phone with the judge token, scores three branches, a save on a dropped connection
 * says so and keeps the typed value, a save without JavaScript is a plain form post, the projector
 * view shows how many judges have scored, and after close the result page shows the dropped scores
 * struck through. Screenshots go to test-output/.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, type DevServer, freePort, root, startDevServer } from "../../scripts/lib/stack.ts";
import { eventCreatedAnswer, judgeCreatedAnswer } from "../../shared/api/events.ts";
import { launchChromium } from "../helpers/browser.ts";

const ADMIN = `judging-admin-${process.pid}`;
const VIEWER = `judging-viewer-${process.pid}`;
const CAMPAIGN = "judging-2023";
const branches = [
  { code: "jb1", name: "县委组织部机关党支部" },
  { code: "jb2", name: "县财政局机关党支部" },
  { code: "jb3", name: "县教育局机关党支部" },
];
const outDir = join(root, "test-output");

let browser: Browser;
let server: DevServer | null = null;
let persistTo = "";
let origin = "";
let event = 0;
let phoneJudge = "";
const otherJudges: string[] = [];

async function call(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${origin}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  persistTo = mkdtempSync(join(tmpdir(), "juxing-judging-"));
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  await applyMigrations(persistTo);
  server = await startDevServer({ port, persistTo, vars: { ADMIN_TOKEN: ADMIN, VIEWER_KEY: VIEWER } });
  await call("POST", "/api/v1/admin/campaigns", ADMIN, { id: CAMPAIGN, name: "现场打分测试", year: 2023 });
  for (const b of branches) await call("POST", "/api/v1/admin/branches", ADMIN, { ...b, campaign: CAMPAIGN });
  event = eventCreatedAnswer.parse(
    await call("POST", "/api/v1/admin/events", ADMIN, {
      campaign: CAMPAIGN,
      name: "服务星大评选",
      period: "2023-06",
      date: "2023-06-20",
    }),
  ).id;
  for (let j = 1; j <= 5; j++) {
    const judge = judgeCreatedAnswer.parse(
      await call("POST", `/api/v1/admin/events/${event}/judges`, ADMIN, { name: `评委${j}` }),
    );
    if (j === 1) phoneJudge = judge.token;
    else otherJudges.push(judge.token);
  }
  // Four judges score from their own phones meanwhile (through the API).
  const others = [
    [90, 85, 88, 70],
    [60, 75, 80, 82],
    [95, 91, 93, 97],
  ];
  for (const [b, scores] of others.entries()) {
    for (const [j, score] of (scores as number[]).entries()) {
      await call("PUT", `/api/v1/events/${event}/scores/${branches[b]?.code}`, otherJudges[j] as string, {
        score,
      });
    }
  }
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
}, 60_000);

describe("a judge on a phone (360 px)", () => {
  it("signs in with the judge token, scores three branches, and the projector view counts them", async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, hasTouch: true });
    const page = await context.newPage();
    await page.goto(`${origin}/judge`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.fill("#key", phoneJudge);
    await page.click("button[type=submit].primary");
    await page.waitForURL(`${origin}/judge`);
    expect(await page.textContent("#progress")).toContain("已评 0/3");

    for (const [i, [b, score]] of [
      ["jb1", "99"],
      ["jb2", "78.5"],
      ["jb3", "94"],
    ].entries()) {
      const field = page.locator(`#s-${b}`);
      const box = await field.boundingBox();
      // a big field a thumb can hit
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
      await field.fill(score as string);
      await page.click(`#b-${b} button`);
      await page
        .locator(`#st-${b}`)
        .filter({ hasText: `已保存：${score} 分` })
        .waitFor();
      expect(await page.textContent("#progress")).toContain(`已评 ${i + 1}/3`);
      expect(await page.inputValue(`#s-${b}`)).toBe(score);
      expect(await page.textContent(`#st-${b}`)).toContain(`已保存：${score} 分`);
    }
    // A flaky connection: the save fails, says so, and the typed value stays for the next try
    await context.setOffline(true);
    await page.fill("#s-jb2", "81");
    await page.click("#b-jb2 button");
    await page.locator("#st-jb2").filter({ hasText: "网络不通" }).waitFor();
    expect(await page.inputValue("#s-jb2")).toBe("81");
    expect(await page.getAttribute("#b-jb2", "class")).toBe("failed");
    await page.screenshot({ path: join(outDir, "judging-offline-360.png"), fullPage: true });
    await context.setOffline(false);
    await page.click("#b-jb2 button");
    await page.locator("#st-jb2").filter({ hasText: "已保存：81 分" }).waitFor();
    expect(await page.textContent("#progress")).toContain("已评 3/3");

    // Without JavaScript each save is a plain form post and a page load
    const plain = await browser.newContext({
      viewport: { width: 360, height: 780 },
      javaScriptEnabled: false,
    });
    const noScript = await plain.newPage();
    await noScript.goto(`${origin}/login?next=/judge`);
    await noScript.fill("#key", phoneJudge);
    await noScript.click("button[type=submit].primary");
    await noScript.waitForURL(`${origin}/judge`);
    await noScript.fill("#s-jb3", "94");
    await Promise.all([noScript.waitForURL(/\/judge\?saved=jb3/), noScript.click("#b-jb3 button")]);
    expect(await noScript.textContent("#st-jb3")).toContain("已保存：94 分");
    await plain.close();

    // Nothing wider than the phone
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(outDir, "judging-judge-360.png"), fullPage: true });

    // The projector, from a leader's signed-in browser: counts only, refreshing itself
    const leader = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const screen = await leader.newPage();
    await screen.goto(`${origin}/login?next=/events/${event}/screen`);
    await screen.fill("#key", VIEWER);
    await screen.click("button[type=submit].primary");
    await screen.waitForURL(`${origin}/events/${event}/screen`);
    expect(await screen.getAttribute('meta[http-equiv="refresh"]', "content")).toBe("10");
    for (const b of ["jb1", "jb2", "jb3"]) {
      expect(await screen.textContent(`tr[data-code=${b}] td`)).toBe("已评 5/5");
    }
    expect(await screen.locator("s").count()).toBe(0);
    await screen.screenshot({ path: join(outDir, "judging-screen-1920.png"), fullPage: true });

    // The office closes the event; a late save on the phone says so and keeps the typed value
    await call("POST", `/api/v1/admin/events/${event}/close`, ADMIN);
    await page.fill("#s-jb2", "83");
    await page.click("#b-jb2 button");
    await page
      .locator("#st-jb2")
      .filter({ hasText: "没有保存成功：本场比赛已结束，分数没有保存。" })
      .waitFor();
    expect(await page.inputValue("#s-jb2")).toBe("83");

    // The result at 360 px: every judge's score, the highest and lowest struck through
    const result = await context.newPage();
    await leader.close();
    const viewer = await browser.newContext({ viewport: { width: 360, height: 780 } });
    const resultPage = await viewer.newPage();
    await resultPage.goto(`${origin}/login?next=/events/${event}`);
    await resultPage.fill("#key", VIEWER);
    await resultPage.click("button[type=submit].primary");
    await resultPage.waitForURL(`${origin}/events/${event}`);
    expect(await resultPage.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    // jb1: 70 85 88 90 99 → 70 and 99 dropped, 87.67; jb3 93 91 95 97 94 → 91 and 97 dropped, 94.00
    const jb1 = resultPage.locator("tr[data-code=jb1]");
    expect(await jb1.locator("s").allTextContents()).toEqual(["70", "99"]);
    expect(await jb1.locator(".mean").textContent()).toBe("87.67");
    const struck = await jb1
      .locator("s")
      .first()
      .evaluate((el) => getComputedStyle(el).textDecorationLine);
    expect(struck).toContain("line-through");
    expect(await resultPage.locator("tr[data-code=jb3] s").allTextContents()).toEqual(["91", "97"]);
    expect(await resultPage.getAttribute("tbody tr:first-child", "data-code")).toBe("jb3");
    expect(await resultPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await resultPage.screenshot({ path: join(outDir, "judging-result-360.png"), fullPage: true });
    await result.close();
    await viewer.close();
    await context.close();
  });
});
