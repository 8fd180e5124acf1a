/**
 * Bundles the command line into `dist/cli/` (esbuild: ESM, one chunk per command, so `validate`
 * still loads only what it runs). Node then loads a few files instead of some fifty TypeScript
 * modules: on this machine that is half the start of `juxing validate` of one list.
 * `bin/juxing.js` runs the bundle only while every source it was built from is unchanged
 * (`dist/cli/inputs.json` keeps their sizes and modification times, and is written last), and the
 * sources otherwise, so an edit never runs stale code. `npm install` builds it (postinstall, with
 * `--if-possible`: an install without esbuild, or into a folder it cannot write, keeps the
 * sources rather than failing); so do `npm run build` and `npm start`.
 *
 *   node scripts/build-cli.ts [--if-possible]
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
export const cliOutDir = join(root, "dist", "cli");

export async function buildCli(outDir = cliOutDir): Promise<{ outDir: string; inputs: number }> {
  // Imported here, not above: an install without devDependencies has no esbuild (--if-possible).
  const { build } = await import("esbuild");
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
    const { size, mtimeMs } = statSync(path);
    return { path, size, mtimeMs };
  });
  writeFileSync(join(outDir, "inputs.json"), JSON.stringify({ inputs }));
  return { outDir, inputs: inputs.length };
}

// import.meta.main is Node 24's; the postinstall may run on Node 22.
if (import.meta.main ?? process.argv[1] === import.meta.filename) {
  try {
    const built = await buildCli();
    console.log(`command line → ${built.outDir} (${built.inputs} sources)`);
  } catch (error) {
    if (!process.argv.includes("--if-possible")) throw error;
    console.log(`juxing: the command line runs from its sources (no bundle: ${(error as Error).message})`);
  }
}
