/**
 * The demo's verification (逐项逐条核实验收): a reviewer of the campaign office, and its decisions on
 * the claims of the last three demo months through the real API — most accepted, some returned
 * with a reason an inspector would write, the rest left pending, the latest month least reviewed.
 * The choice per claim is a hash of branch, month and project, so every fresh start is the same.
 */
import { createHash } from "node:crypto";
import { apiUrl, callApiOk } from "../../cli/http.ts";
import { reviewAnswer, reviewerTokenAnswer, reviewsAnswer } from "../../shared/api/reviews.ts";
import { isoMonth } from "../../shared/dates.ts";
import { DEMO_MONTHS, type DemoCampaign } from "./seed.ts";

export interface SeededReviewer {
  id: string;
  name: string;
  token: string;
}

const reasons = [
  "佐证材料只写了“有”，请上传会议记录、签到表或活动照片",
  "目标未量化，请写明次数、人数或验收标准",
  "活动照片日期与时间节点不符，请补充当期材料",
  "缺少验收意见，请附上验收记录后再报已验收",
];

/** 0 ≤ x < 1 from a text, the same every run. */
function share(text: string): number {
  return createHash("sha256").update(text).digest().readUInt32BE(0) / 2 ** 32;
}

export async function seedReviews(
  server: string,
  adminToken: string,
  data: DemoCampaign,
): Promise<SeededReviewer> {
  const { campaign } = data;
  const reviewer = await callApiOk(
    "POST",
    apiUrl(server, "api/v1/admin/reviewers"),
    adminToken,
    reviewerTokenAnswer,
    {
      campaign: campaign.id,
      name: "县委组织部 李核查",
    },
  );
  const months = DEMO_MONTHS.slice(-3);
  for (const month of months) {
    const period = isoMonth(campaign.year, month);
    const { items } = await callApiOk(
      "GET",
      apiUrl(server, `api/v1/reviews?campaign=${campaign.id}&period=${period}`),
      reviewer.token,
      reviewsAnswer,
    );
    // The latest month has been looked at least.
    const accepted = month === months.at(-1) ? 0.45 : 0.7;
    for (const item of items) {
      const x = share(`${item.branch.code}|${period}|${item.project.key}`);
      if (x >= accepted + 0.15) continue;
      const decision = x < accepted ? "accept" : "return";
      await callApiOk(
        "POST",
        apiUrl(server, "api/v1/reviews"),
        reviewer.token,
        reviewAnswer,
        {
          campaign: campaign.id,
          branch: item.branch.code,
          period,
          project: item.project.name,
          contentHash: item.contentHash,
          decision,
          ...(decision === "return" ? { reason: reasons[Math.floor(x * 97) % reasons.length] } : {}),
        },
        { "Idempotency-Key": crypto.randomUUID() },
      );
    }
  }
  return reviewer;
}
