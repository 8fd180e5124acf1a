/**
 * Builds the /submit page into the Worker's static assets (`dist/public/submit/`): submit.html,
 * submit.js (esbuild: ESM, minified, syntax lowered to Chromium 80 for the 信创 browsers, see
 * submit/src/compat.ts) and submit.css. The page bundles the shared reader and core: the workbook
 * is read in the browser.
 *
 *   node scripts/build-submit.ts            # → dist/public/submit
 *   node scripts/build-submit.ts --out DIR  # elsewhere
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { formatSize, zodNamespaceImports } from "./build-addin.ts";

const root = resolve(import.meta.dirname, "..");
export const defaultSubmitDir = join(root, "dist", "public", "submit");

export async function buildSubmit(outDir = defaultSubmitDir): Promise<{ outDir: string; jsGzip: number }> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: string })
    .version;
  await build({
    entryPoints: [join(root, "submit", "src", "main.ts")],
    outfile: join(outDir, "submit.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "chrome80",
    minify: true,
    legalComments: "none",
    charset: "utf8",
    define: { __JUXING_VERSION__: JSON.stringify(version ?? "0.0.0") },
    plugins: [zodNamespaceImports],
    logLevel: "warning",
  });
  await build({
    entryPoints: [join(root, "submit", "src", "submit.css")],
    outfile: join(outDir, "submit.css"),
    bundle: true,
    minify: true,
    target: "chrome80",
    charset: "utf8",
    logLevel: "warning",
  });
  copyFileSync(join(root, "submit", "submit.html"), join(outDir, "submit.html"));
  return { outDir, jsGzip: gzipSync(readFileSync(join(outDir, "submit.js")), { level: 9 }).length };
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--out");
  const built = await buildSubmit(at >= 0 && args[at + 1] ? resolve(args[at + 1] as string) : undefined);
  console.log(`/submit page → ${built.outDir}\n  submit.js ${formatSize(built.jsGzip)} gzipped`);
}
