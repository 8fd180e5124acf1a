/**
 * Honest timing (docs/api.md, "Period and as-of"): the server decides the as-of date of what it
 * stores and whether a month still takes submissions, from the campaign's timezone and window and
 * the office's reopenings — never from the date the client sends.
 */
import {
  periodClosedText,
  periodFutureText,
  periodState,
  serverAsOf,
  todayIn,
  windowClosesOn,
} from "../../shared/period.ts";
import type { Campaign } from "./db/campaigns.ts";
import { reopenedUntil } from "./db/reopenings.ts";
import { ApiError } from "./errors.ts";

/**
 * The as-of date for a submission of `period` received `now`; 422 `period.future` before the month
 * starts, 422 `period.closed` (with the deadline in words) once its window closed and the office
 * has not reopened it for the branch.
 */
export async function assertPeriodOpen(
  db: D1Database,
  campaign: Pick<Campaign, "id" | "timezone" | "windowDays">,
  branch: string,
  period: string,
  now: Date,
): Promise<string> {
  const today = todayIn(campaign.timezone, now);
  let state = periodState(period, today, campaign.windowDays);
  if (state === "closed") {
    state = periodState(
      period,
      today,
      campaign.windowDays,
      await reopenedUntil(db, campaign.id, branch, period),
    );
  }
  if (state === "future") {
    throw new ApiError(422, "period.future", periodFutureText(period, "en"), { period });
  }
  if (state === "closed") {
    const closedOn = windowClosesOn(period, campaign.windowDays) as string;
    throw new ApiError(422, "period.closed", periodClosedText(period, closedOn, "en"), { period, closedOn });
  }
  return serverAsOf(period, today);
}
