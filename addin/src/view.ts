/**
 * DOM builders for the pane's results: the score card, the findings grouped by severity then code,
 * the status line and the sync panel, from the controller's state (controller.ts). Plain DOM, no framework (the JavaScript budget, docs/quality.md).
 */
import type { Report } from "../../shared/analyze.ts";
import {
  catalogue,
  type Finding,
  type FindingCode,
  type Lang,
  renderFinding,
  type Severity,
} from "../../shared/findings.ts";
import { round2 } from "../../shared/score.ts";
import type { PendingLine, SyncView } from "./controller.ts";
import { type StringKey, t } from "./i18n.ts";

type Attrs = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === "class") el.className = String(value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined) el.append(child);
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from taskpane.html`);
  return el as T;
}

/** Applies the language to the static markup (data-i18n, data-i18n-aria-label). */
export function applyStrings(lang: Lang): void {
  document.documentElement.lang = lang;
  document.title = t(lang, "appName");
  for (const el of document.querySelectorAll<HTMLElement>("[data-i18n]")) {
    el.textContent = t(lang, el.dataset.i18n as StringKey);
  }
  for (const el of document.querySelectorAll<HTMLElement>("[data-i18n-aria-label]")) {
    el.setAttribute("aria-label", t(lang, el.dataset.i18nAriaLabel as StringKey));
  }
}

/** 68.8, 70, 12.35: two decimals at most, no trailing zeros. */
export function formatScore(value: number): string {
  return String(round2(value));
}

export function formatPercent(rate: number): string {
  return `${round2(rate * 100)}%`;
}

export function starsText(stars: number, max = 5): string {
  return "★".repeat(stars) + "☆".repeat(Math.max(0, max - stars));
}

export function renderScore(report: Report, lang: Lang, rubricLabel: string): void {
  const { score } = report;
  byId("score-total").textContent = formatScore(score.total);
  byId("score-max").textContent = `/ ${formatScore(score.max)}`;
  const stars = byId("score-stars");
  stars.replaceChildren(
    h("span", { "aria-hidden": "true" }, "★".repeat(score.stars)),
    h("span", { class: "star-off", "aria-hidden": "true" }, "☆".repeat(Math.max(0, 5 - score.stars))),
  );
  const starsLabel = score.stars > 0 ? t(lang, "starsLabel", { n: score.stars }) : t(lang, "noStars");
  stars.setAttribute("role", "img");
  stars.setAttribute("aria-label", `${t(lang, "stars")}: ${starsLabel}`);
  stars.title = starsLabel;

  const rows: [StringKey, string][] = [
    ["model", formatScore(score.byCategory.model)],
    ["service", formatScore(score.byCategory.service)],
    ["vanguard", formatScore(score.byCategory.vanguard)],
    ["activities", formatScore(score.byCategory.activities)],
    ["landmark", formatScore(score.byCategory.landmark)],
    ["clarityRate", formatPercent(score.clarityRate)],
    ["completionRate", formatPercent(score.completionRate)],
    ["overdue", String(score.overdue)],
  ];
  byId("score-grid").replaceChildren(
    ...rows.map(([key, value]) =>
      h("div", { "data-key": key }, h("dt", {}, t(lang, key)), h("dd", {}, value)),
    ),
  );
  byId("score-meta").textContent = [
    t(lang, "projects", { n: report.projects.length }),
    // Which sheets the list was read from: several for one sheet per star, the month's for monthly sheets.
    ...(report.table
      ? [t(lang, "sheetsRead", { sheets: report.table.sheets.join(lang === "en" ? ", " : "、") })]
      : []),
    t(lang, "periodUsed", { period: report.period ?? report.asOf.slice(0, 7) }),
    t(lang, "asOf", { date: report.asOf }),
    t(lang, "scoredWith", { rubric: rubricLabel }),
  ].join(" · ");
  byId("score").hidden = false;
}

export const severities: Severity[] = ["error", "warning", "info"];

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** Severity, then code in catalogue order, each code's findings in reading order. */
export function groupFindings(
  findings: Finding[],
): { severity: Severity; codes: { code: FindingCode; items: Finding[] }[] }[] {
  const order = Object.keys(catalogue) as FindingCode[];
  return severities
    .map((severity) => {
      const byCode = new Map<FindingCode, Finding[]>();
      for (const f of findings) {
        if (f.severity !== severity) continue;
        const list = byCode.get(f.code);
        if (list) list.push(f);
        else byCode.set(f.code, [f]);
      }
      const codes = [...byCode.entries()]
        .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
        .map(([code, items]) => ({ code, items }));
      return { severity, codes };
    })
    .filter((g) => g.codes.length > 0);
}

/** `Sheet!E6`, quoted as Excel quotes sheet names with spaces or punctuation. */
export function cellLabel(f: Pick<Finding, "sheet" | "cell">): string | null {
  if (!f.sheet || !f.cell) return null;
  const quoted = /^[\p{L}\p{N}_]+$/u.test(f.sheet) ? f.sheet : `'${f.sheet.replaceAll("'", "''")}'`;
  return `${quoted}!${f.cell}`;
}

