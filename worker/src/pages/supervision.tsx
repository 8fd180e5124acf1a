/**
 * /supervision (督办, docs/pages.md): every branch's overdue, returned and due-soon items in one
 * table — most overdue first, with the owner named in the list and the days overdue — and the
 * branches that have not sent the month's list; a CSV of the same rows. Its words live here, not
 * in i18n.ts, as the page is the only one that speaks them.
 */
import { type CsvValue, toCsv } from "../../../shared/csv.ts";
import type { DueSoonItem } from "../../../shared/notify/items.ts";
import type { SupervisionRow, SupervisionView } from "../notify/supervision-view.ts";
import type { Lang } from "./i18n.ts";
import { type Chrome, Layout } from "./layout.tsx";

export const supervisionWords = {
  "zh-CN": {
    title: "督办",
    intro: (day: string) => `截至 ${day}：已逾期、被退回和 7 天内到期的项目，逾期最久的排在最前。`,
    campaign: "活动",
    show: "查看",
    csv: "下载 CSV",
    columns: ["支部", "项目", "责任人", "情况", "时间节点", "逾期天数", "说明"],
    kinds: { overdue: "已逾期", returned: "被退回", dueSoon: "即将到期" },
    noOwner: "未写明",
    daysLeft: (n: number) => (n === 0 ? "今天到期" : `还有 ${n} 天`),
    reason: (r: string) => `退回原因：${r}`,
    nothing: "没有需要督办的项目。",
    notReported: (period: string, n: number) => `${period} 尚未报送（${n} 个支部）`,
    allReported: (period: string) => `${period} 各支部均已报送。`,
    closes: (day: string) => `报送截止：${day}`,
    branchLink: "支部页",
  },
  en: {
    title: "Supervision",
    intro: (day: string) =>
      `As of ${day}: overdue, returned and due-within-7-days projects, the most overdue first.`,
    campaign: "Campaign",
    show: "Show",
    csv: "Download CSV",
    columns: ["Branch", "Project", "Owner", "State", "Time node", "Days overdue", "Note"],
    kinds: { overdue: "Overdue", returned: "Returned", dueSoon: "Due soon" },
    noOwner: "not named",
    daysLeft: (n: number) => (n === 0 ? "due today" : `${n} day(s) left`),
    reason: (r: string) => `Returned: ${r}`,
    nothing: "Nothing to follow up.",
    notReported: (period: string, n: number) => `Not yet reported for ${period} (${n} branches)`,
    allReported: (period: string) => `Every branch has reported for ${period}.`,
    closes: (day: string) => `Submissions close: ${day}`,
    branchLink: "branch page",
  },
} as const;

/** A row's note: days left, or the reviewer's reason. */
export function rowNote(row: SupervisionRow, lang: Lang): string {
  const w = supervisionWords[lang];
  if (row.kind === "returned") return w.reason(row.reason ?? "");
  if (row.kind === "dueSoon") return w.daysLeft(row.daysLeft ?? 0);
  return "";
}

export function SupervisionPage(props: Chrome & { view: SupervisionView; csvHref: string }) {
  const { lang, view } = props;
  const w = supervisionWords[lang];
  const branchHref = (code: string) =>
    `/branches/${encodeURIComponent(code)}?campaign=${encodeURIComponent(view.campaign.id)}`;
  return (
    <Layout {...props}>
      <section class="card" aria-labelledby="supervision-title">
        <h1 id="supervision-title">{w.title}</h1>
        <form method="get" action="/supervision" class="filters">
          <div class="field">
            <label for="campaign">{w.campaign}</label>
            <select id="campaign" name="campaign">
              {view.campaigns.map((c) => (
                <option value={c.id} selected={c.id === view.campaign.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{w.show}</button>
        </form>
        <p class="lede">{w.intro(view.day)}</p>
        <p>
          <a href={props.csvHref} download>
            {w.csv}
          </a>
        </p>
        {view.rows.length === 0 ? (
          <p>{w.nothing}</p>
        ) : (
          <section class="table-wrap" tabindex={0} aria-labelledby="supervision-title">
            <table class="supervision-table">
              <thead>
                <tr>
                  {w.columns.map((column) => (
                    <th scope="col">{column}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.rows.map((row) => (
                  <tr class={row.kind}>
                    <th scope="row">
                      <a href={branchHref(row.branch.code)}>{row.branch.name}</a>
                    </th>
                    <td>{row.project}</td>
                    <td>{row.owner || w.noOwner}</td>
                    <td>{w.kinds[row.kind]}</td>
                    <td>{row.node ?? ""}</td>
                    <td class="num">{row.daysOverdue ?? ""}</td>
                    <td>{rowNote(row, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </section>
      <section class="card" aria-labelledby="not-reported">
        <h2 id="not-reported">
          {view.notReported.length > 0
            ? w.notReported(view.period, view.notReported.length)
            : w.allReported(view.period)}
        </h2>
        {view.closes ? <p>{w.closes(view.closes)}</p> : null}
        {view.notReported.length > 0 ? (
          <ul class="missing">
            {view.notReported.map((b) => (
              <li>
                <a href={branchHref(b.code)}>{b.name}</a>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </Layout>
  );
}

/** The page's rows as CSV (the cell rules of shared/csv.ts: formula characters neutralized). */
export function supervisionCsv(view: SupervisionView, lang: Lang): string {
  const w = supervisionWords[lang];
  const rows: CsvValue[][] = [[lang === "en" ? "Branch code" : "支部代码", ...w.columns]];
  for (const row of view.rows) {
    rows.push([
      row.branch.code,
      row.branch.name,
      row.project,
      row.owner,
      w.kinds[row.kind],
      row.node,
      row.daysOverdue,
      rowNote(row, lang),
    ]);
  }
  for (const b of view.notReported)
    rows.push([b.code, b.name, "", "", w.notReported(view.period, view.notReported.length)]);
  rows.push([]);
  rows.push([`${view.campaign.name} · ${view.day}`]);
  return toCsv(rows);
}

/** A branch's due-soon list on its own page: the time nodes of the next 7 days, nearest first. */
export function DueSoonList(props: { lang: Lang; items: DueSoonItem[]; day: string }) {
  if (props.items.length === 0) return null;
  const words =
    props.lang === "en"
      ? {
          title: "Due within 7 days",
          asOf: `as of ${props.day}`,
          columns: ["Project", "Owner", "Time node", ""],
        }
      : { title: "7 天内到期", asOf: `截至 ${props.day}`, columns: ["项目", "责任人", "时间节点", ""] };
  const w = supervisionWords[props.lang];
  return (
    <section class="card" aria-labelledby="due-soon-h">
      <h2 id="due-soon-h">
        {words.title} <small>{words.asOf}</small>
      </h2>
      <section class="table-wrap" aria-labelledby="due-soon-h" tabindex={0}>
        <table class="due-soon-table">
          <thead>
            <tr>
              {words.columns.map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.items.map((i) => (
              <tr>
                <th scope="row">{i.name}</th>
                <td>{i.owner || w.noOwner}</td>
                <td>{i.due}</td>
                <td>{w.daysLeft(i.daysLeft)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}
