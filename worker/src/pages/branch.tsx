/**
 * One branch (docs/pages.md): its score card, the trend of its total and of each star across the
 * campaign's months (from the same per-month history the API serves), and the projects and
 * findings of its latest submission.
 */

import type { ReviewCounts, ReviewItem } from "../../../shared/api/reviews.ts";
import {
  catalogue,
  type FindingCode,
  renderFinding,
  severityOrder,
  unfilled,
} from "../../../shared/findings.ts";
import type { DueSoonItem } from "../../../shared/notify/items.ts";
import { rubricMax } from "../../../shared/rubric.ts";
import type { Project } from "../../../shared/rules.ts";
import type { Campaign } from "../db/campaigns.ts";
import type { DetailRow, ScoreRow, StoredFinding } from "../db/submissions.ts";
import { LegendLine, LineChart, type Series } from "./charts.tsx";
import { type BranchJudged, BranchJudgedCard } from "./events.tsx";
import { beijing, everyText, type Lang, metricLabel, percent, periodLabel, points, t } from "./i18n.ts";
import { type Chrome, Layout } from "./layout.tsx";
import { Stars } from "./rankings.tsx";
import { rw } from "./review-i18n.ts";
import { DueSoonList } from "./supervision.tsx";

/** A project's verification: 退回 with its reason, 待核实, 已核实, or — when it is not a claim. */
function verdictText(item: ReviewItem | null, lang: Lang): string {
  if (!item) return "—";
  const v = rw(lang);
  const state = v.state[item.state] ?? item.state;
  return item.state === "returned" && item.review ? `${state}：${item.review.reason}` : state;
}

/** At most this many findings are listed; a 1,000-row list can carry thousands. */
export const MAX_FINDINGS = 500;

export interface BranchProps extends Chrome {
  branch: { code: string; name: string };
  campaign: Campaign;
  history: { period: string; row: ScoreRow | null }[];
  latest: { row: DetailRow; findings: StoredFinding[]; projects: Project[] } | null;
  /** Each project's points under the rubric it was scored with; null when that rubric is gone. */
  projectPoints: number[] | null;
  /** The latest list's self-declared total, its claims by state, and each project's review (null: not a claim). */
  verification: { selfTotal: number; review: ReviewCounts; states: (ReviewItem | null)[] } | null;
  backHref: string;
  /** The latest list's time nodes of the next 7 days (督办), as of `dueSoon.day`. */
  dueSoon?: { day: string; items: DueSoonItem[] };
  /** Judged events (现场打分) beside the branch's own 自报 numbers. */
  judged?: BranchJudged;
}

/**
 * A finding's message in the page's language. Findings are stored as data (code, value, params)
 * and rendered here; a finding stored before they carried params keeps the message it was stored
 * with when its template needs more than its value and column.
 */
export function findingMessage(finding: StoredFinding, lang: Lang): string {
  if (!(finding.code in catalogue)) return finding.message ?? finding.code;
  const data = { ...finding, code: finding.code as FindingCode, params: finding.params ?? {} };
  if (!finding.params && finding.message && unfilled(data, lang).length > 0) return finding.message;
  return renderFinding(data, lang);
}

function deadlineText(project: Project, lang: Lang): string {
  const d = project.deadline;
  const w = t(lang);
  if (d.kind === "date") return d.date;
  if (d.kind === "recurring") return everyText(d.every, lang);
  return w.deadlines[d.kind];
}

const stars = ["model", "service", "vanguard"] as const;

