/**
 * Real browsers for the browser and end-to-end tests: Debian's chromium through playwright-core,
 * Debian's firefox-esr through puppeteer-core (WebDriver BiDi; playwright-core drives only its own
 * patched Firefox builds), and the simulated Excel host bundled to stand in for office.js at its
 * CDN address.
 */
import { join } from "node:path";
import { build } from "esbuild";
import { type Browser, type BrowserContext, chromium } from "playwright-core";
import puppeteer, { type Browser as FirefoxBrowser } from "puppeteer-core";
import type { Book } from "../../shared/grid.ts";

export const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export const FIREFOX = "/usr/bin/firefox-esr";

/** Firefox ESR, asking pages for `language` first as a Chinese-speaking user's browser does. */
export function launchFirefox(language = "zh-CN"): Promise<FirefoxBrowser> {
  return puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    protocolTimeout: 120_000,
    extraPrefsFirefox: { "intl.accept_languages": language },
  });
}

/** office.js for a page: the simulated host holding `book` (Dates survive as { $date }). */
export async function fakeOfficeBundle(book: Book): Promise<string> {
  const json = JSON.stringify(book, function (key, value) {
    const raw = (this as Record<string, unknown>)[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : value;
  });
  const result = await build({
    entryPoints: [join(import.meta.dirname, "..", "browser", "fake-office-entry.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "warning",
  });
  return `globalThis.__JUXING_BOOK__ = ${JSON.stringify(json)};\n${result.outputFiles[0]?.text ?? ""}`;
}

/** Serves `officeJs` wherever a page of this context asks Microsoft's CDN for office.js. */
export async function routeOfficeJs(context: BrowserContext, officeJs: string): Promise<void> {
  await context.route(OFFICE_JS, (route) =>
    route.fulfill({ status: 200, contentType: "application/javascript; charset=utf-8", body: officeJs }),
  );
}
