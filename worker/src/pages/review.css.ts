/** The /review page's part of the one stylesheet (site.css.ts): a reviewer's phone first. */
export const reviewCss = `
/* verification */
.claims { list-style: none; margin: 0; padding: 0; display: grid; gap: .75rem; }
.claim { border: 1px solid var(--line); border-left: 4px solid var(--line-strong); border-radius: var(--radius);
  padding: .6rem .8rem; }
.claim.returned { border-left-color: var(--up); }
.claim.accepted { border-left-color: var(--down); }
.claim h3 { margin: 0 0 .4rem; font-size: 1.05rem; }
.claim dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: .15rem .75rem; margin: 0 0 .5rem; }
.claim dt { color: var(--muted); }
.claim dd { margin: 0; overflow-wrap: anywhere; }
.claim .state { font-size: .85rem; font-weight: 600; margin-left: .4rem; }
.claim .state.returned { color: var(--up); }
.claim .state.accepted { color: var(--down); }
.decide { display: grid; gap: .35rem; margin: 0; }
.decide textarea { font: inherit; width: 100%; box-sizing: border-box; padding: .4rem .5rem;
  border: 1px solid var(--line-strong); border-radius: 4px; }
.decide-buttons { display: flex; flex-wrap: wrap; gap: .5rem; }
.decide-buttons button { min-height: 2.9rem; min-width: 7rem; justify-content: center; }
.gap-col { font-variant-numeric: tabular-nums; }
`;
