import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { readWorkbookFile as readBookFile } from "../../cli/read-workbook.ts";
import { analyzeBook, evaluate } from "../../shared/analyze.ts";
import { sortFindings } from "../../shared/findings.ts";
import { evaluationInput, submissionFromReport, submissionSchema } from "../../shared/submission.ts";
import { fixturesDir, fixtureWorkbooks, unmet } from "../helpers/fixtures.ts";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");

describe.each(fixtureWorkbooks)("fixture $name", ({ file, expected }) => {
  it("meets its .expected.json through the core", async () => {
    const report = analyzeBook(await readBookFile(file), { asOf: expected.asOf });
    expect(unmet(expected, { ...report, projects: report.projects.length })).toEqual([]);
  });

  it("scores the same when the server re-checks its submission", async () => {
    const report = analyzeBook(await readBookFile(file), { asOf: expected.asOf });
    const sent = submissionFromReport(report, {
      campaign: "c",
      branch: "b1",
      period: report.period ?? expected.asOf.slice(0, 7),
      workbook: { name: "list.xlsx", sha256: "0".repeat(64) },
      client: { app: "cli", version: "1" },
    });
    const received = submissionSchema.parse(JSON.parse(JSON.stringify(sent)));
    const server = evaluate(evaluationInput(received), { asOf: expected.asOf });
    // The workbook-level findings (branch, period, columns) come from the file, which the server never sees.
    const fromRows = report.findings.filter((f) => !/^(info|sheet|column)\./.test(f.code));
    expect(sortFindings(server.findings)).toEqual(fromRows);
    expect(server.score).toEqual(report.score);
    expect(server.projects).toEqual(report.projects);
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
