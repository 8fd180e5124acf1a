/**
 * The 现场打分 pages (docs/pages.md "On-site judging"), with no script:
 * - EventsPage: a campaign's events, open and closed;
 * - EventPage: one event's result once closed — every judge's score, the dropped ones struck
 *   through, the trimmed mean and the rank — or, while open, how many judges scored each branch;
 *   `screen` is the projector view, which reloads itself every 10 s while the event is open;
 * - JudgePage: a judge's phone — one big number field and one plain POST form per branch.
 */
import type { BranchResult, EventAnswer, EventSummary, JudgeScore } from "../../../shared/api/events.ts";
import { ew } from "./events-i18n.ts";
import { type Lang, periodLabel, points } from "./i18n.ts";
import { judgeJsHref } from "./judge.js.ts";
import { type Chrome, Layout } from "./layout.tsx";

/** Scores as entered: 88, 88.5 — not 88.00. */
export function scoreText(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function RankCell(props: { rank: number | null; tied: boolean; lang: Lang }) {
  const w = ew(props.lang);
  if (props.rank === null) return <td class="rank">—</td>;
  const podium = !props.tied && props.rank <= 3 ? ` top${props.rank}` : "";
  return (
    <td class="rank">
      <span class={`badge${podium}`} aria-hidden="true">
        {props.rank}
      </span>
      {props.tied ? (
        <span class="tie">{w.tied(props.rank)}</span>
      ) : (
        <span class="sr">{w.rankText(props.rank)}</span>
      )}
    </td>
  );
}

/** The sorted scores, the dropped ones struck through (and said so to a screen reader). */
export function ScoreList(props: { scores: number[]; dropped: number[]; lang: Lang }) {
  const w = ew(props.lang);
  const count = props.scores.length;
  const t = props.dropped.length / 2;
  return (
    <ul class="scores">
      {props.scores.map((value, i) =>
        i < t || i >= count - t ? (
          <li class="dropped">
            <s>{scoreText(value)}</s>
            <span class="sr">{w.droppedShort}</span>
          </li>
        ) : (
          <li>{scoreText(value)}</li>
        ),
      )}
    </ul>
  );
}

export function EventsPage(
  props: Chrome & {
    campaigns: { id: string; name: string }[];
    campaign: { id: string; name: string };
    events: EventSummary[];
  },
) {
  const w = ew(props.lang);
  return (
    <Layout {...props}>
      <section class="card" aria-labelledby="events-title">
        <h1 id="events-title">{w.eventsTitle}</h1>
        <p class="lede">{w.eventsIntro}</p>
        {props.campaigns.length > 1 ? (
          <form method="get" action="/events" class="filters">
            <div class="field">
              <label for="campaign">{props.campaign.name}</label>
              <select id="campaign" name="campaign">
                {props.campaigns.map((c) => (
                  <option value={c.id} selected={c.id === props.campaign.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="button">
              OK
            </button>
          </form>
        ) : null}
        {props.events.length === 0 ? (
          <p class="empty">{w.noEvents}</p>
        ) : (
          <div class="table-wrap">
            <table class="events-table">
              <thead>
                <tr>
                  <th scope="col">{w.eventName}</th>
                  <th scope="col">{w.date}</th>
                  <th scope="col">{w.period}</th>
                  <th scope="col">{w.state}</th>
                  <th scope="col" class="num">
                    {w.branchesCount}
                  </th>
                  <th scope="col" class="num">
                    {w.judgesCount}
                  </th>
                </tr>
              </thead>
              <tbody>
                {props.events.map((e) => (
                  <tr data-event={e.id}>
                    <th scope="row">
                      <a href={`/events/${e.id}`}>{e.name}</a>
                      {e.closed ? null : (
                        <a class="code" href={`/events/${e.id}/screen`}>
                          {w.screenLink}
                        </a>
                      )}
                    </th>
                    <td class="nowrap">{e.date}</td>
                    <td class="nowrap">{periodLabel(e.period, props.lang)}</td>
                    <td class={e.closed ? "state closed" : "state open"}>{e.closed ? w.closed : w.open}</td>
                    <td class="num">{e.branches}</td>
                    <td class="num">{e.judges}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>
  );
}

export function EventPage(props: Chrome & { answer: EventAnswer; screen: boolean }) {
  const w = ew(props.lang);
  const { event, rows, judges } = props.answer;
  const judgeCount = judges.length;
  return (
    <Layout {...props} refresh={props.screen && !event.closed ? 10 : undefined}>
      <div class={props.screen ? "screen" : ""}>
        {props.screen ? null : (
          <p class="crumbs">
            <a href={`/events?campaign=${encodeURIComponent(event.campaign)}`}>{w.back}</a>
          </p>
        )}
        <section class="card" aria-labelledby="event-title">
          <h1 id="event-title">{event.name}</h1>
          <ul class="meta">
            <li>{event.date}</li>
            <li>{periodLabel(event.period, props.lang)}</li>
            <li class={event.closed ? "state closed" : "state open"}>{event.closed ? w.closed : w.open}</li>
            <li>
              {w.judgesCount} {judgeCount}
            </li>
          </ul>
          {event.closed ? (
            <>
              <p class="lede">
                {w.trimRule(event.trim)} {w.droppedLegend}
              </p>
              <div class="table-wrap">
                <table class="rank-table event-result">
                  <caption>{event.name}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{w.rank}</th>
                      <th scope="col" class="branch">
                        {w.branch}
                      </th>
                      <th scope="col">{w.scores}</th>
                      <th scope="col" class="num">
                        {w.trimmedMean}
                      </th>
                      <th scope="col" class="num">
                        {w.count}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <tr data-code={row.branch.code} data-rank={row.rank ?? ""}>
                        <RankCell rank={row.rank} tied={row.tied} lang={props.lang} />
                        <th scope="row" class="branch">
                          {row.branch.name}
                          <span class="code">{row.branch.code}</span>
                        </th>
                        <td>
                          {row.count === 0 ? (
                            w.notScored
                          ) : (
                            <ScoreList scores={row.scores} dropped={row.dropped} lang={props.lang} />
                          )}
                        </td>
                        <td class="num mean">{points(row.score)}</td>
                        <td class="num">{row.count}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <>
              <p class="lede">
                {w.waiting}
                {props.screen ? ` ${w.refreshNote}` : null}
              </p>
              {props.screen ? null : (
                <p>
                  <a href={`/events/${event.id}/screen`}>{w.screenLink}</a>
                </p>
              )}
              <div class="grid2">
                <div class="table-wrap">
                  <table class="event-progress">
                    <thead>
                      <tr>
                        <th scope="col" class="branch">
                          {w.branch}
                        </th>
                        <th scope="col" class="num">
                          {w.progressLink}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((row) => (
                        <tr data-code={row.branch.code} data-count={row.count}>
                          <th scope="row" class="branch">
                            {row.branch.name}
                          </th>
                          <td class={row.count >= judgeCount && judgeCount > 0 ? "num done" : "num"}>
                            {w.scoredBy(row.count, judgeCount)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <section aria-labelledby="judges-title">
                  <h2 id="judges-title">{w.judgesProgress}</h2>
                  <ul class="judges">
                    {judges.map((j) => (
                      <li data-judge={j.id}>
                        {j.name}：{w.scoredBy(j.scored, rows.length)}
                      </li>
                    ))}
                  </ul>
                </section>
              </div>
            </>
          )}
        </section>
      </div>
    </Layout>
  );
}

/** What the last save of one branch's form did, shown beside that form. */
export type JudgeFlash =
  | { branch: string; ok: true; value: number }
  | { branch: string; ok: false; message: string; typed: string };

export function JudgePage(
  props: Chrome & {
    judge: { name: string };
    event: EventAnswer["event"];
    branches: { code: string; name: string }[];
    mine: JudgeScore[];
    flash: JudgeFlash | null;
  },
) {
  const w = ew(props.lang);
  const mine = new Map(props.mine.map((s) => [s.branch, s]));
  const scored = props.branches.filter((b) => mine.has(b.code)).length;
  const flash = props.flash;
  return (
    <Layout {...props}>
      <section class="card judge" aria-labelledby="judge-title">
        <h1 id="judge-title">{props.event.name}</h1>
        <p class="meta">
          {props.event.date} · {w.judgeHello(props.judge.name)}
        </p>
        <p class="progress" id="progress" role="status">
          <strong>{w.progress(scored, props.branches.length)}</strong>
        </p>
        {props.event.closed ? (
          <p class="alert">{w.judgeClosed}</p>
        ) : (
          <>
            <p class="lede">{w.judgeIntro}</p>
            <p class="note">{w.offlineHint}</p>
          </>
        )}
        {flash?.ok ? (
          <p class="saved-now" role="status">
            {w.savedNow(
              props.branches.find((b) => b.code === flash.branch)?.name ?? flash.branch,
              scoreText(flash.value),
            )}
          </p>
        ) : null}
        <ol class="judge-list">
          {props.branches.map((b) => {
            const own = mine.get(b.code);
            const failed = flash && !flash.ok && flash.branch === b.code ? flash : null;
            const value = failed ? failed.typed : own ? scoreText(own.score) : "";
            const statusId = `st-${b.code}`;
            return (
              <li id={`b-${b.code}`} data-code={b.code} class={failed ? "failed" : own ? "scored" : ""}>
                <form method="post" action={`/judge/scores/${encodeURIComponent(b.code)}#b-${b.code}`}>
                  <label for={`s-${b.code}`}>
                    {b.name}
                    <span class="code">{b.code}</span>
                  </label>
                  <div class="judge-input">
                    <input
                      id={`s-${b.code}`}
                      name="score"
                      type="number"
                      inputmode="decimal"
                      min="0"
                      max="100"
                      step="any"
                      required
                      value={value}
                      disabled={props.event.closed}
                      aria-label={w.scoreLabel(b.name)}
                      aria-invalid={failed ? "true" : undefined}
                      aria-describedby={statusId}
                    />
                    <button type="submit" class="primary" disabled={props.event.closed}>
                      {w.save}
                    </button>
                  </div>
                  <p
                    class="judge-status"
                    id={statusId}
                    role={failed ? "alert" : undefined}
                    aria-live="polite"
                  >
                    {failed
                      ? `${w.saveFailed}${failed.message}`
                      : own
                        ? w.saved(scoreText(own.score))
                        : w.notYet}
                  </p>
                </form>
              </li>
            );
          })}
        </ol>
        <form method="post" action="/logout">
          <button type="submit" class="button">
            {w.signOut}
          </button>
        </form>
      </section>
      <script src={judgeJsHref} defer />
    </Layout>
  );
}

/** What the branch page shows of judged events: each result beside the branch's own 自报 part. */
export interface BranchJudged {
  events: (EventSummary & { result?: BranchResult | null })[];
  /** The activities points that count (from closed events) under `activities: "judged"`; null under `self`. */
  judgedPoints: number | null;
  /** The workbook's own 亮晒比评 part of the latest submission (自报). */
  selfPoints: number | null;
  maxPoints: number;
}

export function BranchJudgedCard(props: BranchJudged & { lang: Lang }) {
  const w = ew(props.lang);
  return (
    <section class="card" aria-labelledby="judged-h" id="judged">
      <h2 id="judged-h">{w.branchJudgedTitle}</h2>
      <dl class="cards judged-vs-self">
        <div class="stat">
          <dt>{w.judgedPart}</dt>
          <dd>
            {props.judgedPoints === null ? w.notCounted : points(props.judgedPoints)}{" "}
            <span class="of">/ {points(props.maxPoints)}</span>
          </dd>
        </div>
        <div class="stat">
          <dt>{w.selfPart}</dt>
          <dd>
            {points(props.selfPoints)} <span class="of">/ {points(props.maxPoints)}</span>
          </dd>
        </div>
      </dl>
      <p class="note">{props.judgedPoints === null ? w.selfCounts : w.judgedCounts}</p>
      {props.events.length === 0 ? (
        <p class="empty">{w.noEventsForBranch}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{w.eventName}</th>
                <th scope="col">{w.date}</th>
                <th scope="col" class="num">
                  {w.trimmedMean}
                </th>
                <th scope="col" class="num">
                  {w.rank}
                </th>
              </tr>
            </thead>
            <tbody>
              {props.events.map((e) => (
                <tr data-event={e.id}>
                  <th scope="row">
                    <a href={`/events/${e.id}`}>{e.name}</a>
                  </th>
                  <td class="nowrap">{e.date}</td>
                  <td class="num">{e.closed ? points(e.result?.score ?? null) : w.open}</td>
                  <td class="num">
                    {e.result?.rank
                      ? e.result.tied
                        ? w.tied(e.result.rank)
                        : w.rankText(e.result.rank)
                      : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