export function BranchPage(props: BranchProps) {
  const { lang, branch, campaign, latest } = props;
  const w = t(lang);
  const v = rw(lang);
  const m = metricLabel[lang];
  const months = props.history.map((h) => h.period);
  const xLabels = months.map((p) => String(Number(p.slice(5, 7))));
  const totals: Series = {
    key: "total",
    label: w.total,
    values: props.history.map((h) => h.row?.total ?? null),
  };
  const starSeries: Series[] = stars.map((s) => ({
    key: s,
    label: m[s],
    values: props.history.map((h) => h.row?.[s] ?? null),
  }));
  const bestStar = Math.max(0, ...starSeries.flatMap((s) => s.values.map((v) => v ?? 0)));
  const starMax = Math.max(5, Math.ceil(bestStar / 5) * 5);
  const row = latest?.row ?? null;
  const when = beijing(row?.received_at);
  const findings = latest
    ? [...latest.findings].sort(
        (a, b) =>
          severityOrder[a.severity] - severityOrder[b.severity] ||
          (a.row ?? Number.MAX_SAFE_INTEGER) - (b.row ?? Number.MAX_SAFE_INTEGER),
      )
    : [];
  const shown = findings.slice(0, MAX_FINDINGS);
  const paren = (n: number) => (lang === "en" ? ` (${n})` : `（${n}）`);
  return (
    <Layout {...props}>
      <p class="crumbs">
        <a href={props.backHref}>← {w.back}</a>
      </p>
      <h1>{branch.name}</h1>
      <ul class="meta">
        <li>{campaign.name}</li>
        <li>
          {w.branchTitle} <code>{branch.code}</code>
        </li>
        {row ? <li>{w.latest(periodLabel(row.period, lang))}</li> : null}
        {when && row ? (
          <li>
            {w.syncedAt}{" "}
            <time datetime={row.received_at}>
              {when.date} {when.time}
            </time>
          </li>
        ) : null}
        {row ? (
          <li>
            {w.workbook} {row.workbook_name}
          </li>
        ) : null}
      </ul>

      {row ? (
        <dl class="cards" aria-label={w.scoreCard}>
          <div class="stat">
            <dt>{v.audited}</dt>
            <dd>
              {points(row.total)} <span class="of">/ {points(row.max)}</span>
            </dd>
          </div>
          {props.verification ? (
            <>
              <div class="stat">
                <dt>{v.self}</dt>
                <dd>{points(props.verification.selfTotal)}</dd>
              </div>
              <div class="stat">
                <dt>{v.pendingCount}</dt>
                <dd>{props.verification.review.pending}</dd>
              </div>
              <div class="stat">
                <dt>{v.returnedCount}</dt>
                <dd>{props.verification.review.returned}</dd>
              </div>
            </>
          ) : null}
          <div class="stat">
            <dt>{w.stars}</dt>
            <dd class="stars">
              <Stars stars={row.stars} lang={lang} />
            </dd>
          </div>
          {(["model", "service", "vanguard", "activities", "landmark"] as const).map((k) => (
            <div class="stat">
              <dt>{m[k]}</dt>
              <dd>{points(row[k])}</dd>
            </div>
          ))}
          <div class="stat">
            <dt>{w.clarity}</dt>
            <dd>{percent(row.clarity_rate)}</dd>
          </div>
          <div class="stat">
            <dt>{w.completion}</dt>
            <dd>{percent(row.completion_rate)}</dd>
          </div>
          <div class="stat">
            <dt>{w.overdue}</dt>
            <dd>{row.overdue}</dd>
          </div>
        </dl>
      ) : (
        <p class="card empty">{w.noSubmission}</p>
      )}

      {props.dueSoon ? <DueSoonList lang={lang} items={props.dueSoon.items} day={props.dueSoon.day} /> : null}
      {props.judged ? <BranchJudgedCard {...props.judged} lang={lang} /> : null}

      <section class="card chart" aria-labelledby="trend-h">
        <h2 id="trend-h">{w.trend}</h2>
        <figure>
          <h3>{w.trendTotal(String(rubricMax(campaign.rubric)))}</h3>
          <LineChart
            id="trend-total"
            title={`${w.trend} · ${w.total}`}
            desc={w.trendDesc(branch.name)}
            max={rubricMax(campaign.rubric)}
            height={220}
            xLabels={xLabels}
            series={[totals]}
          />
          <h3>{w.trendStars}</h3>
          <LineChart
            id="trend-stars"
            title={`${w.trend} · ${m.model} ${m.service} ${m.vanguard}`}
            desc={w.trendDesc(branch.name)}
            max={starMax}
            height={180}
            xLabels={xLabels}
            series={starSeries}
          />
          <figcaption>
            <ul class="legend">
              {[totals, ...starSeries].map((s) => (
                <li>
                  <LegendLine series={s.key} />
                  {s.label}
                </li>
              ))}
            </ul>
          </figcaption>
        </figure>
        <section class="table-wrap" aria-labelledby="history-caption" tabindex={0}>
          <table>
            <caption id="history-caption">{w.history}</caption>
            <thead>
              <tr>
                <th scope="col">{w.month}</th>
                <th scope="col" class="num">
                  {w.total}
                </th>
                {stars.map((s) => (
                  <th scope="col" class="num">
                    {m[s]}
                  </th>
                ))}
                <th scope="col">{w.stars}</th>
              </tr>
            </thead>
            <tbody>
              {props.history
                .filter((h) => h.row)
                .map((h) => (
                  <tr>
                    <th scope="row" class="nowrap">
                      {periodLabel(h.period, lang)}
                    </th>
                    <td class="num">{points(h.row?.total)}</td>
                    {stars.map((s) => (
                      <td class="num">{points(h.row?.[s])}</td>
                    ))}
                    <td class="stars">
                      <Stars stars={h.row?.stars ?? 0} lang={lang} />
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      </section>

      {latest ? (
        <section class="card" aria-labelledby="projects-h">
          <h2 id="projects-h">
            {w.projects}
            {paren(latest.projects.length)}
          </h2>
          <section class="table-wrap" aria-labelledby="projects-caption" tabindex={0}>
            <table id="projects">
              <caption id="projects-caption">
                {w.projectsCaption(latest.projects.length)} · {periodLabel(latest.row.period, lang)}
              </caption>
              <thead>
                <tr>
                  <th scope="col" class="num">
                    {w.row}
                  </th>
                  <th scope="col">{w.category}</th>
                  <th scope="col">{w.name}</th>
                  <th scope="col">{w.owner}</th>
                  <th scope="col">{w.deadline}</th>
                  <th scope="col">{w.status}</th>
                  <th scope="col" class="num">
                    {w.progress}
                  </th>
                  <th scope="col">{w.evidence}</th>
                  <th scope="col">{v.branchState}</th>
                  {props.projectPoints ? (
                    <th scope="col" class="num">
                      {w.projectPoints}
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {latest.projects.map((p, i) => (
                  <tr>
                    <td class="num">{p.row}</td>
                    <td>{w.categories[p.category ?? "none"]}</td>
                    <th scope="row" class="wrap-text">
                      {p.name || "—"}
                    </th>
                    <td class="nowrap">{p.owner || "—"}</td>
                    <td class="nowrap">{deadlineText(p, lang)}</td>
                    <td class="nowrap">{w.statuses[p.status]}</td>
                    <td class="num">{p.progress === null ? "—" : percent(p.progress)}</td>
                    <td>{p.hasEvidence ? w.yes : w.no}</td>
                    <td class={`verdict ${props.verification?.states[i]?.state ?? "none"}`}>
                      {verdictText(props.verification?.states[i] ?? null, lang)}
                    </td>
                    {props.projectPoints ? <td class="num">{points(props.projectPoints[i])}</td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {props.projectPoints ? null : <p class="note">{w.pointsUnavailable}</p>}
        </section>
      ) : null}

      {latest ? (
        <section class="card" aria-labelledby="findings-h">
          <h2 id="findings-h">
            {w.findings}
            {paren(findings.length)}
          </h2>
          {findings.length === 0 ? (
            <p class="empty">{w.findingsNone}</p>
          ) : (
            <section class="table-wrap" aria-labelledby="findings-caption" tabindex={0}>
              <table id="findings">
                <caption id="findings-caption">{w.findingsCaption(findings.length)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{w.severity}</th>
                    <th scope="col">{w.code}</th>
                    <th scope="col">{w.cell}</th>
                    <th scope="col">{w.message}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((f) => (
                    <tr>
                      <td class={`sev ${f.severity}`}>
                        <span aria-hidden="true">
                          {f.severity === "error" ? "✖ " : f.severity === "warning" ? "▲ " : "ℹ "}
                        </span>
                        {w.severities[f.severity]}
                      </td>
                      <td>
                        <code>{f.code}</code>
                      </td>
                      <td class="nowrap">{f.cell ? `${f.sheet ? `${f.sheet}!` : ""}${f.cell}` : "—"}</td>
                      <td class="wrap-text">{findingMessage(f, lang)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {findings.length > shown.length ? (
            <p class="note">{w.findingsMore(findings.length - shown.length)}</p>
          ) : null}
        </section>
      ) : null}
    </Layout>
  );
}
