/** The fixture workbooks and what each must yield (test/fixtures/README.md). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const fixturesDir = join(import.meta.dirname, "..", "fixtures");
export const workbooksDir = join(fixturesDir, "workbooks");

export interface Expected {
  about: string;
  asOf: string;
  branch: { name: string; code?: string };
  period: string | null;
  projects: number;
  mustFind: { code: string; sheet: string | null; cell: string | null }[];
  errorFreeRows: { sheet: string; rows: number[] };
  maxIssues?: number;
  score?: { total: number; byCategory: Record<string, number>; tolerance: number };
}

export const fixtureWorkbooks = readdirSync(workbooksDir)
  .filter((f) => f.endsWith(".expected.json"))
  .map((f) => {
    const name = f.replace(/\.expected\.json$/, "");
    return {
      name,
      file: join(workbooksDir, `${name}.xlsx`),
      expected: JSON.parse(readFileSync(join(workbooksDir, f), "utf8")) as Expected,
    };
  });

interface FindingLike {
  code: string;
  severity: string;
  sheet: string | null;
  cell: string | null;
  row: number | null;
}

interface ReportLike {
  branch: { name: string | null; code: string | null };
  period: string | null;
  projects: number;
  findings: FindingLike[];
  score: { total: number; byCategory: Record<string, number> };
}

/** Every statement of an .expected.json, as a list of failures (empty when the report meets it all). */
export function unmet(expected: Expected, report: ReportLike): string[] {
  const problems: string[] = [];
  for (const want of expected.mustFind) {
    const hit = report.findings.some(
      (f) => f.code === want.code && (want.sheet === null || f.sheet === want.sheet) && f.cell === want.cell,
    );
    if (!hit) problems.push(`missing ${want.code} at ${want.sheet ?? "*"}!${want.cell}`);
  }
  for (const f of report.findings) {
    if (
      f.severity === "error" &&
      f.sheet === expected.errorFreeRows.sheet &&
      f.row !== null &&
      expected.errorFreeRows.rows.includes(f.row)
    ) {
      problems.push(`error ${f.code} at ${f.sheet}!${f.cell} on an error-free row`);
    }
  }
  if (expected.maxIssues !== undefined && report.findings.length > expected.maxIssues) {
    problems.push(
      `${report.findings.length} findings, at most ${expected.maxIssues} allowed: ${report.findings.map((f) => `${f.code}@${f.cell}`).join(", ")}`,
    );
  }
  if (report.branch.name !== expected.branch.name)
    problems.push(`branch name ${report.branch.name} ≠ ${expected.branch.name}`);
  if (expected.branch.code !== undefined && report.branch.code !== expected.branch.code) {
    problems.push(`branch code ${report.branch.code} ≠ ${expected.branch.code}`);
  }
  if (report.period !== expected.period) problems.push(`period ${report.period} ≠ ${expected.period}`);
  if (report.projects !== expected.projects)
    problems.push(`${report.projects} projects ≠ ${expected.projects}`);
  if (expected.score) {
    const { total, byCategory, tolerance } = expected.score;
    if (Math.abs(report.score.total - total) > tolerance)
      problems.push(`total ${report.score.total} ≠ ${total}`);
    for (const [key, want] of Object.entries(byCategory)) {
      const got = report.score.byCategory[key] ?? Number.NaN;
      if (!(Math.abs(got - want) <= tolerance)) problems.push(`${key} ${got} ≠ ${want}`);
    }
  }
  return problems;
}
