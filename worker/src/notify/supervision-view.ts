/**
 * The /supervision page's and CSV's content for one campaign (docs/pages.md): the day it is
 * judged as of, the rows across branches in the page's order, and who has not reported.
 *
 * The day is today in the campaign's time zone; for a campaign whose year is over, the last day of
 * its latest month with data (the page then shows the state of its last reports, not a year of
 * "overdue"). The month "not reported" is the previous month — the one whose lists are due — or,
 * for a finished campaign, its latest month with data.
 */

import { previousMonth } from "../../../shared/notify/items.ts";
import { lastDayOf, todayIn, windowClosesOn } from "../../../shared/period.ts";
import { enabledBranches } from "../db/submissions.ts";
import { plainRead, type SupervisedCampaign, supervisionRows } from "./supervision.ts";

export interface SupervisionRow {
  branch: { code: string; name: string };
  kind: "overdue" | "returned" | "dueSoon";
  project: string;
  owner: string;
  /** The time node (deadline or the next milestone). */
  node: string | null;
  daysOverdue: number | null;
  daysLeft: number | null;
  reason: string | null;
}

export interface SupervisionView {
  campaigns: { id: string; name: string }[];
  campaign: { id: string; name: string };
  day: string;
  period: string;
  closes: string | null;
  rows: SupervisionRow[];
  notReported: { code: string; name: string }[];
}

const kindOrder = { overdue: 0, returned: 1, dueSoon: 2 } as const;

export interface CampaignSettings {
  id: string;
  name: string;
  year: number;
  timezone?: string | null;
  windowDays?: number | null;
}

/** The day and the month due, as the header explains. */
export function supervisionDay(
  campaign: CampaignSettings,
  now: Date,
  monthsWithData: string[],
): { day: string; period: string; closes: string | null } {
  const today = todayIn(campaign.timezone || "Asia/Shanghai", now);
  const yearEnd = `${campaign.year}-12-31`;
  if (today > yearEnd) {
    const period = monthsWithData.at(-1) ?? `${campaign.year}-12`;
    return { day: lastDayOf(period), period, closes: null };
  }
  const previous = previousMonth(today);
  const period = previous.startsWith(String(campaign.year)) ? previous : today.slice(0, 7);
  return { day: today, period, closes: windowClosesOn(period, campaign.windowDays ?? null) };
}

export async function supervisionView(
  db: D1Database,
  campaign: CampaignSettings,
  campaigns: { id: string; name: string }[],
  now: Date,
  monthsWithData: string[],
): Promise<SupervisionView> {
  const { day, period, closes } = supervisionDay(campaign, now, monthsWithData);
  const { results: branches } = await enabledBranches(db, campaign.id).all<{ code: string; name: string }>();
  const supervised: SupervisedCampaign = {
    id: campaign.id,
    name: campaign.name,
    day,
    closing: { period, closes },
  };
  const rowsOf = await supervisionRows(
    db,
    plainRead,
    [supervised],
    branches.map((b) => ({ ...b, campaign: campaign.id })),
  );
  const perBranch = rowsOf.get(campaign.id) ?? [];
  const rows: SupervisionRow[] = [];
  for (const { branch, items } of perBranch) {
    for (const i of items.overdue)
      rows.push({
        branch,
        kind: "overdue",
        project: i.name,
        owner: i.owner,
        node: i.deadline,
        daysOverdue: i.daysOverdue,
        daysLeft: null,
        reason: null,
      });
    for (const i of items.returned)
      rows.push({
        branch,
        kind: "returned",
        project: i.name,
        owner: i.owner,
        node: null,
        daysOverdue: null,
        daysLeft: null,
        reason: i.reason,
      });
    for (const i of items.dueSoon)
      rows.push({
        branch,
        kind: "dueSoon",
        project: i.name,
        owner: i.owner,
        node: i.due,
        daysOverdue: null,
        daysLeft: i.daysLeft,
        reason: null,
      });
  }
  rows.sort(
    (a, b) =>
      kindOrder[a.kind] - kindOrder[b.kind] ||
      (b.daysOverdue ?? 0) - (a.daysOverdue ?? 0) ||
      (a.daysLeft ?? 0) - (b.daysLeft ?? 0) ||
      a.branch.code.localeCompare(b.branch.code) ||
      a.project.localeCompare(b.project),
  );
  return {
    campaigns,
    campaign: { id: campaign.id, name: campaign.name },
    day,
    period,
    closes,
    rows,
    notReported: perBranch.filter((r) => !r.reported).map((r) => r.branch),
  };
}
