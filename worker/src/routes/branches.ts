/**
 * A branch's own pages, for the rankings page's drill-down — viewer (or that branch's token):
 * - GET /api/v1/branches/:code/history?campaign= — per month of the campaign year, the latest
 *   submission's score (null fields for a month without one);
 * - GET /api/v1/branches/:code/latest?campaign=&period= — the latest submission (of that month, or
 *   overall) with its normalized projects and findings.
 * `campaign` defaults to the branch's own.
 */
import { type Context, Hono } from "hono";
import { z } from "zod";
import { campaignId } from "../../../shared/submission.ts";
import { assertBranchReadable, assertCampaignReadable, requireReader } from "../auth.ts";
import { getBranch } from "../db/branches.ts";
import { getCampaign } from "../db/campaigns.ts";
import { latestDetail, monthlyLatest, tallyOfSubmission } from "../db/submissions.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { queryOf } from "../http.ts";
import { judgedPoints } from "../judged.ts";
import { assertPeriodOfCampaign, monthsOf, periodOf } from "../ranking.ts";
import { twoScores } from "../verified.ts";

async function context(c: Context<AppEnv>, code: string, campaign: string | undefined) {
  const principal = c.get("principal");
  assertBranchReadable(principal, code);
  const branch = await getBranch(c.env.DB, code);
  if (!branch) throw new ApiError(404, "branch_not_found", `No branch ${code}.`);
  const id = campaign ?? branch.campaign;
  assertCampaignReadable(principal, id);
  const found = await getCampaign(c.env.DB, id);
  if (!found) throw new ApiError(404, "campaign_not_found", `No campaign ${id}.`);
  return { branch, campaign: found };
}

export const branches = new Hono<AppEnv>()
  .get("/:code/history", requireReader, queryOf(z.object({ campaign: campaignId.optional() })), async (c) => {
    const q = c.req.valid("query");
    const { branch, campaign } = await context(c, c.req.param("code"), q.campaign);
    const months = monthsOf(campaign.year);
    const [rows, judged] = await Promise.all([
      monthlyLatest(c.env.DB, branch.code, campaign.id, months[0] ?? "", months[11] ?? ""),
      judgedPoints(c.env.DB, campaign),
    ]);
    const byPeriod = new Map(rows.map((r) => [r.period, r]));
    return c.json({
      branch: { code: branch.code, name: branch.name },
      campaign: { id: campaign.id, name: campaign.name, year: campaign.year },
      months: months.map((period) => {
        const row = byPeriod.get(period);
        return row
          ? (() => {
              const { score, selfScore, review } = twoScores(row, campaign, judged(branch.code, period));
              return {
                period,
                submissionId: row.id,
                submittedAt: row.received_at,
                ...score,
                selfScore: selfScore.total,
                review,
              };
            })()
          : {
              period,
              submissionId: null,
              submittedAt: null,
              total: null,
              max: null,
              stars: null,
              byCategory: null,
              clarityRate: null,
              completionRate: null,
              overdue: null,
              selfScore: null,
              review: null,
            };
      }),
    });
  })
  .get(
    "/:code/latest",
    requireReader,
    queryOf(z.object({ campaign: campaignId.optional(), period: z.string().optional() })),
    async (c) => {
      const q = c.req.valid("query");
      const { branch, campaign } = await context(c, c.req.param("code"), q.campaign);
      if (q.period !== undefined) {
        const period = periodOf(q.period);
        if (period.kind !== "month") {
          throw new ApiError(
            422,
            "period_invalid",
            "The period of a submission is a month, such as 2023-06.",
            {
              issues: [{ path: "period", message: "expected a month YYYY-MM" }],
            },
          );
        }
        assertPeriodOfCampaign(period, campaign.year);
      }
      const latest = await latestDetail(c.env.DB, branch.code, campaign.id, q.period);
      if (!latest) {
        throw new ApiError(
          404,
          "submission_not_found",
          `Branch ${branch.code} has not submitted${q.period ? ` for ${q.period}` : ""}.`,
        );
      }
      const { row } = latest;
      const [tally, judged] = await Promise.all([
        tallyOfSubmission(c.env.DB, campaign.id, row.id),
        judgedPoints(c.env.DB, campaign),
      ]);
      const { score, selfScore, review } = twoScores(
        { ...row, ...tally },
        campaign,
        judged(branch.code, row.period),
      );
      return c.json({
        branch: { code: branch.code, name: branch.name },
        campaign: { id: campaign.id, name: campaign.name, year: campaign.year },
        submissionId: row.id,
        period: row.period,
        asOf: row.as_of,
        submittedAt: row.received_at,
        workbook: { name: row.workbook_name, sha256: row.workbook_sha256 },
        client: { app: row.client_app, version: row.client_version },
        score,
        selfScore,
        review,
        summary: {
          projects: row.project_count,
          error: row.findings_error,
          warning: row.findings_warning,
          info: row.findings_info,
          codes: JSON.parse(row.finding_codes) as Record<string, number>,
        },
        projects: latest.projects,
        findings: latest.findings,
      });
    },
  );
