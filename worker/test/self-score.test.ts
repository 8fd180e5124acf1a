/**
 * A submission's selfScore is the core's score of the same list under the campaign's rubric and
 * expected count at the server's as-of (docs/api.md, "Two scores"; docs/rubric.md): a property
 * over generated lists, and the 14-project fixtures against `juxing validate`'s total.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeBook, evaluate } from "../../shared/analyze.ts";
import { rankingsAnswer } from "../../shared/api/rankings.ts";
import { campaignAnswer, submissionAnswer } from "../../shared/api/schemas.ts";
import { evaluationInput, type Submission, submissionFromReport } from "../../shared/submission.ts";
import { fflateInflate } from "../../shared/xlsx/fflate.ts";
import { readXlsx } from "../../shared/xlsx/read.ts";
import canonicalExpected from "../../test/fixtures/workbooks/canonical.expected.json" with { type: "json" };
import canonicalXlsx from "../../test/fixtures/workbooks/canonical.xlsx?inline";
import traditionalExpected from "../../test/fixtures/workbooks/traditional.expected.json" with {
  type: "json",
};
import traditionalXlsx from "../../test/fixtures/workbooks/traditional.xlsx?inline";
import {
  activityRows,
  callJson,
  createBranch,
  landmarkRows,
  newCampaign,
  type ProjectSpec,
  projectRows,
  submission,
  submitOk,
  VIEWER,
} from "./helpers.ts";

/**
 * Campaigns that differ in what the score depends on: the expected count (fewer and more than the
 * generated lists hold, and none) and the rubric. All are reviewed, historical (every month open,
 * so the server's as-of is the month's last day) and score the workbook's own activities.
 */
const campaigns = [
  { id: "self-e14", expectedProjects: 14 },
  { id: "self-e6", expectedProjects: 6 },
  { id: "self-none", expectedProjects: null },
  {
    id: "self-rubric",
    expectedProjects: 10,
    rubric: {
      projects: { points: 70, overdueFactor: 0.3, noEvidenceCap: 0.5, inProgress: { cap: 0.7 } },
      activities: { points: 20 },
      landmark: { points: 10, items: 3 },
    },
  },
];

beforeAll(async () => {
  for (const c of campaigns) {
    await newCampaign({ ...c, acceptance: "reviewed", activities: "self", windowDays: null, year: 2023 });
  }
});

async function campaignOf(id: string) {
  const { status, body } = await callJson(`/api/v1/campaigns/${id}`, { token: VIEWER });
  expect(status).toBe(200);
  return campaignAnswer.parse(body);
}

/** The last day of a 2023 month: the server's as-of for a month that is over. */
function lastDay(period: string): string {
  const [year, month] = period.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

const stars = ["创建“模范星”", "选树“服务星”", "锻造“先锋星”", "模范星", "其他工作"];
const statuses = ["已完成", "已验收", "推进中", "in progress", "done", "未开始", "进行中", "待定"];
const evidence = ["有", "无", "详见附件", "佐证材料.pdf", "照片3张", "/", "-", "台账"];
// Before and after any 2023 month's last day, in the forms branches write them.
const deadlines = [
  "2023年1月31日",
  "2023-03-15",
  "2023年6月30日",
  "2023/9/1",
  "2023年12月31日",
  "年底前",
  "待定",
];
const targets = ["全年开展主题党日活动12次，覆盖全体党员", "加强", "进一步提升服务水平", "建成3个示范点"];
const owners = ["张三", "李四", "待定", "全体党员"];

const projectSpec: fc.Arbitrary<ProjectSpec> = fc.record(
  {
    category: fc.constantFrom(...stars),
    name: fc.integer({ min: 1, max: 40 }).map((n) => `项目${n}：开展主题党日活动`),
    target: fc.constantFrom(...targets),
    owner: fc.constantFrom(...owners),
    deadline: fc.constantFrom(...deadlines),
    status: fc.constantFrom(...statuses),
    progress: fc.oneof(
      fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constant("过半"),
    ),
    evidence: fc.constantFrom(...evidence),
  },
  { requiredKeys: ["name"] },
);

const activity = fc.record({
  date: fc.constantFrom("2023-01-10", "2023-05-20", "2023-08-08", "2023年11月3日", "2022-12-30"),
  score: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(120), fc.constant("95分")),
});

const generatedList = fc.record({
  campaign: fc.constantFrom(...campaigns.map((c) => c.id)),
  month: fc.integer({ min: 1, max: 12 }),
  projects: fc.array(projectSpec, { minLength: 0, maxLength: 20 }),
  activities: fc.array(activity, { maxLength: 4 }),
  landmarkDone: fc.integer({ min: 0, max: 4 }),
});

let branches = 0;

