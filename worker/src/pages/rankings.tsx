/**
 * The rankings page (docs/pages.md): the GET form of filters, the ranked table (the same rows as
 * `GET /api/v1/rankings` — it renders that very answer), a bar chart of the ranked metric and the
 * branches that have not reported.
 */
import { rubricMax } from "../../../shared/rubric.ts";
import type { Campaign, CampaignSummary } from "../db/campaigns.ts";
import type { Metric, Period } from "../ranking.ts";
import type { RankingRow, RankingsAnswer } from "../rankings.ts";
import { BarChart } from "./charts.tsx";
import { beijing, type Lang, metricLabel, percent, periodLabel, points, t } from "./i18n.ts";
import { type Chrome, Layout } from "./layout.tsx";
import { rw } from "./review-i18n.ts";
import { hasData, kinds, periodsOf } from "./select.ts";

export interface RankingsProps extends Chrome {
  campaigns: CampaignSummary[];
  campaign: Campaign;
  period: Period;
  metric: Metric;
  dataMonths: string[];
  answer: RankingsAnswer;
  csvHref: string;
  /** "gap": the rows by self-declared minus audited score, largest first (what an inspector reads first). */
  sort: "rank" | "gap";
  /** This page sorted the other way. */
  sortHref: string;
}

/** Where a branch's name leads: its page, at the month its ranked standing comes from. */
export function branchHref(code: string, campaign: string, period?: string): string {
  const q = new URLSearchParams({ campaign });
  if (period) q.set("period", period);
  return `/branches/${encodeURIComponent(code)}?${q}`;
}

export function rankText(row: Pick<RankingRow, "rank" | "tied">, lang: Lang): string {
  return row.tied ? t(lang).tied(row.rank) : t(lang).rankText(row.rank);
}

export function Movement(props: { movement: number | null; lang: Lang }) {
  const w = t(props.lang);
  const m = props.movement;
  const [kind, glyph, said] =
    m === null
      ? ["new", w.newEntry, w.newEntryLong]
      : m > 0
        ? ["up", `▲${m}`, w.up(m)]
        : m < 0
          ? ["down", `▼${-m}`, w.down(-m)]
          : ["same", "—", w.same];
  return (
    <td class={`mv ${kind}`} title={said}>
      <span aria-hidden="true">{glyph}</span>
      <span class="sr">{said}</span>
    </td>
  );
}

export function Stars(props: { stars: number; lang: Lang }) {
  const n = Math.max(0, Math.min(5, Math.round(props.stars)));
  return (
    <span role="img" aria-label={t(props.lang).starsLabel(n)} title={t(props.lang).starsLabel(n)}>
      <span class="on">{"★".repeat(n)}</span>
      <span class="off">{"☆".repeat(5 - n)}</span>
    </span>
  );
}

function metricMax(campaign: Campaign, metric: Metric, rows: RankingRow[]): number {
  const r = campaign.rubric;
  if (metric === "total") return rubricMax(r);
  if (metric === "activities") return r.activities.points;
  if (metric === "landmark") return r.landmark.points;
  // A star's share depends on how many projects it has: scale to the best, rounded up to 5.
  const best = Math.max(0, ...rows.map((row) => row.score));
  return Math.max(5, Math.ceil(best / 5) * 5);
}

const scoreColumns: Metric[] = ["total", "model", "service", "vanguard", "activities", "landmark"];

