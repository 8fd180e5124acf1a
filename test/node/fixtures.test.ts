import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { readBookFile } from "../../cli/xlsx.ts";
import { analyzeBook } from "../../shared/analyze.ts";
import { fixturesDir, fixtureWorkbooks, unmet } from "../helpers/fixtures.ts";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");

describe.each(fixtureWorkbooks)("fixture $name", ({ file, expected }) => {
  it("meets its .expected.json through the core", async () => {
    const report = analyzeBook(await readBookFile(file), { asOf: expected.asOf });
    expect(unmet(expected, { ...report, projects: report.projects.length })).toEqual([]);
  });

  it("meets its .expected.json through the command line", async () => {
    const { stdout } = await run(
      "npm",
      ["run", "--silent", "juxing", "--", "validate", file, "--as-of", expected.asOf, "--json"],
      {
        cwd: root,
      },
    ).catch((error: { stdout: string; code: number }) => ({ stdout: error.stdout, code: error.code }));
    const json = JSON.parse(stdout) as { files: [Parameters<typeof unmet>[1] & { ok: boolean }] };
    expect(json.files).toHaveLength(1);
    expect(json.files[0].ok).toBe(true);
    expect(unmet(expected, json.files[0])).toEqual([]);
  });
});

it("has every fixture of ../shared, unchanged, when ../shared is there", () => {
  const shared = join(root, "..", "shared", "fixtures");
  if (!existsSync(shared)) return;
  const files = readdirSync(join(shared, "workbooks"));
  expect(files.length).toBeGreaterThan(0);
  for (const name of files) {
    expect(
      readFileSync(join(fixturesDir, "workbooks", name)).equals(
        readFileSync(join(shared, "workbooks", name)),
      ),
      name,
    ).toBe(true);
  }
  expect(readFileSync(join(fixturesDir, "branches.json"), "utf8")).toBe(
    readFileSync(join(shared, "branches.json"), "utf8"),
  );
});
