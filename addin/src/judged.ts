/**
 * The branch's judged results (现场打分, docs/rubric.md "Judged activities") in the pane, after a
 * sync: each closed event's result and rank beside the branch's own 自报 activities part, small,
 * under the sync card. Read with the branch's token from `GET /api/v1/events?branch=`, parsed with
 * the contract's schema; a failure only leaves the list out (the sync itself has succeeded).
 */
import { apiClient, type FetchLike, systemTimers } from "../../shared/api/client.ts";
import { type EventSummary, eventListAnswer } from "../../shared/api/events.ts";
import { round2 } from "../../shared/score.ts";
import { type Lang, t } from "./i18n.ts";
import { byId, h } from "./view.ts";

export type JudgedEvent = EventSummary & {
  result?: { score: number | null; rank: number | null; tied: boolean } | null;
};

export async function fetchJudged(
  fetcher: FetchLike,
  server: string,
  token: string,
  campaign: string,
  branch: string,
): Promise<JudgedEvent[]> {
  const query = new URLSearchParams({ campaign, branch });
  const client = apiClient({ server, token, fetch: fetcher, timers: systemTimers, timeoutMs: 8000 });
  const answer = await client.call("GET", `api/v1/events?${query}`, eventListAnswer);
  return answer.events.filter((e) => e.closed);
}

/** The closed events' results, and the workbook's own activities part (自报) for comparison. */
export function renderJudged(events: JudgedEvent[], selfActivities: number | null, lang: Lang): void {
  const box = byId("sync-judged");
  if (events.length === 0) {
    box.replaceChildren();
    return;
  }
  const self =
    selfActivities === null
      ? []
      : [h("p", { class: "hint" }, t(lang, "judgedSelf", { self: round2(selfActivities).toFixed(2) }))];
  box.replaceChildren(
    h("h3", { class: "pending-title" }, t(lang, "judgedTitle")),
    h(
      "ul",
      { class: "judged-list" },
      ...events.map((e) =>
        h(
          "li",
          { "data-event": e.id },
          t(lang, e.result?.tied ? "judgedItemTied" : "judgedItem", {
            name: e.name,
            date: e.date,
            score:
              e.result?.score === null || e.result?.score === undefined
                ? "—"
                : round2(e.result.score).toFixed(2),
            rank: e.result?.rank ?? "—",
          }),
        ),
      ),
    ),
    ...self,
  );
}
