/**
 * CSV for Excel (docs/pages.md): UTF-8 with a byte-order mark (without it Excel reads Chinese as
 * ANSI), CRLF line ends, RFC 4180 quoting, and formula injection neutralized — a cell whose text
 * starts with = + - @, a tab or a carriage return gets a leading apostrophe, so a branch named
 * `=HYPERLINK(…)` stays text. Numbers go through the same rule (none here is negative). The cell
 * rules live in shared/csv.ts, which `juxing validate --csv` writes through too.
 */

import { type CsvValue, toCsv } from "../../../shared/csv.ts";
import type { RankingsAnswer } from "../rankings.ts";
import { beijing, type Lang, metricLabel, periodLabel, t } from "./i18n.ts";
import { rw } from "./review-i18n.ts";

export { type CsvValue, csvCell, toCsv } from "../../../shared/csv.ts";

const round = (n: number) => Math.round(n * 100) / 100 + 0;
const pct = (n: number) => `${round(n * 100)}%`;

/**
 * The rankings as the page shows them: the ranked rows — the audited score (核定分) that ranks,
 * the self-declared one (自评分) and the claims pending and returned beside it — then the
 * branches that have not reported (rank column 未报送 / Not reported, no scores). The header row
 * speaks `lang`.
 */
export function rankingsCsv(answer: RankingsAnswer, lang: Lang): string {
  const w = t(lang);
  const m = metricLabel[lang];
  const header = [
    w.rank,
    lang === "en" ? "Tied" : "并列",
    w.movement,
    lang === "en" ? "Previous rank" : "上期排名",
    lang === "en" ? "Branch code" : "支部代码",
    w.branch,
    w.stars,
    rw(lang).audited,
    rw(lang).self,
    rw(lang).pendingCount,
    rw(lang).returnedCount,
    m.model,
    m.service,
    m.vanguard,
    m.activities,
    m.landmark,
    w.clarity,
    w.completion,
    w.overdue,
    lang === "en" ? "Data month" : "数据月份",
    `${w.lastSync}${lang === "en" ? " (UTC+8)" : "（北京时间）"}`,
    lang === "en" ? `Ranked by (${m[answer.metric]})` : `排名依据（${m[answer.metric]}）`,
  ];
  const rows: CsvValue[][] = [header];
  for (const r of answer.rows) {
    const when = beijing(r.submittedAt);
    rows.push([
      r.rank,
      r.tied ? (lang === "en" ? "yes" : "是") : "",
      movementText(r.movement, lang),
      r.previousRank,
      r.branch.code,
      r.branch.name,
      r.stars,
      round(r.total),
      round(r.selfScore),
      r.review.pending,
      r.review.returned,
      round(r.byCategory.model),
      round(r.byCategory.service),
      round(r.byCategory.vanguard),
      round(r.byCategory.activities),
      round(r.byCategory.landmark),
      pct(r.clarityRate),
      pct(r.completionRate),
      r.overdue,
      r.period,
      when ? `${when.date} ${when.time}` : "",
      round(r.score),
    ]);
  }
  for (const b of answer.missing) {
    rows.push([w.missingTitle, "", "", "", b.code, b.name]);
  }
  rows.push([]);
  rows.push([`${answer.campaign.name} · ${periodLabel(answer.period, lang)}`]);
  return toCsv(rows);
}

/** ▲2 ▼1 — 新: never a leading + or -, which Excel would read as a formula. */
export function movementText(movement: number | null, lang: Lang): string {
  if (movement === null) return t(lang).newEntry;
  if (movement > 0) return `▲${movement}`;
  if (movement < 0) return `▼${-movement}`;
  return "—";
}

/** `attachment; filename=…` with an ASCII name and the UTF-8 one (RFC 6266 / 5987). */
export function csvDisposition(answer: RankingsAnswer, lang: Lang): string {
  const ascii = `juxing-rankings-${answer.campaign.id}-${answer.period}-${answer.metric}.csv`;
  const utf8 =
    lang === "en"
      ? ascii
      : `聚星排行榜-${answer.campaign.id}-${answer.period}-${metricLabel[lang][answer.metric]}.csv`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(utf8)}`;
}
