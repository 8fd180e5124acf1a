/**
 * The command line's bundle (scripts/build-cli.ts): what it runs is what the sources run, `validate`
 * loads only what it needs, and bin/juxing.js never runs a bundle older than its sources.
 */
import { execFile } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { buildCli } from "../../scripts/build-cli.ts";
import { fixtureWorkbooks } from "../helpers/fixtures.ts";

const root = join(import.meta.dirname, "..", "..");

/** Runs `main` of a command line module (the bundle's or the sources') as a process of its own. */
async function run(entry: string, args: string[]): Promise<{ code: number; stdout: string }> {
  const script = `const { main } = await import(${JSON.stringify(pathToFileURL(entry).href)});
process.exitCode = await main(${JSON.stringify(args)});`;
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
      cwd: root,
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

describe("the bundled command line", () => {
  // Inside the repository, so the bundle finds node_modules as the real one does.
  mkdirSync(join(root, "dist"), { recursive: true });
  const outDir = mkdtempSync(join(root, "dist", "test-cli-"));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));
  const built = buildCli(outDir);

  it.each(fixtureWorkbooks)("validates $name exactly as the sources do", async ({ file, expected }) => {
    await built;
    const args = ["validate", file, "--as-of", expected.asOf, "--json"];
    const [bundled, sources] = await Promise.all([
      run(join(outDir, "juxing.mjs"), args),
      run(join(root, "cli", "main.ts"), args),
    ]);
    expect(bundled.code).toBe(sources.code);
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(sources.stdout));
  });

  it("loads neither zod, fflate nor ExcelJS for validate", async () => {
    await built;
    const entry = readFileSync(join(outDir, "juxing.mjs"), "utf8");
    const validateChunk = /import\("\.\/(validate-[\w-]+\.mjs)"\)/.exec(entry)?.[1];
    expect(validateChunk).toMatch(/^validate-[\w-]+\.mjs$/);
    // Every chunk validate loads before it runs: its static imports, and theirs.
    const loaded = new Set<string>();
    const pending = [validateChunk as string];
    while (pending.length > 0) {
      const chunk = pending.pop() as string;
      if (loaded.has(chunk)) continue;
      loaded.add(chunk);
      const code = readFileSync(join(outDir, chunk), "utf8");
      for (const [, imported] of code.matchAll(/^(?:import|export)\b[^;]*?["']\.\/([\w-]+\.mjs)["'];?$/gms))
        pending.push(imported as string);
      expect(code).not.toMatch(/^\/\/ node_modules\/(zod|fflate)\//m);
      expect(code).not.toMatch(/from "(exceljs|jszip)"/);
    }
    expect(loaded.size).toBeGreaterThan(1);
  });
});

describe("bin/juxing.js", () => {
  /** A stand-in repository: bin/juxing.js as it is, a source and a bundle that say which ran. */
  function standIn() {
    const dir = mkdtempSync(join(tmpdir(), "juxing-bin-"));
    mkdirSync(join(dir, "bin"));
    mkdirSync(join(dir, "cli"));
    mkdirSync(join(dir, "dist", "cli"), { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    copyFileSync(join(root, "bin", "juxing.js"), join(dir, "bin", "juxing.js"));
    const source = join(dir, "cli", "main.ts");
    const says = (who: string) =>
      `export async function main(): Promise<number> { console.log("${who}"); return 0; }\n`;
    writeFileSync(source, says("sources"));
    writeFileSync(join(dir, "dist", "cli", "juxing.mjs"), says("bundle").replace(": Promise<number>", ""));
    const { size, mtimeMs } = statSync(source);
    writeFileSync(
      join(dir, "dist", "cli", "inputs.json"),
      JSON.stringify({ inputs: [{ path: source, size, mtimeMs }] }),
    );
    const juxing = async () =>
      (await promisify(execFile)(process.execPath, [join(dir, "bin", "juxing.js")])).stdout.trim();
    return { dir, source, juxing };
  }

  it("runs the bundle while its sources are as they were built", async () => {
    const { juxing } = standIn();
    expect(await juxing()).toBe("bundle");
  });

  it("runs the sources once one is edited, even when the edit keeps its modification time", async () => {
    const { source, juxing } = standIn();
    const { atime, mtime } = statSync(source);
    writeFileSync(source, readFileSync(source, "utf8").replace("sources", "sources, edited"));
    utimesSync(source, atime, mtime);
    expect(await juxing()).toBe("sources, edited");
    writeFileSync(source, readFileSync(source, "utf8").replace("sources, edited", "sources"));
    expect(statSync(source).mtimeMs).not.toBe(mtime.getTime());
    expect(await juxing()).toBe("sources");
  });

  it("runs the sources when a source is gone or the bundle half written", async () => {
    const first = standIn();
    rmSync(join(first.dir, "dist", "cli", "inputs.json"));
    expect(await first.juxing()).toBe("sources");
    const second = standIn();
    const other = join(second.dir, "cli", "other.ts");
    writeFileSync(other, "");
    const { size, mtimeMs } = statSync(other);
    writeFileSync(
      join(second.dir, "dist", "cli", "inputs.json"),
      JSON.stringify({ inputs: [{ path: other, size, mtimeMs }] }),
    );
    rmSync(other);
    expect(await second.juxing()).toBe("sources");
  });
});
