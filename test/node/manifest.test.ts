/**
 * The add-in manifest, committed (development URLs) and generated for production, validated offline
 * against Microsoft's XSDs (test/fixtures/schemas/office-addin-manifest) with xmllint-wasm.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { checkBaseUrl, ManifestUrlError, manifestPath, productionManifest } from "../../scripts/manifest.ts";
import { fixturesDir } from "../helpers/fixtures.ts";

const schemaDir = join(fixturesDir, "schemas", "office-addin-manifest");
const MAIN = "OfficeAppManifestV1_1.xsd";
const committed = readFileSync(manifestPath, "utf8");

async function validate(xml: string) {
  const schemas = readdirSync(schemaDir).filter((f) => f.endsWith(".xsd"));
  const file = (name: string) => ({ fileName: name, contents: readFileSync(join(schemaDir, name), "utf8") });
  return validateXML({
    xml: [{ fileName: "manifest.xml", contents: xml }],
    schema: [file(MAIN)],
    preload: schemas.filter((f) => f !== MAIN).map(file),
  });
}

describe("manifest.xml", () => {
  it("validates against the XSDs", async () => {
    const result = await validate(committed);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("rejects a broken manifest (the validation has teeth)", async () => {
    const broken = committed.replace(
      "<Permissions>ReadWriteDocument</Permissions>",
      "<Permissions>Everything</Permissions>",
    );
    const result = await validate(broken);
    expect(result.valid).toBe(false);
  });

  it("is a Workbook task pane opened from the Home tab, zh-CN with en-US overrides", () => {
    expect(committed).toContain('xsi:type="TaskPaneApp"');
    expect(committed).toContain('<Host Name="Workbook" />');
    expect(committed).toContain("<DefaultLocale>zh-CN</DefaultLocale>");
    expect(committed).toContain('<OfficeTab id="TabHome">');
    expect(committed).toContain('<Action xsi:type="ShowTaskpane">');
    expect(committed).toContain(
      '<SourceLocation DefaultValue="https://localhost:8787/addin/taskpane.html" />',
    );
    expect(committed).toContain("<Permissions>ReadWriteDocument</Permissions>");
    for (const size of [16, 32, 80])
      expect(committed).toContain(`<bt:Image size="${size}" resid="Juxing.Icon.${size}" />`);
    // Every localized string has an en-US override.
    const strings =
      committed.match(/<bt:String id="[^"]+" DefaultValue="[^"]+">\s*<bt:Override Locale="en-US"/g) ?? [];
    const all = committed.match(/<bt:String id=/g) ?? [];
    expect(strings.length).toBe(all.length);
    expect(committed).toMatch(/<DisplayName DefaultValue="[^"]+">\s*<Override Locale="en-US"/);
    expect(committed).toMatch(/<Description DefaultValue="[^"]+">\s*<Override Locale="en-US"/);
  });

  it("names icons that exist", () => {
    for (const match of committed.matchAll(/https:\/\/localhost:8787\/addin\/(assets\/icon-\d+\.png)/g)) {
      const file = join(import.meta.dirname, "..", "..", "addin", match[1] as string);
      expect(readFileSync(file).subarray(1, 4).toString()).toBe("PNG");
    }
  });
});

describe("production manifest (npm run manifest -- --url …)", () => {
  const prod = productionManifest(committed, "https://juxing.example.workers.dev/");

  it("replaces every localhost URL", () => {
    expect(prod).not.toContain("localhost");
    expect(prod).toContain(
      '<SourceLocation DefaultValue="https://juxing.example.workers.dev/addin/taskpane.html" />',
    );
    expect(prod).toContain("<AppDomain>https://juxing.example.workers.dev</AppDomain>");
    expect(prod).toContain('DefaultValue="https://juxing.example.workers.dev/addin/assets/icon-80.png"');
  });

  it("validates against the XSDs", async () => {
    const result = await validate(prod);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("keeps a path prefix and gives AppDomain the origin", () => {
    const sub = productionManifest(committed, "https://office.example.gov.cn/juxing");
    expect(sub).toContain('DefaultValue="https://office.example.gov.cn/juxing/addin/taskpane.html"');
    expect(sub).toContain("<AppDomain>https://office.example.gov.cn</AppDomain>");
  });

  it("accepts https only", () => {
    expect(checkBaseUrl("https://a.example/")).toBe("https://a.example");
    for (const bad of [
      "http://juxing.example.workers.dev",
      "ftp://x.example",
      "juxing.example.workers.dev",
      "https://user:pw@x.example",
      "https://x.example/?a=1",
      "https://localhost:8787",
      "",
    ]) {
      expect(() => checkBaseUrl(bad), bad).toThrow(ManifestUrlError);
    }
  });
});
