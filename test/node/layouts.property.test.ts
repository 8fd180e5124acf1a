/**
 * Every layout of the same list reads as the same list (issue 15): the generator in
 * test/helpers/layouts.ts writes one list of projects in each way offices keep it, and the core
 * must find the same projects, stars, findings (up to their cells) and score in each.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeBook, type Report } from "../../shared/analyze.ts";
import {
  canonicalSpec,
  type Layout,
  type ListSpec,
  layoutBook,
  namedLayouts,
  writtenBranch,
} from "../helpers/layouts.ts";

const asOf = "2023-06-30";
let spec: ListSpec;
let canonical: Report;

beforeAll(async () => {
  spec = await canonicalSpec();
  canonical = analyzeBook(layoutBook(spec, namedLayouts.canonical as Layout), { asOf });
});

/** What must not depend on the layout: projects in order with their stars, findings by project, the score. */
function reading(report: Report) {
  const projectAt = new Map(report.projects.map((p, i) => [`${p.sheet}|${p.row}`, i]));
  return {
    projects: report.projects.map((p) => [p.category, p.status, p.deadline, p.clear, p.overdue]),
    findings: report.findings.map((f) => [
      f.code,
      f.severity,
      f.sheet ? projectAt.get(`${f.sheet}|${f.row}`) : null,
    ]),
    score: report.score,
  };
}

describe.each(Object.entries(namedLayouts))("the canonical list laid out as %s", (_, layout) => {
  it("scores as the canonical, every project with its star, branch and period found", () => {
    const report = analyzeBook(layoutBook(spec, layout), { asOf });
    expect(report.projects).toHaveLength(14);
    expect(report.findings.filter((f) => f.code.startsWith("category."))).toEqual([]);
    expect(reading(report)).toEqual(reading(canonical));
    expect(report.score.total).toBeCloseTo(68.8, 9);
    expect(report.branch.name).toBe(writtenBranch(spec, layout));
    expect(report.period).toBe("2023-06");
  });
});
