/** The 现场打分 pages' part of the one stylesheet (site.css.ts): the judge's phone and the projector. */
export const eventsCss = `
/* on-site judging */
.scores { list-style: none; display: flex; flex-wrap: wrap; gap: .2rem .6rem; margin: 0; padding: 0; }
.scores .dropped { color: var(--muted); }
.scores s { text-decoration-thickness: 2px; text-decoration-color: var(--up); }
.event-result .mean { font-weight: 700; font-size: 1.1em; }
.state.open { color: var(--down); font-weight: 600; }
.state.closed { color: var(--muted); }
.event-progress td.done { color: var(--down); font-weight: 700; }
.judges { list-style: none; padding: 0; margin: 0; display: grid; gap: .3rem; }

.judge { max-width: 40rem; margin: 0 auto 1.25rem; }
.judge .progress { font-size: 1.25rem; margin: .25rem 0 .75rem; }
.judge-list { list-style: none; margin: 0 0 1rem; padding: 0; display: grid; gap: .6rem; }
.judge-list li { border: 1px solid var(--line); border-radius: var(--radius); padding: .6rem .75rem; }
.judge-list li.scored { border-left: 4px solid var(--down); }
.judge-list li.failed { border-left: 4px solid var(--up); background: var(--brand-soft); }
.judge-list form { margin: 0; display: grid; gap: .35rem; }
.judge-list label { font-size: 1.05rem; }
.judge-input { display: flex; gap: .5rem; }
.judge-input input { font: inherit; font-size: 1.6rem; font-weight: 700; width: 100%; min-width: 0; flex: 1;
  min-height: 3.2rem; padding: .3rem .6rem; border: 1px solid var(--line-strong); border-bottom-color: #616161;
  border-radius: 6px; text-align: right; font-variant-numeric: tabular-nums; }
.judge-input button { min-height: 3.2rem; min-width: 5.5rem; justify-content: center; font-size: 1.1rem; }
.judge-status { margin: 0; font-size: .9rem; color: var(--muted); }
.judge-list li.failed .judge-status { color: var(--up); font-weight: 600; }
.saved-now { border-left: 4px solid var(--down); background: #f1faf1; padding: .5rem .8rem; border-radius: 4px; }

/* the projector: big type, the whole table on one screen */
.screen { font-size: 1.35em; }
.screen h1 { font-size: 2.2rem; }
.screen .event-progress td, .screen .event-progress th { padding: .55rem .8rem; }
`;
