/**
 * Every layout of the same list reads as the same list (issue 15): the generator in
 * test/helpers/layouts.ts writes one list of projects in each way offices keep it, and the core
 * must find the same projects, stars, findings (up to their cells) and score in each.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { readBook } from "../../cli/xlsx.ts";
import { analyzeBook, type Report } from "../../shared/analyze.ts";
import { type Finding, renderFinding } from "../../shared/findings.ts";
import type { Book, CellValue, Grid } from "../../shared/grid.ts";
import {
  baseLayout,
  canonicalSpec,
  type Layout,
  type ListProject,
  type ListSpec,
  layoutBook,
  namedLayouts,
  writtenBranch,
  xlsxOf,
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
    // As a sorted list: per-star sheets number their rows from the top of each sheet.
    findings: report.findings
      .map((f) => `${f.code}|${f.severity}|${f.sheet ? projectAt.get(`${f.sheet}|${f.row}`) : "-"}`)
      .sort(),
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

describe("one sheet per month", () => {
  const monthly = namedLayouts["one sheet per month"] as Layout;

  it("reads the month the settings report, and takes that month as the period", () => {
    const report = analyzeBook(layoutBook(spec, monthly), { asOf, overrides: { period: "2023-05" } });
    expect(report.table?.sheets).toEqual(["5月"]);
    expect(report.period).toBe("2023-05");
    // May's list had not started anything: it scores less than June's.
    expect(report.score.total).toBeLessThan(canonical.score.total);
  });

  it("reads the latest month not after the as-of date", () => {
    const report = analyzeBook(layoutBook(spec, { ...monthly, info: "file" }), { asOf: "2023-05-31" });
    expect(report.table?.sheets).toEqual(["5月"]);
    expect(analyzeBook(layoutBook(spec, monthly), { asOf }).table?.sheets).toEqual(["6月"]);
  });

  it("skips the hidden month unless no visible sheet holds a list", () => {
    const book = layoutBook(spec, monthly);
    expect(analyzeBook(book, { asOf, overrides: { period: "2023-04" } }).table?.sheets).toEqual(["6月"]);
    for (const sheet of book.sheets) sheet.hidden = true;
    expect(analyzeBook(book, { asOf, overrides: { period: "2023-04" } }).table?.sheets).toEqual(["4月"]);
  });
});

describe("stars", () => {
  const noStars = (): Book => {
    const book = layoutBook(spec, { ...(namedLayouts.canonical as Layout), stars: "sections-typed" });
    const list = book.sheets[1] as Grid;
    list.values = list.values.filter(
      (row) => !(row.length === 1 && typeof row[0] === "string" && /、/.test(row[0])),
    );
    return book;
  };

  it("gives a list that names no star one category.none, not an error on every row", () => {
    const report = analyzeBook(noStars(), { asOf });
    const codes = report.findings.map((f) => f.code);
    expect(codes.filter((c) => c === "category.none")).toHaveLength(1);
    expect(codes).not.toContain("category.unknown");
    expect(codes).not.toContain("campaign.category-empty");
    expect(report.score.byCategory).toMatchObject({ model: 0, service: 0, vanguard: 0 });
  });

  it("keeps category.unknown for a star cell that names none of the three", () => {
    const book = layoutBook(spec, { ...(namedLayouts.canonical as Layout), stars: "column" });
    const list = book.sheets[1] as Grid;
    (list.values[3] as CellValue[])[1] = "先进星";
    const report = analyzeBook(book, { asOf });
    expect(report.findings.filter((f) => f.code.startsWith("category."))).toMatchObject([
      { code: "category.unknown", cell: "B4", value: "先进星" },
    ]);
  });

  it("does not take a project that names a star for a section row", () => {
    const book = layoutBook(spec, namedLayouts["section rows typed"] as Layout);
    const report = analyzeBook(book, { asOf });
    expect(report.projects.map((p) => p.name)).toContain("服务星大评选");
  });
});

describe("year.month time nodes", () => {
  const withDeadlines = (): ListSpec => {
    const projects = spec.projects.map((p) => ({ ...p }));
    Object.assign(projects[2] as ListProject, { deadline: 2023.12 });
    Object.assign(projects[5] as ListProject, { deadline: 2023.6 });
    // Typed 2023.10: Excel keeps 2023.1, and shows it with two decimals only through the format.
    Object.assign(projects[9] as ListProject, { deadline: 2023.1, deadlineFormat: "0.00" });
    return { ...spec, projects };
  };

  it("reads 2023.12, 2023.6 and 2023.10 (shown with two decimals) as their months, from an .xlsx file", async () => {
    const book = await readBook(await xlsxOf(layoutBook(withDeadlines(), namedLayouts.canonical as Layout)));
    const report = analyzeBook(book, { asOf });
    expect(report.findings.filter((f) => f.code.startsWith("deadline."))).toEqual([]);
    const due = report.projects.map((p) => (p.deadline.kind === "date" ? p.deadline.date : p.deadline.kind));
    expect([due[2], due[5], due[9]]).toEqual(["2023-12-31", "2023-06-30", "2023-10-31"]);
  });

  it("warns when nothing tells 2023.1 from 2023.10, and uses January", () => {
    const list = withDeadlines();
    Object.assign(list.projects[9] as ListProject, { deadlineFormat: undefined });
    const report = analyzeBook(layoutBook(list, namedLayouts.canonical as Layout), { asOf });
    expect(report.findings.filter((f) => f.code.startsWith("deadline."))).toMatchObject([
      { code: "deadline.ambiguous", severity: "warning", cell: "F12", value: 2023.1 },
      { code: "deadline.overdue", cell: "F12" },
    ]);
    expect(renderFinding(report.findings[0] as Finding, "zh-CN")).toContain("2023-10-31");
  });
});

describe("any list, in any layout", () => {
  const project: fc.Arbitrary<ListProject> = fc
    .record({
      star: fc.constantFrom("model", "service", "vanguard"),
      name: fc.constantFrom("学习大研讨", "服务星大评选", "技能大比武", "红地标创建", "网格连心", "先锋岗"),
      target: fc.constantFrom(
        "每月开展1次专题学习，形成研讨材料1份",
        "窗口服务群众满意度达到98%以上",
        "制定支部议事规则，形成制度汇编",
        "全面提升服务水平",
        "确保取得实效",
        "",
      ),
      owner: fc.constantFrom("王建华", "支部书记", "李红梅、陈晓燕", "待定", "某某", "全体党员", ""),
      deadline: fc.constantFrom<CellValue>(
        "2023-04-30",
        "2023年12月底前",
        "每季度",
        "长期坚持",
        2023.12,
        2023.6,
        2023.1,
        "7月1日、9月30日",
        "",
        "明年",
      ),
      status: fc.constantFrom("未启动", "推进中", "已完成", "已验收", null),
      progress: fc.constantFrom<CellValue>("0%", "50%", "100%", 0.8, null),
      evidence: fc.constantFrom("会议记录", "", null),
    })
    .map((p) => ({ ...p, evidence: p.evidence || null }));
  const list = fc.array(project, { minLength: 1, maxLength: 16 }).map((projects) => ({
    projects: projects.map((p, i) => ({ ...p, name: `${p.name}${i + 1}` })),
  }));
  const layout: fc.Arbitrary<Layout> = fc.record({
    stars: fc.constantFrom(
      "column",
      "column-merged",
      "column-headed-任务",
      "sections-typed",
      "sections-merged",
      "sheets",
      "sheets-with-sections",
    ),
    header: fc.constantFrom("one-row", "two-level"),
    script: fc.constantFrom("simplified", "traditional"),
    labels: fc.constantFrom("zh", "en"),
    months: fc.boolean(),
    info: fc.constantFrom("sheet", "labels", "title", "file"),
  });

  it("reads the same projects, stars, findings and score from every layout", () => {
    fc.assert(
      fc.property(list, fc.array(layout, { minLength: 1, maxLength: 4 }), ({ projects }, layouts) => {
        const one: ListSpec = { ...spec, projects };
        const expected = reading(analyzeBook(layoutBook(one, baseLayout), { asOf }));
        for (const l of layouts) {
          const report = analyzeBook(layoutBook(one, l), { asOf });
          expect(reading(report), JSON.stringify(l)).toEqual(expected);
          expect(report.branch.name).toBe(writtenBranch(one, l));
          expect(report.period).toBe("2023-06");
        }
      }),
      { numRuns: 60 },
    );
  });
});
