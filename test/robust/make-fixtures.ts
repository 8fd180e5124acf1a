/**
 * Regenerates test/fixtures/robust/: the only corpus files another program must write. Needs
 * LibreOffice (`apt-get install -y --no-install-recommends libreoffice-calc-nogui`); CI does not
 * run this — the outputs are committed. Usage: `node test/robust/make-fixtures.ts`.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { bytesOf, datedWorkbook } from "./corpus.ts";

const root = join(import.meta.dirname, "..", "..");
const out = join(root, "test", "fixtures", "robust");
const work = mkdtempSync(join(tmpdir(), "juxing-lo-"));

/** Converts `source` with LibreOffice's `filter` into `work/<name>`, using a throwaway profile. */
function convert(source: string, extension: string, filter: string): string {
  execFileSync(
    "soffice",
    [
      `-env:UserInstallation=${pathToFileURL(join(work, "profile")).href}`,
      "--headless",
      "--convert-to",
      `${extension}:${filter}`,
      "--outdir",
      join(work, "out"),
      source,
    ],
    { stdio: "inherit" },
  );
  return join(work, "out", source.replace(/^.*\//, "").replace(/\.[^.]+$/, `.${extension}`));
}

try {
  mkdirSync(out, { recursive: true });
  const canonical = join(work, "canonical.xlsx");
  copyFileSync(join(root, "test", "fixtures", "workbooks", "canonical.xlsx"), canonical);
  copyFileSync(convert(canonical, "xlsx", "Calc MS Excel 2007 XML"), join(out, "libreoffice.xlsx"));
  copyFileSync(convert(canonical, "xls", "MS Excel 97"), join(out, "legacy.xls"));

  const dated = join(work, "dated-1904.xlsx");
  writeFileSync(dated, await bytesOf(datedWorkbook(true)));
  copyFileSync(convert(dated, "xlsx", "Calc MS Excel 2007 XML"), join(out, "libreoffice-1904.xlsx"));
} finally {
  rmSync(work, { recursive: true, force: true });
}
