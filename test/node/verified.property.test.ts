/**
 * Verified scoring in the core (docs/rubric.md): what the server computes when it reads — a stored
 * self-score moved by its claims' states — equals scoring the list again with those states; the
 * expected count only ever lowers a short list; evidence that names nothing counts as none.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "../../shared/analyze.ts";
import { claimsOf, contentHash, projectKey } from "../../shared/claims.ts";
import type { ProjectRow } from "../../shared/extract.ts";
import { periodClosedText, periodState, serverAsOf, windowClosesOn } from "../../shared/period.ts";
import { defaultRubric } from "../../shared/rubric.ts";
import { adjustedScore, scoreReport, type VerifiedState } from "../../shared/score.ts";

const asOf = "2023-06-30";
const stars = ["创建“模范星”", "选树“服务星”", "锻造“先锋星”", "其他"];
const statuses = ["已完成", "已验收", "推进中", "未启动", "", "完成了吗"];
const evidences = ["", "有", "齐全", "√", "無", "会议记录3份", "照片12张.zip", "https://example.com/a"];

const row = fc
  .record({
    category: fc.constantFrom(...stars),
    name: fc.constantFrom("学习", "走访", "志愿服务", "结对共建", "亮诺践诺", "主题党日"),
    suffix: fc.nat(20),
    owner: fc.constantFrom("王建华", "待定", "", "全体党员"),
    target: fc.constantFrom("走访企业50家", "按要求完成", ""),
    deadline: fc.constantFrom("2023年6月30日", "2023-03-31", "每季度", "长期", ""),
    status: fc.constantFrom(...statuses),
    progress: fc.constantFrom("", "50%", "100%", "30%"),
    evidence: fc.constantFrom(...evidences),
  })
  .map(
    (r): ProjectRow => ({
      sheet: "重点任务清单",
      row: 3,
      values: {
        category: r.category,
        name: `${r.name}${r.suffix}`,
        owner: r.owner,
        target: r.target,
        deadline: r.deadline,
        status: r.status,
        progress: r.progress,
        evidence: r.evidence,
      },
      columns: {},
    }),
  );

const list = fc.array(row, { maxLength: 20 });
const state = fc.constantFrom<VerifiedState>("accepted", "pending", "returned");

describe("verified scoring", () => {
  it("a stored self-score moved by its claims' states equals the list scored again with them", async () => {
    await fc.assert(
      fc.asyncProperty(
        list,
        fc.array(state, { minLength: 20, maxLength: 20 }),
        fc.option(fc.integer({ min: 1, max: 30 })),
        async (rows, states, expected) => {
          const input = { period: "2023-06", projects: rows, activities: [], landmark: [] };
          const self = evaluate(input, { asOf, scoring: { expected } });
          const claims = await claimsOf(self.projects, defaultRubric, expected);
          const stateOf = new Map(claims.map((c, i) => [c.key, states[i % states.length] as VerifiedState]));
          // Duplicated names share a key and so a state, as they share reviews.
          const delta = { model: 0, service: 0, vanguard: 0 };
          for (const claim of claims) {
            const category = claim.project.category;
            if (!category) continue;
            delta[category] += claim.points[stateOf.get(claim.key) ?? "pending"] - claim.points.self;
          }
          const moved = adjustedScore(self.score, delta, defaultRubric);
          const again = scoreReport(self.projects, [], [], { year: 2023, asOf }, defaultRubric, {
            expected,
            verified: (key) => stateOf.get(key) ?? "pending",
          });
          expect(moved.total).toBeCloseTo(again.total, 9);
          for (const star of ["model", "service", "vanguard"] as const)
            expect(moved.byCategory[star]).toBeCloseTo(again.byCategory[star], 9);
          expect(moved.stars).toBe(again.stars);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("without an expected count E = N (plain validate); with one, a short list earns at most N / E of the projects' points", () => {
    fc.assert(
      fc.property(list, fc.integer({ min: 1, max: 30 }), (rows, expected) => {
        const input = { period: "2023-06", projects: rows, activities: [], landmark: [] };
        const plain = evaluate(input, { asOf });
        const same = evaluate(input, { asOf, scoring: { expected: rows.length } });
        expect(same.score.total).toBeCloseTo(plain.score.total, 12);
        const campaign = evaluate(input, { asOf, scoring: { expected } });
        const projects = (s: typeof plain.score) =>
          s.byCategory.model + s.byCategory.service + s.byCategory.vanguard;
        expect(projects(campaign.score)).toBeLessThanOrEqual(projects(plain.score) + 1e-9);
        expect(projects(campaign.score)).toBeLessThanOrEqual(
          (80 * rows.length) / Math.max(expected, 1) + 1e-9,
        );
      }),
      { numRuns: 300 },
    );
  });

  it("evidence that names nothing counts as none and says so", () => {
    for (const evidence of ["有", "齊全", "已上傳", "YES", "n/a", "√", "详见。"]) {
      const input = {
        period: "2023-06",
        projects: [
          {
            sheet: "s",
            row: 3,
            values: {
              category: "创建“模范星”",
              name: "学习",
              owner: "王建华",
              target: "学习12次",
              deadline: "每月",
              status: "已验收",
              evidence,
            },
            at: { evidence: "H3" },
            columns: {},
          },
        ],
        activities: [],
        landmark: [],
      };
      const result = evaluate(input, { asOf, expectedProjects: null });
      expect(result.projects[0]?.hasEvidence, evidence).toBe(false);
      expect(
        result.findings.map((f) => f.code),
        evidence,
      ).toContain("evidence.placeholder");
      expect(result.findings.find((f) => f.code === "evidence.placeholder")?.cell).toBe("H3");
    }
    for (const evidence of ["会议记录3份", "照片12张", "附件：学习记录.docx", "https://example.com/x"]) {
      const input = {
        period: "2023-06",
        projects: [
          {
            sheet: "s",
            row: 3,
            values: {
              category: "创建“模范星”",
              name: "学习",
              owner: "王建华",
              target: "学习12次",
              deadline: "每月",
              status: "已完成",
              evidence,
            },
            columns: {},
          },
        ],
        activities: [],
        landmark: [],
      };
      const result = evaluate(input, { asOf, expectedProjects: null });
      expect(result.projects[0]?.hasEvidence, evidence).toBe(true);
      expect(result.findings.map((f) => f.code)).not.toContain("evidence.placeholder");
    }
  });

  it("a project's key ignores whitespace; its content hash changes with anything a review looked at", async () => {
    const base = evaluate(
      {
        period: "2023-06",
        projects: [
          {
            sheet: "s",
            row: 3,
            values: {
              category: "创建“模范星”",
              name: "主题 党日",
              owner: "王建华",
              target: "12次",
              deadline: "每月",
              status: "已完成",
              progress: "100%",
              evidence: "记录.pdf",
            },
            columns: {},
          },
        ],
        activities: [],
        landmark: [],
      },
      { asOf },
    ).projects[0];
    if (!base) throw new Error("no project");
    expect(projectKey(base.name)).toBe("主题党日");
    const hash = await contentHash(base);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await contentHash({ ...base, row: 9, sheet: "other" })).toBe(hash);
    for (const change of [
      { evidence: "记录2.pdf" },
      { target: "13次" },
      { owner: "李" },
      { deadlineText: "每季度" },
      { progress: 0.9 },
      { status: "accepted" as const },
    ]) {
      expect(await contentHash({ ...base, ...change })).not.toBe(hash);
    }
  });
});

describe("honest timing", () => {
  it("windows, states and the as-of the server uses", () => {
    expect(windowClosesOn("2026-11", 5)).toBe("2026-12-05");
    expect(windowClosesOn("2026-12", 5)).toBe("2027-01-05");
    expect(windowClosesOn("2026-02", 0)).toBe("2026-02-28");
    expect(windowClosesOn("2026-11", null)).toBeNull();
    expect(periodState("2026-12", "2026-11-30", 5)).toBe("future");
    expect(periodState("2026-11", "2026-12-05", 5)).toBe("open");
    expect(periodState("2026-11", "2026-12-06", 5)).toBe("closed");
    expect(periodState("2026-11", "2026-12-06", 5, "2026-12-10")).toBe("open");
    expect(periodState("2026-11", "2026-12-11", 5, "2026-12-10")).toBe("closed");
    expect(periodState("2023-01", "2026-12-06", null)).toBe("open");
    expect(serverAsOf("2026-11", "2026-12-04")).toBe("2026-11-30");
    expect(serverAsOf("2026-12", "2026-12-04")).toBe("2026-12-04");
    expect(periodClosedText("2026-11", "2026-12-05", "zh-CN")).toBe(
      "2026年11月的填报已于2026年12月5日截止，如需补报请联系活动办公室。",
    );
    expect(periodClosedText("2026-11", "2026-12-05", "en")).toContain(
      "November 2026 closed on 5 December 2026",
    );
  });
});
