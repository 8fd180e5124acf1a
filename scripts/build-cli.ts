/**
 * Bundles the command line into `dist/cli/` (esbuild: ESM, one chunk per command, so `validate`
 * still loads only what it runs). Node then loads a few files instead of some fifty TypeScript
 * modules: on this machine that is half the start of `juxing validate` of one list.
 * `bin/juxing.js` runs the bundle only while every source it was built from is unchanged
 * (`dist/cli/inputs.json` keeps their modification times), and the sources otherwise, so an edit
 * never runs stale code. `npm run build` and `npm start` build it.
 *
 *   node scripts/build-cli.ts
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
export const cliOutDir = join(root, "dist", "cli");

export async function buildCli(outDir = cliOutDir): Promise<{ outDir: string; inputs: number }> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: { juxing: join(root, "cli", "main.ts") },
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    // ExcelJS (template and the test oracle only) stays a package: it requires its own files.
    external: ["exceljs", "jszip"],
    metafile: true,
    logLevel: "warning",
  });
  const inputs = Object.keys(result.metafile.inputs).map((input) => {
    const path = join(root, input);
    return { path, mtimeMs: statSync(path).mtimeMs };
  });
  writeFileSync(join(outDir, "inputs.json"), JSON.stringify({ inputs }));
  return { outDir, inputs: inputs.length };
}

if (import.meta.main) {
  const built = await buildCli();
  console.log(`command line → ${built.outDir} (${built.inputs} sources)`);
}
