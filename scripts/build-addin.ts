/**
 * Builds the task pane into the Worker's static assets (`dist/public/addin/`): taskpane.html,
 * taskpane.js (esbuild: ESM, minified, es2022, browser), taskpane.css and the icons. office.js is
 * not bundled: the page loads it from Microsoft's CDN (store policy).
 *
 *   node scripts/build-addin.ts            # → dist/public/addin
 *   node scripts/build-addin.ts --out DIR  # elsewhere (tests)
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";

const root = resolve(import.meta.dirname, "..");
export const defaultOutDir = join(root, "dist", "public", "addin");
/** docs/quality.md: the pane's JavaScript, gzipped, excluding office.js. */
export const JS_BUDGET_BYTES = 150 * 1024;

export interface BuildResult {
  outDir: string;
  files: string[];
  js: { raw: number; gzip: number };
  css: { raw: number; gzip: number };
}

/**
 * `import { z } from "zod"` binds zod's whole namespace object, so the bundle keeps all of zod
 * (every locale, JSON Schema conversion: about 65 KB gzipped). `import * as z from "zod"` means the
 * same to the code and lets esbuild keep only what is used. The core (shared/) is also compiled for
 * the Worker and Node, where size does not matter; here its imports are read in the second form.
 */
export const zodNamespaceImports: Plugin = {
  name: "zod-namespace-imports",
  setup(b) {
    b.onLoad({ filter: /[\\/](shared|addin)[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      return {
        contents: source.replace(/import \{ z \} from "zod";/g, 'import * as z from "zod";'),
        loader: "ts",
      };
    });
  },
};

function version(): string {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version?: string };
  return pkg.version ?? "0.0.0";
}

export async function buildAddin(
  outDir = defaultOutDir,
  options: { metafile?: boolean } = {},
): Promise<BuildResult> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, "assets"), { recursive: true });

  const result = await build({
    entryPoints: [join(root, "addin", "src", "main.ts")],
    outfile: join(outDir, "taskpane.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: false,
    legalComments: "none",
    charset: "utf8",
    metafile: options.metafile === true,
    define: { __JUXING_VERSION__: JSON.stringify(version()) },
    plugins: [zodNamespaceImports],
    logLevel: "warning",
  });
  if (options.metafile && result.metafile) {
    // Outside dist/public: the Worker would serve anything there.
    writeFileSync(join(root, "dist", "addin-meta.json"), JSON.stringify(result.metafile));
  }

  await build({
    entryPoints: [join(root, "addin", "src", "taskpane.css")],
    outfile: join(outDir, "taskpane.css"),
    bundle: true,
    minify: true,
    charset: "utf8",
    logLevel: "warning",
  });

  copyFileSync(join(root, "addin", "taskpane.html"), join(outDir, "taskpane.html"));
  const assets = join(root, "addin", "assets");
  for (const name of readdirSync(assets)) {
    if (name.endsWith(".png")) copyFileSync(join(assets, name), join(outDir, "assets", name));
  }

  const js = readFileSync(join(outDir, "taskpane.js"));
  const css = readFileSync(join(outDir, "taskpane.css"));
  const files = [
    "taskpane.html",
    "taskpane.js",
    "taskpane.css",
    ...readdirSync(join(outDir, "assets")).map((f) => `assets/${f}`),
  ];
  for (const f of files) statSync(join(outDir, f));
  return {
    outDir,
    files,
    js: { raw: js.length, gzip: gzipSync(js, { level: 9 }).length },
    css: { raw: css.length, gzip: gzipSync(css, { level: 9 }).length },
  };
}

export function formatSize(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const at = args.indexOf("--out");
  const outDir = at >= 0 && args[at + 1] ? resolve(args[at + 1] as string) : defaultOutDir;
  const built = await buildAddin(outDir, { metafile: args.includes("--metafile") });
  console.log(
    `task pane → ${built.outDir}\n  taskpane.js  ${formatSize(built.js.raw)} (${formatSize(built.js.gzip)} gzipped; budget ${formatSize(JS_BUDGET_BYTES)})\n  taskpane.css ${formatSize(built.css.raw)} (${formatSize(built.css.gzip)} gzipped)`,
  );
  if (built.js.gzip > JS_BUDGET_BYTES) {
    console.error("taskpane.js is over the JavaScript budget (docs/quality.md)");
    process.exitCode = 1;
  }
}
