/**
 * /review — the reviewer's queue (docs/pages.md): one branch's claims for a month, each with what
 * it says and two buttons, 核实通过 and 退回 (with a reason), as plain POST forms that work without
 * script. Pending claims come first; a decided one can be decided again. Big targets for a phone,
 * labels on every field, and the order of the page is the order of the keyboard.
 */
import type { ReviewItem } from "../../../shared/api/reviews.ts";
import { type Chrome, Layout } from "./layout.tsx";
import { rw } from "./review-i18n.ts";

export interface ReviewFlash {
  ok: boolean;
  message: string;
  /** The claim it is about (its content hash), and what was typed as the reason. */
  contentHash?: string;
  reason?: string;
}

export interface ReviewPageProps extends Chrome {
  reviewer: string;
  campaign: string;
  period: string;
  months: string[];
  branches: { code: string; name: string; pending: number }[];
  branch: { code: string; name: string } | null;
  items: ReviewItem[];
  /** A fresh idempotency key per form: a double click records one review. */
  keys: string[];
  flash: ReviewFlash | null;
}

const stateOrder = { pending: 0, returned: 1, accepted: 2 } as const;

export function ReviewPage(props: ReviewPageProps) {
  const w = rw(props.lang);
  const items = [...props.items].sort((a, b) => stateOrder[a.state] - stateOrder[b.state]);
  const count = (state: ReviewItem["state"]) => props.items.filter((i) => i.state === state).length;
  const next = props.branches.find((b) => b.pending > 0 && b.code !== props.branch?.code);
  return (
    <Layout {...props}>
      <section class="card review" aria-labelledby="review-title">
        <h1 id="review-title">{w.reviewTitle}</h1>
        <p class="lede">{w.reviewIntro}</p>
        <form method="get" action="/review" class="filters">
          <div class="field">
            <label for="r-period">{w.period}</label>
            <select id="r-period" name="period">
              {props.months.map((m) => (
                <option value={m} selected={m === props.period}>
                  {m}
                </option>
              ))}
            </select>
          </div>
          <div class="field wide">
            <label for="r-branch">{w.branch}</label>
            <select id="r-branch" name="branch">
              {props.branches.map((b) => (
                <option value={b.code} selected={b.code === props.branch?.code}>
                  {`${b.name}（${w.counts(b.pending, 0, 0).split(" · ")[0]}）`}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button">
            {w.show}
          </button>
        </form>
        {next ? (
          <p>
            <a href={`/review?period=${props.period}&branch=${encodeURIComponent(next.code)}`}>
              {w.nextBranch}
            </a>
          </p>
        ) : null}
        {props.flash ? (
          <p class={props.flash.ok ? "saved-now" : "alert"} role={props.flash.ok ? "status" : "alert"}>
            {props.flash.message}
          </p>
        ) : null}
      </section>
      {props.branch === null ? (
        <section class="card">
          <p class="empty">{w.none}</p>
        </section>
      ) : (
        <section class="card" aria-labelledby="claims-title">
          <h2 id="claims-title">{w.claimsOf(props.branch.name, props.period)}</h2>
          <p class="note">{w.counts(count("pending"), count("accepted"), count("returned"))}</p>
          {items.length === 0 ? <p class="empty">{w.noClaims}</p> : null}
          <ol class="claims">
            {items.map((item, i) => {
              const id = `c${i}`;
              const failed = props.flash && !props.flash.ok && props.flash.contentHash === item.contentHash;
              return (
                <li class={`claim ${item.state}`} id={id} aria-labelledby={`${id}-name`}>
                  <h3 id={`${id}-name`}>
                    {item.project.name} <span class={`state ${item.state}`}>{w.state[item.state]}</span>
                  </h3>
                  <dl>
                    <dt>{w.target}</dt>
                    <dd>{item.project.target || "—"}</dd>
                    <dt>{w.owner}</dt>
                    <dd>{item.project.owner || "—"}</dd>
                    <dt>{w.deadline}</dt>
                    <dd>{item.project.deadline || "—"}</dd>
                    <dt>{w.status}</dt>
                    <dd>{w.statusWords[item.project.status] ?? item.project.status}</dd>
                    <dt>{w.progress}</dt>
                    <dd>
                      {item.project.progress === null ? "—" : `${Math.round(item.project.progress * 100)}%`}
                    </dd>
                    <dt>{w.evidence}</dt>
                    <dd>{item.project.evidence || "—"}</dd>
                    <dt>{w.where}</dt>
                    <dd>{`${item.project.sheet}!${item.project.cell ?? ""}`}</dd>
                  </dl>
                  {item.review ? (
                    <p class="note">
                      {w.by(item.review.reviewer)}
                      {item.review.reason ? ` — ${item.review.reason}` : ""}
                    </p>
                  ) : null}
                  <form method="post" action="/review" class="decide">
                    <input type="hidden" name="period" value={props.period} />
                    <input type="hidden" name="branch" value={props.branch?.code ?? ""} />
                    <input type="hidden" name="project" value={item.project.name} />
                    <input type="hidden" name="contentHash" value={item.contentHash} />
                    <input type="hidden" name="key" value={props.keys[i] ?? ""} />
                    <label for={`${id}-reason`}>{w.reason}</label>
                    <textarea
                      id={`${id}-reason`}
                      name="reason"
                      rows={2}
                      maxlength={500}
                      aria-invalid={failed ? "true" : undefined}
                    >
                      {failed ? (props.flash?.reason ?? "") : ""}
                    </textarea>
                    <div class="decide-buttons">
                      <button type="submit" name="decision" value="accept" class="primary">
                        {w.accept}
                      </button>
                      <button type="submit" name="decision" value="return" class="button">
                        {w.ret}
                      </button>
                    </div>
                  </form>
                </li>
              );
            })}
          </ol>
        </section>
      )}
    </Layout>
  );
}
