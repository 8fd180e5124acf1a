/**
 * Seeds a fresh local database through the real API, as the campaign office and the branches
 * would: the demo campaign, its 17 branches, and six months of submissions built from generated
 * workbooks. Only ever run against the local stack: a deploy never carries demo data.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { apiUrl, callApiOk } from "../../cli/http.ts";
import { readBook } from "../../cli/xlsx.ts";
import { analyzeBook } from "../../shared/analyze.ts";
import { branchTokenAnswer, campaignAnswer, submissionAnswer } from "../../shared/api/schemas.ts";
import { isoMonth } from "../../shared/dates.ts";
import { submissionFromReport } from "../../shared/submission.ts";
import { root } from "../lib/stack.ts";
import { demoWorkbook } from "./workbook.ts";

export interface DemoCampaign {
  campaign: { id: string; name: string; year: number; expectedProjects: number; ranking: string };
  branches: { code: string; name: string }[];
}

export const demoCampaign = JSON.parse(
  readFileSync(join(root, "test", "fixtures", "branches.json"), "utf8"),
) as DemoCampaign;
export const DEMO_MONTHS = [1, 2, 3, 4, 5, 6];

/** Returns each branch's token (shown once by the server, so the caller keeps them). */
export async function seedDemo(
  server: string,
  adminToken: string,
  data: DemoCampaign = demoCampaign,
): Promise<Record<string, string>> {
  const { campaign, branches } = data;
  // The demo is a historical year run as the office runs a campaign today: claims verified,
  // competitions judged, every month open (docs/api.md, "Campaign settings").
  await callApiOk("POST", apiUrl(server, "api/v1/admin/campaigns"), adminToken, campaignAnswer, {
    ...campaign,
    acceptance: "reviewed",
    activities: "judged",
    windowDays: null,
  });
  const tokens: Record<string, string> = {};
  for (const branch of branches) {
    const created = await callApiOk(
      "POST",
      apiUrl(server, "api/v1/admin/branches"),
      adminToken,
      branchTokenAnswer,
      {
        ...branch,
        campaign: campaign.id,
      },
    );
    tokens[branch.code] = created.token;
  }
  for (const month of DEMO_MONTHS) {
    const period = isoMonth(campaign.year, month);
    const lastDay = new Date(Date.UTC(campaign.year, month, 0)).toISOString().slice(0, 10);
    for (const [i, branch] of branches.entries()) {
      // Two branches have not reported for the latest month: the rankings list them as 未报送.
      if (month === DEMO_MONTHS.at(-1) && i >= branches.length - 2) continue;
      const bytes = await demoWorkbook(
        branch,
        campaign.year,
        month,
        ((i * 7) % branches.length) / branches.length,
      );
      const report = analyzeBook(await readBook(bytes), {
        asOf: lastDay,
        expectedProjects: campaign.expectedProjects,
      });
      const body = submissionFromReport(report, {
        campaign: campaign.id,
        branch: branch.code,
        period,
        workbook: {
          name: `${branch.code}-${period}.xlsx`,
          sha256: createHash("sha256").update(bytes).digest("hex"),
        },
        client: { app: "cli", version: "demo" },
      });
      await callApiOk(
        "POST",
        apiUrl(server, "api/v1/submissions"),
        tokens[branch.code] as string,
        submissionAnswer,
        body,
        {
          "Idempotency-Key": crypto.randomUUID(),
        },
      );
    }
  }
  return tokens;
}
