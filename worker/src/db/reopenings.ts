/** Months reopened for a branch by the office (append-only; the latest row for a month wins). */
import { nowIso } from "./util.ts";

export async function insertReopening(
  db: D1Database,
  r: { campaign: string; branch: string; period: string; until: string },
): Promise<void> {
  await db
    .prepare("INSERT INTO reopenings (campaign, branch, period, until, at) VALUES (?, ?, ?, ?, ?)")
    .bind(r.campaign, r.branch, r.period, r.until, nowIso())
    .run();
}

/** The date (inclusive) until which the office reopened the branch's month; null when it did not. */
export async function reopenedUntil(
  db: D1Database,
  campaign: string,
  branch: string,
  period: string,
): Promise<string | null> {
  const row = await db
    .prepare(
      "SELECT until FROM reopenings WHERE branch = ? AND period = ? AND campaign = ? ORDER BY seq DESC LIMIT 1",
    )
    .bind(branch, period, campaign)
    .first<{ until: string }>();
  return row?.until ?? null;
}
