/**
 * docs/quality.md: the task pane's JavaScript ≤ 150 KB gzipped, excluding office.js (which the page loads
 * from Microsoft's CDN and the bundle must not contain).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuildResult, buildAddin, formatSize, JS_BUDGET_BYTES } from "../../scripts/build-addin.ts";

let outDir: string;
let built: BuildResult;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "juxing-addin-"));
  built = await buildAddin(join(outDir, "addin"));
  console.log(
    `task pane JavaScript: ${formatSize(built.js.raw)} raw, ${formatSize(built.js.gzip)} gzipped (budget ${formatSize(JS_BUDGET_BYTES)}); CSS ${formatSize(built.css.gzip)} gzipped`,
  );
}, 60_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

describe("task pane build", () => {
  it("keeps the JavaScript within 150 KB gzipped", () => {
    expect(built.js.gzip).toBeLessThanOrEqual(JS_BUDGET_BYTES);
  });

  it("writes the page, script, styles and icons", () => {
    expect(built.files).toEqual(
      expect.arrayContaining([
        "taskpane.html",
        "taskpane.js",
        "taskpane.css",
        "assets/icon-16.png",
        "assets/icon-32.png",
        "assets/icon-64.png",
        "assets/icon-80.png",
      ]),
    );
  });

  it("loads office.js from Microsoft's CDN and does not bundle it", () => {
    const html = readFileSync(join(built.outDir, "taskpane.html"), "utf8");
    expect(html).toContain(
      '<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script>',
    );
    expect(html).toContain('<script type="module" src="taskpane.js"></script>');
    // No inline script (the Worker's CSP allows none).
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
    const js = readFileSync(join(built.outDir, "taskpane.js"), "utf8");
    expect(js).not.toContain("OfficeExtension.Promise");
    expect(js).not.toMatch(/from\s*"(node:|exceljs|fs)/);
  });

  it("tells a web view too old for the script, in words, without any script of its own", () => {
    const html = readFileSync(join(built.outDir, "taskpane.html"), "utf8");
    expect(html).toMatch(
      /<p class="old-webview" id="old-webview" role="alert"[^>]*>\s*此 Excel 使用的浏览器组件过旧/,
    );
    expect(html).toContain("Please update to Microsoft 365");
    const css = readFileSync(join(built.outDir, "taskpane.css"), "utf8");
    expect(css).toMatch(
      /\.old-webview\s*{[^}]*visibility:\s*hidden[^}]*animation:\s*old-webview-appear 0s 6s forwards/,
    );
  });

  it("carries no inline style attributes (the CSP allows stylesheet files only)", () => {
    const html = readFileSync(join(built.outDir, "taskpane.html"), "utf8");
    expect(html).not.toMatch(/\sstyle=/);
  });
});