export function RankingsPage(props: RankingsProps) {
  const { lang, answer, period, metric } = props;
  const w = t(lang);
  const m = metricLabel[lang];
  const pLabel = periodLabel(period.period, lang);
  const campaignName = props.campaign.name;
  const gapOf = (row: RankingRow) => row.selfScore - row.total;
  const rows =
    props.sort === "gap"
      ? [...answer.rows].sort((a, b) => gapOf(b) - gapOf(a) || a.rank - b.rank)
      : answer.rows;
  const v = rw(lang);
  const cellValue = (row: RankingRow, key: Metric) =>
    key === "total" ? row.total : row.byCategory[key as Exclude<Metric, "total">];
  const max = metricMax(props.campaign, metric, rows);
  return (
    <Layout {...props}>
      <h1>{campaignName}</h1>
      <p class="lede">
        {pLabel} · {w.metric}
        {lang === "en" ? ": " : "："}
        {m[metric]}
      </p>

      <form class="card filters" method="get" action="/rankings" aria-label={w.filters}>
        <div class="field wide">
          <label for="f-campaign">{w.campaign}</label>
          <select id="f-campaign" name="campaign">
            {props.campaigns.map((c) => (
              <option value={c.id} selected={c.id === props.campaign.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-kind">{w.kind}</label>
          <select id="f-kind" name="kind">
            {kinds.map((k) => (
              <option value={k} selected={k === period.kind}>
                {w.kinds[k]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-period">{w.period}</label>
          <select id="f-period" name="period">
            {periodsOf(props.campaign.year, period.kind).map((p) => (
              <option value={p.period} selected={p.period === period.period}>
                {periodLabel(p.period, lang)}
                {hasData(p, props.dataMonths) ? "" : w.noData}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-metric">{w.metric}</label>
          <select id="f-metric" name="metric">
            {scoreColumns.map((k) => (
              <option value={k} selected={k === metric}>
                {m[k]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="primary">
          {w.show}
        </button>
      </form>

      <section class="card" aria-labelledby="rank-caption">
        <div class="table-head">
          <p>{w.summary(rows.length, answer.missing.length)}</p>
          <a class="button no-print" href={props.csvHref} download>
            <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <path
                fill="currentColor"
                d="M7.5 1h1v8.3l2.6-2.6.7.7L8 11.2 4.2 7.4l.7-.7 2.6 2.6zM2 13h12v1H2z"
              />
            </svg>
            {w.csv}
          </a>
          <a class="button" href={props.sortHref}>
            {props.sort === "gap" ? v.byRank : v.byGap}
          </a>
        </div>
        {rows.length === 0 ? (
          <p class="empty">{w.noneReported}</p>
        ) : (
          <section class="table-wrap" aria-labelledby="rank-caption" tabindex={0}>
            <table class="rank-table" id="rankings">
              <caption id="rank-caption">{w.caption(campaignName, pLabel, m[metric])}</caption>
              <thead>
                <tr>
                  <th scope="col">{w.rank}</th>
                  <th scope="col">{w.movement}</th>
                  <th scope="col" class="branch">
                    {w.branch}
                  </th>
                  <th scope="col">{w.stars}</th>
                  {scoreColumns.map((k) => (
                    <th
                      scope="col"
                      class="num"
                      aria-sort={k === metric && props.sort === "rank" ? "descending" : undefined}
                    >
                      {k === "total" ? v.audited : m[k]}
                    </th>
                  ))}
                  <th scope="col" class="num">
                    {v.self}
                  </th>
                  <th scope="col" class="num" aria-sort={props.sort === "gap" ? "descending" : undefined}>
                    {v.gap}
                  </th>
                  <th scope="col" class="num">
                    {v.pendingCount}
                  </th>
                  <th scope="col" class="num">
                    {v.returnedCount}
                  </th>
                  <th scope="col" class="num">
                    {w.clarity}
                  </th>
                  <th scope="col" class="num">
                    {w.completion}
                  </th>
                  <th scope="col" class="num">
                    {w.overdue}
                  </th>
                  <th scope="col">{w.lastSync}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => {
                  const when = beijing(row.submittedAt);
                  const podium = !row.tied && row.rank <= 3 ? ` top${row.rank}` : "";
                  return (
                    <tr data-code={row.branch.code} data-rank={row.rank} data-tied={String(row.tied)}>
                      <td class="rank">
                        {row.tied ? (
                          <>
                            <span class="badge" aria-hidden="true">
                              {row.rank}
                            </span>
                            <span class="tie">
                              {w.tiedWord}
                              <span class="n">{w.tiedPlace(row.rank)}</span>
                            </span>
                          </>
                        ) : (
                          <>
                            <span class={`badge${podium}`} aria-hidden="true">
                              {row.rank}
                            </span>
                            <span class="sr">{w.rankText(row.rank)}</span>
                          </>
                        )}
                      </td>
                      <Movement movement={row.movement} lang={lang} />
                      <th scope="row" class="branch">
                        <a href={branchHref(row.branch.code, answer.campaign.id, row.period)}>
                          {row.branch.name}
                        </a>
                      </th>
                      <td class="stars">
                        <Stars stars={row.stars} lang={lang} />
                      </td>
                      {scoreColumns.map((k) => (
                        <td class={k === metric ? "num sorted" : "num"}>{points(cellValue(row, k))}</td>
                      ))}
                      <td class="num">{points(row.selfScore)}</td>
                      <td class={props.sort === "gap" ? "num gap-col sorted" : "num gap-col"}>
                        {points(gapOf(row))}
                      </td>
                      <td class="num">{row.review.pending}</td>
                      <td class="num">{row.review.returned}</td>
                      <td class="num">{percent(row.clarityRate)}</td>
                      <td class="num">{percent(row.completionRate)}</td>
                      <td class="num">{row.overdue}</td>
                      <td class="when">
                        {when ? (
                          <time datetime={row.submittedAt} title={`${when.date} ${when.time}`}>
                            {when.date.slice(5)} {when.time}
                          </time>
                        ) : (
                          "—"
                        )}
                        {row.period !== period.period ? (
                          <span class="from">{w.fromMonth(periodLabel(row.period, lang))}</span>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        )}
        <p class="note">
          {w.method[answer.method]} {w.notes}
        </p>
      </section>

      <div class="grid2">
        <section class="card chart" aria-labelledby="chart-h">
          <h2 id="chart-h">{w.chartTitle(m[metric], pLabel)}</h2>
          {rows.length === 0 ? (
            <p class="empty">{w.noneReported}</p>
          ) : (
            <figure>
              <BarChart
                id="chart"
                title={w.chartTitle(m[metric], pLabel)}
                desc={w.chartDesc(rows.length, points(max))}
                max={max}
                bars={rows.map((row) => ({
                  label: `${rankText(row, lang)}  ${row.branch.name}`,
                  value: row.score,
                  title: `${row.branch.name}: ${points(row.score)}`,
                }))}
              />
            </figure>
          )}
        </section>
        <section class="card missing" aria-labelledby="missing-h" id="missing">
          <h2 id="missing-h">
            {w.missingTitle}
            {lang === "en" ? ` (${answer.missing.length})` : `（${answer.missing.length}）`}
          </h2>
          {answer.missing.length === 0 ? (
            <p class="empty">{w.missingNone}</p>
          ) : (
            <ul>
              {answer.missing.map((b) => (
                <li data-code={b.code}>
                  <a href={branchHref(b.code, answer.campaign.id)}>{b.name}</a>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </Layout>
  );
}

export function NoCampaignPage(props: Chrome) {
  return (
    <Layout {...props}>
      <section class="card">
        <h1>{t(props.lang).rankings}</h1>
        <p class="empty">{t(props.lang).noCampaign}</p>
      </section>
    </Layout>
  );
}