describe("selfScore", () => {
  it("equals the core's score of the same list under the campaign's rubric and expected count", async () => {
    const settings = new Map(
      await Promise.all(campaigns.map(async (c) => [c.id, await campaignOf(c.id)] as const)),
    );
    await fc.assert(
      fc.asyncProperty(generatedList, async (list) => {
        const campaign = settings.get(list.campaign);
        if (!campaign) throw new Error(`no campaign ${list.campaign}`);
        branches += 1;
        const code = `ss${branches}`;
        const token = await createBranch(code, campaign.id);
        const period = `2023-${String(list.month).padStart(2, "0")}`;
        const activities = activityRows(
          list.activities.map((a) => (typeof a.score === "number" ? a.score : 0)),
        );
        activities.forEach((row, i) => {
          const generated = list.activities[i];
          if (!generated) return;
          row.cells.date = { cell: `A${row.row}`, value: generated.date };
          row.cells.score = { cell: `D${row.row}`, value: generated.score };
        });
        const body = submission({
          campaign: campaign.id,
          branch: code,
          period,
          projects: projectRows(list.projects),
          activities,
          landmark: landmarkRows(list.landmarkDone),
        });
        const answer = submissionAnswer.parse(await submitOk(token, body));
        expect(answer.asOf).toBe(lastDay(period));
        const core = evaluate(evaluationInput(body), {
          asOf: answer.asOf,
          rubric: campaign.rubric,
          expectedProjects: campaign.expectedProjects,
          campaignYear: campaign.year,
          scoring: { expected: campaign.expectedProjects },
        }).score;
        // Full precision: the answer carries the core's Score as computed, not rounded.
        expect(answer.selfScore).toEqual(core);
        const rankings = await callJson(`/api/v1/rankings?campaign=${campaign.id}&period=${period}`, {
          token: VIEWER,
        });
        expect(rankings.status).toBe(200);
        const row = rankingsAnswer.parse(rankings.body).rows.find((r) => r.branch.code === code);
        // The contract's rankings row once dropped selfScore and review: a client parsing it saw neither.
        expect(row?.selfScore).toBe(core.total);
        expect(row?.review).toEqual(answer.review);
        // With no review yet, the audited score is the same in the answer and the rankings — up
        // to float reassociation: the rankings add the stored claims' deltas to the stored
        // self-score (shared/score.ts, adjustedScore), and rank after rounding to two decimals.
        expect(row?.total).toBeCloseTo(answer.score.total, 9);
      }),
      {
        numRuns: 30,
        // Lists that once failed (fast-check's shrunk counterexamples), run every time: a rankings
        // row without selfScore (the contract dropped it), and two claims of one name counted once
        // in the submission's answer but twice in the rankings' review counts.
        examples: [
          [{ campaign: "self-e14", month: 1, projects: [], activities: [], landmarkDone: 0 }],
          [
            {
              campaign: "self-e14",
              month: 1,
              projects: [
                { name: "项目7：开展主题党日活动", status: "已完成" },
                { name: "项目7：开展主题党日活动", status: "已完成" },
              ],
              activities: [],
              landmarkDone: 0,
            },
          ],
        ],
      },
    );
  });

  /**
   * The fixtures' as-of is the last day of their period, which is the server's as-of for a month
   * of a historical campaign with no window; the campaign expects 14 projects, as many as they hold.
   */
  it.each<[string, string, FixtureExpectation]>([
    ["canonical", canonicalXlsx, canonicalExpected],
    ["traditional", traditionalXlsx, traditionalExpected],
  ])(
    "of the 14-project fixture %s is juxing validate's total at the same as-of",
    async (name, url, expected) => {
      const book = readXlsx(bytesOf(url), { inflate: fflateInflate, fileName: `${name}.xlsx` });
      const validated = analyzeBook(book, { asOf: expected.asOf });
      expect(validated.projects).toHaveLength(14);
      // canonical states its total (the fixtures' README); traditional's is what validate computes.
      if (expected.score) {
        expect(Math.abs(validated.score.total - expected.score.total)).toBeLessThanOrEqual(
          expected.score.tolerance,
        );
      }
      const id = `self-fixture-${name}`;
      await newCampaign({
        id,
        acceptance: "reviewed",
        activities: "self",
        windowDays: null,
        year: 2023,
        expectedProjects: 14,
      });
      const code = `fx${name.slice(0, 4)}`;
      const token = await createBranch(code, id);
      const body: Submission = submissionFromReport(validated, {
        campaign: id,
        branch: code,
        period: expected.period,
        workbook: { name: `${name}.xlsx`, sha256: "c".repeat(64) },
        client: { app: "cli", version: "0.1.0" },
      });
      const answer = submissionAnswer.parse(await submitOk(token, body));
      expect(answer.asOf).toBe(expected.asOf);
      expect(answer.selfScore.total).toBe(validated.score.total);
    },
  );
});

/** What this test reads of a fixture's expected JSON (test/fixtures/README.md). */
interface FixtureExpectation {
  asOf: string;
  period: string;
  score?: { total: number; tolerance: number };
}

/** A Vite `?inline` import: the file as a base64 data URL. */
function bytesOf(dataUrl: string): Uint8Array {
  const base64 = dataUrl.slice(dataUrl.indexOf(",") + 1);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
