/**
 * The demo's judged competitions (现场打分), seeded through the real API as the office and the
 * judges would: two closed events (模范机关大比拼 for Q1, 学习大研讨 in May) and one open event
 * (技能大比武 in June, partly scored), each with 7 judges. Scores are fixed, not random, so the demo
 * shows the same results every time.
 */
import { apiUrl, callApiOk } from "../../cli/http.ts";
import {
  eventCreatedAnswer,
  eventStateAnswer,
  judgeCreatedAnswer,
  scoreSavedAnswer,
} from "../../shared/api/events.ts";
import type { DemoCampaign } from "./seed.ts";

export const DEMO_JUDGES = 7;

interface DemoEvent {
  name: string;
  period: string;
  date: string;
  /** Closed once scored; the open one is left with some branches still to score. */
  closed: boolean;
}

const demoEvents: DemoEvent[] = [
  { name: "模范机关大比拼（第一季度）", period: "2023-Q1", date: "2023-03-28", closed: true },
  { name: "学习大研讨", period: "2023-05", date: "2023-05-25", closed: true },
  { name: "技能大比武", period: "2023-06", date: "2023-06-27", closed: false },
];

/** A judge's score for a branch: the branch's level, the judge's leaning and a little spread. */
export function demoScore(event: number, branch: number, judge: number): number {
  const level = 72 + ((branch * 37 + event * 11) % 23);
  const leaning = ((judge * 5 + branch * 3 + event) % 9) - 4;
  const outlier = judge === 6 && branch % 4 === 0 ? 6 : 0;
  return Math.max(0, Math.min(100, level + leaning + outlier));
}

export interface SeededEvents {
  /** The open event, and its judges' tokens (shown once by the server). */
  open: { id: number; name: string; judges: { name: string; token: string }[] };
}

export async function seedEvents(
  server: string,
  adminToken: string,
  data: DemoCampaign,
): Promise<SeededEvents> {
  const { campaign, branches } = data;
  let open: SeededEvents["open"] | null = null;
  for (const [e, spec] of demoEvents.entries()) {
    const { id } = await callApiOk(
      "POST",
      apiUrl(server, "api/v1/admin/events"),
      adminToken,
      eventCreatedAnswer,
      {
        campaign: campaign.id,
        name: spec.name,
        period: spec.period,
        date: spec.date,
      },
    );
    const judges: { name: string; token: string }[] = [];
    for (let j = 1; j <= DEMO_JUDGES; j++) {
      const judge = await callApiOk(
        "POST",
        apiUrl(server, `api/v1/admin/events/${id}/judges`),
        adminToken,
        judgeCreatedAnswer,
        { name: `评委${j}` },
      );
      judges.push({ name: judge.name, token: judge.token });
    }
    // Judges score at once, as on the day; in the open event the later branches are still waiting.
    const scoring: Promise<unknown>[] = [];
    for (const [b, branch] of branches.entries()) {
      for (const [j, judge] of judges.entries()) {
        if (!spec.closed && (b >= 9 || (b >= 5 && j >= 3))) continue;
        scoring.push(
          callApiOk(
            "PUT",
            apiUrl(server, `api/v1/events/${id}/scores/${encodeURIComponent(branch.code)}`),
            judge.token,
            scoreSavedAnswer,
            { score: demoScore(e, b, j) },
          ),
        );
      }
    }
    await Promise.all(scoring);
    if (spec.closed) {
      await callApiOk(
        "POST",
        apiUrl(server, `api/v1/admin/events/${id}/close`),
        adminToken,
        eventStateAnswer,
      );
    } else {
      open = { id, name: spec.name, judges };
    }
  }
  if (!open) throw new Error("the demo has no open event");
  return { open };
}
