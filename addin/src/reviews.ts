/**
 * The branch's verified claims in the pane (docs/api.md "Reviews"): after a sync, and on 校验 when
 * the server is reachable, each claimed project's state — 退回 first with the reviewer's reason,
 * then 待核实, then 已核实. Read with the branch's token from `GET /api/v1/reviews`, parsed with the
 * contract's schema; a failure leaves the list out with one short note (the workbook's own checks
 * stand without it). Clicking an item selects the project's name cell; 标注 marks returned ones.
 */
import { apiClient, type FetchLike, systemTimers } from "../../shared/api/client.ts";
import type { ReviewItem } from "../../shared/api/reviews.ts";
import type { MarkTarget } from "../excel/marks.ts";
import { type Lang, type StringKey, t } from "./i18n.ts";
import { byId, h } from "./view.ts";

export type { ReviewItem };

/** The order the pane lists states in, and each state's heading. */
const stateOrder: Record<ReviewItem["state"], number> = { returned: 0, pending: 1, accepted: 2 };
const stateTitle: Record<ReviewItem["state"], StringKey> = {
  returned: "reviewsReturned",
  pending: "reviewsPending",
  accepted: "reviewsAccepted",
};

export async function fetchReviews(
  fetcher: FetchLike,
  server: string,
  token: string,
  query: { campaign: string; period: string; branch: string },
): Promise<ReviewItem[]> {
  const client = apiClient({ server, token, fetch: fetcher, timers: systemTimers, timeoutMs: 8000 });
  const answer = await client.reviews(query);
  return [...answer.items].sort((a, b) => stateOrder[a.state] - stateOrder[b.state]);
}

/**
 * Returned projects as marks at their name cell, so 标注 paints them with the findings' marks
 * (and 清除标注 takes them away with the rest). Error severity: a return must be acted on.
 */
export function returnedMarks(items: readonly ReviewItem[]): MarkTarget[] {
  return items
    .filter((item) => item.state === "returned" && item.project.cell)
    .map((item) => ({ severity: "error", sheet: item.project.sheet, cell: item.project.cell }));
}

function reviewLine(item: ReviewItem, lang: Lang): HTMLElement {
  const reason =
    item.state === "returned" && item.review?.reason
      ? [h("span", { class: "review-reason" }, t(lang, "reviewsReason", { reason: item.review.reason }))]
      : [];
  const name = h("span", { class: "review-name" }, item.project.name);
  if (!item.project.cell)
    return h("li", {}, h("div", { class: `review review-${item.state}` }, name, ...reason));
  return h(
    "li",
    {},
    h(
      "button",
      {
        type: "button",
        class: `review review-${item.state}`,
        "data-sheet": item.project.sheet,
        "data-cell": item.project.cell,
        title: t(lang, "goToCell", { cell: `${item.project.sheet}!${item.project.cell}` }),
      },
      name,
      ...reason,
    ),
  );
}

/** What was drawn last: the list is rebuilt only when it changed (a rebuild loses the focus). */
let drawn: { items: readonly ReviewItem[] | null; note: string | null; lang: Lang } | null = null;

/** The states in groups (empty groups left out); `note` alone when the list could not be read. */
export function renderReviews(items: readonly ReviewItem[] | null, note: string | null, lang: Lang): void {
  if (drawn && drawn.items === items && drawn.note === note && drawn.lang === lang) return;
  drawn = { items, note, lang };
  const box = byId("reviews-panel");
  const list = byId("reviews-list");
  box.hidden = items === null && note === null;
  if (items === null) {
    list.replaceChildren(...(note ? [h("p", { class: "hint" }, note)] : []));
    return;
  }
  const groups = (Object.keys(stateOrder) as ReviewItem["state"][]).flatMap((state) => {
    const inState = items.filter((item) => item.state === state);
    if (inState.length === 0) return [];
    return [
      h("h3", { class: "pending-title" }, t(lang, stateTitle[state], { n: inState.length })),
      h(
        "ul",
        { class: `review-list review-list-${state}` },
        ...inState.map((item) => reviewLine(item, lang)),
      ),
    ];
  });
  list.replaceChildren(...(groups.length ? groups : [h("p", { class: "hint" }, t(lang, "reviewsNone"))]));
}