/** Items shown per code before a "show more" button: thousands of buttons would freeze the pane. */
export const PAGE = 50;

function findingItem(f: Finding, lang: Lang): HTMLLIElement {
  const label = cellLabel(f);
  const cell = h("span", { class: "finding-cell" }, label ?? t(lang, "workbookLevel"));
  const message = h("span", { class: "finding-message" }, renderFinding(f, lang));
  if (!label || !f.sheet || !f.cell) {
    return h("li", {}, h("div", { class: `finding finding-${f.severity}` }, cell, message));
  }
  return h(
    "li",
    {},
    h(
      "button",
      {
        type: "button",
        class: `finding finding-${f.severity}`,
        "data-sheet": f.sheet,
        "data-cell": f.cell,
        "data-code": f.code,
        title: t(lang, "goToCell", { cell: label }),
      },
      cell,
      message,
    ),
  );
}

function appendPage(
  list: HTMLUListElement,
  items: Finding[],
  from: number,
  lang: Lang,
  host: HTMLElement,
): void {
  const end = Math.min(items.length, from + PAGE);
  for (let i = from; i < end; i++) list.append(findingItem(items[i] as Finding, lang));
  host.querySelector(".show-more")?.remove();
  if (end < items.length) {
    const more = h(
      "button",
      { type: "button", class: "btn btn-subtle btn-small show-more" },
      t(lang, "showMore", { n: Math.min(PAGE, items.length - end) }),
    );
    more.addEventListener("click", () => {
      appendPage(list, items, end, lang, host);
      (list.children[end]?.querySelector("button, div") as HTMLElement | null)?.focus();
    });
    host.append(more);
  }
}

export function renderFindings(findings: Finding[], lang: Lang): void {
  const counts = countBySeverity(findings);
  byId("findings-summary").textContent = t(lang, "findingsSummary", counts);
  const list = byId("findings-list");
  if (findings.length === 0) {
    list.replaceChildren(h("p", { class: "status status-success" }, t(lang, "noFindings")));
  } else {
    list.replaceChildren(
      ...groupFindings(findings).map(({ severity, codes }) => {
        const titleId = `sev-${severity}`;
        const total = codes.reduce((n, c) => n + c.items.length, 0);
        return h(
          "section",
          { class: "severity-group", "aria-labelledby": titleId, "data-severity": severity },
          h(
            "h3",
            { class: "severity-title", id: titleId },
            h("span", { class: `badge badge-${severity}` }, String(total)),
            t(lang, `severity_${severity}` as StringKey),
          ),
          ...codes.map(({ code, items }) => {
            const ul = h("ul", { class: "finding-list" });
            const group = h(
              "div",
              { class: "code-group", "data-code": code },
              h(
                "h4",
                { class: "code-title" },
                h("span", {}, `${catalogue[code].title[lang]} (${items.length})`),
                h("span", { class: "code-id" }, code),
              ),
              ul,
            );
            appendPage(ul, items, 0, lang, group);
            return group;
          }),
        );
      }),
    );
  }
  byId("findings").hidden = false;
}

/** The status line, or the alert for an error (read out at once by screen readers). */
export function renderStatus(
  status: { text: string; tone: "info" | "success" | "warning" | "error" } | null,
): void {
  const line = byId("status");
  const alert = byId("alert");
  if (status?.tone === "error") {
    alert.textContent = status.text;
    alert.hidden = false;
    line.textContent = "";
    line.className = "status";
    return;
  }
  alert.hidden = true;
  alert.textContent = "";
  line.textContent = status?.text ?? "";
  line.className = !status || status.tone === "info" ? "status" : `status status-${status.tone}`;
}

const actionText: Record<PendingLine["actions"][number], StringKey> = {
  retry: "retryNow",
  discard: "discard",
};

/** The last result and the items under 待发送, as the controller words them. */
export function renderSync(sync: SyncView, lang: Lang): void {
  byId("sync-last").textContent = sync.last?.text ?? "";
  byId("sync-last-at").textContent = sync.last?.at ?? "";
  const pending = byId("sync-pending");
  if (sync.items.length === 0) {
    pending.replaceChildren();
  } else {
    pending.replaceChildren(
      h("h3", { class: "pending-title" }, `${t(lang, "pendingTitle")} (${sync.items.length})`),
      h(
        "ul",
        { class: "pending-list" },
        ...sync.items.map((item) =>
          h(
            "li",
            {
              class: `pending-item${item.state === "failed" ? " is-failed" : ""}`,
              "data-id": item.id,
              "data-state": item.state,
            },
            h("p", {}, item.text),
            item.hint ? h("p", { class: "hint" }, item.hint) : null,
            h(
              "div",
              { class: "pending-actions" },
              ...item.actions.map((action) =>
                h(
                  "button",
                  {
                    type: "button",
                    class: action === "retry" ? "btn btn-small" : "btn btn-subtle btn-small",
                    "data-action": action,
                    "data-id": item.id,
                  },
                  t(lang, actionText[action]),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }
  byId("sync-panel").hidden = !sync.last && sync.items.length === 0;
}
