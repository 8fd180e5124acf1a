/**
 * The pages' one stylesheet, served by the Worker at a versioned URL (`/assets/site.<hash>.css`,
 * cached for a year): the CSP allows styles from this origin only, so there is no inline style.
 * Fluent-like: neutral greys, 8 px radii, soft elevation, a party-red accent. Type grows with the
 * viewport (360 px phones to a 1920 px projector); `@media print` fits the table on A4 landscape.
 */

import { eventsCss } from "./events.css.ts";
import { reviewCss } from "./review.css.ts";

export const siteCss = `
:root {
  --bg: #f5f5f5; --card: #fff; --fg: #242424; --muted: #616161; --line: #e0e0e0; --line-strong: #c7c7c7;
  --brand: #a4262c; --brand-dark: #751017; --brand-soft: #fdf3f4; --link: #0f5ea8;
  --up: #b10e1c; --down: #0b6a0b; --gold: #8a5a00; --focus: #000;
  --bar: #c4314b; --bar-2: #e8a2ad;
  --radius: 8px; --shadow: 0 1px 2px rgba(0,0,0,.12), 0 0 2px rgba(0,0,0,.10);
  color-scheme: light;
}
*, *::before, *::after { box-sizing: border-box; }
html {
  font-family: "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC",
    "Noto Sans SC", "Source Han Sans SC", system-ui, sans-serif;
  font-size: clamp(14px, 0.55vw + 11px, 22px);
  line-height: 1.5; color: var(--fg); background: var(--bg);
  -webkit-text-size-adjust: 100%; text-size-adjust: 100%;
}
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--link); text-underline-offset: .15em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
h1, h2, h3 { line-height: 1.25; margin: 0 0 .5rem; font-weight: 600; }
h1 { font-size: 1.6rem; }
h2 { font-size: 1.2rem; }
.sr { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
.skip { position: absolute; left: .5rem; top: -3rem; background: #fff; color: var(--fg); padding: .4rem .8rem;
  border-radius: var(--radius); z-index: 10; }
.skip:focus { top: .5rem; }

/* header */
.top { background: var(--brand); color: #fff; }
.top .bar { max-width: 1840px; margin: 0 auto; padding: .55rem clamp(.75rem, 3vw, 3rem);
  display: flex; align-items: center; gap: .75rem 1.25rem; flex-wrap: wrap; }
.brand { color: #fff; text-decoration: none; display: inline-flex; align-items: center; gap: .5rem;
  font-weight: 600; font-size: 1.15rem; }
.brand svg { width: 1.5em; height: 1.5em; flex: none; }
.brand .sub { font-weight: 400; opacity: .92; border-left: 1px solid rgba(255,255,255,.6); padding-left: .5rem; }
.tools { margin-left: auto; display: flex; align-items: center; gap: .5rem 1rem; flex-wrap: wrap; }
.tools a, .tools button { color: #fff; font: inherit; font-size: .92rem; }
.tools form { margin: 0; }
.tools button { background: transparent; border: 1px solid rgba(255,255,255,.75); border-radius: 4px;
  padding: .2rem .75rem; cursor: pointer; }
.tools button:hover { background: rgba(255,255,255,.14); }
.top :focus-visible { outline-color: #fff; }

/* page */
main { flex: 1; width: 100%; max-width: 1840px; margin: 0 auto; padding: 1.25rem clamp(.75rem, 3vw, 3rem) 2rem; }
.lede { color: var(--muted); margin: 0 0 1rem; }
.card { background: var(--card); border-radius: var(--radius); box-shadow: var(--shadow);
  padding: 1rem clamp(.75rem, 2vw, 1.5rem); margin: 0 0 1.25rem; }
.card > h2:first-child { margin-top: 0; }
.note { color: var(--muted); font-size: .85rem; margin: .75rem 0 0; }
.crumbs { margin: 0 0 .75rem; font-size: .95rem; }
.empty { color: var(--muted); margin: .5rem 0; }
.alert { border-left: 4px solid var(--up); background: var(--brand-soft); padding: .6rem .9rem;
  border-radius: 4px; margin: 0 0 1rem; }
.grid2 { display: grid; gap: 0 1.25rem; grid-template-columns: minmax(0, 1fr); }
@media (min-width: 1100px) { .grid2 { grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr); } }

/* forms */
.filters { display: flex; flex-wrap: wrap; gap: .75rem 1rem; align-items: flex-end; }
.field { display: flex; flex-direction: column; gap: .25rem; min-width: 9rem; flex: 1 1 9rem; }
.field.wide { flex: 3 1 16rem; }
label, .label { font-size: .85rem; font-weight: 600; color: var(--fg); }
select, input[type=password], input[type=text] {
  font: inherit; color: var(--fg); background: #fff; border: 1px solid var(--line-strong);
  border-bottom-color: #616161; border-radius: 4px; padding: .4rem .5rem; min-height: 2.4rem; width: 100%; }
select:hover, input:hover { border-color: #8a8a8a; }
input[aria-invalid=true] { border-color: var(--up); border-bottom-width: 2px; }
button, .button { font: inherit; font-weight: 600; border-radius: 4px; padding: .45rem 1.1rem; min-height: 2.4rem;
  cursor: pointer; display: inline-flex; align-items: center; gap: .4rem; text-decoration: none; }
.primary { background: var(--brand); color: #fff; border: 1px solid var(--brand); }
.primary:hover { background: var(--brand-dark); }
.button { background: #fff; color: var(--fg); border: 1px solid var(--line-strong); }
.button:hover { background: #f5f5f5; }
.button svg { width: 1.1em; height: 1.1em; }
.login { max-width: 26rem; margin: 2rem auto; }
.login form { display: flex; flex-direction: column; gap: 1rem; margin-top: 1rem; }
.login .field { flex: none; }
.login .primary { align-self: flex-start; }

/* rankings table */
.table-head { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between;
  margin: 0 0 .5rem; }
.table-head p { margin: 0; }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--line); border-radius: 4px; }
.table-wrap:focus-visible { outline-offset: 0; }
table { border-collapse: separate; border-spacing: 0; width: 100%; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; font-size: 1.05rem; padding: .6rem .75rem; caption-side: top; }
.nowrap { white-space: nowrap; }
.rank-table caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
  white-space: nowrap; padding: 0; }
th, td { padding: .5rem .6rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
thead th { background: #fafafa; font-size: .85rem; color: #424242; font-weight: 600; line-height: 1.25;
  border-bottom: 1px solid var(--line-strong); position: sticky; top: 0; }
tbody tr:last-child > * { border-bottom: 0; }
tbody tr:hover > * { background: #f7f7f7; }
.num { text-align: right; white-space: nowrap; }
thead th, thead th.num { white-space: normal; word-break: keep-all; }
th[aria-sort] { color: var(--brand-dark); box-shadow: inset 0 -3px 0 var(--brand); }
td.sorted { font-weight: 700; }
.rank { white-space: nowrap; font-weight: 700; }
.rank .badge { display: inline-block; min-width: 1.9em; text-align: center; padding: .05em .4em; border-radius: 999px;
  background: #f0f0f0; }
.rank .top1 { background: #8a5a00; color: #fff; }
.rank .top2 { background: #5c5c5c; color: #fff; }
.rank .top3 { background: #8c4a1b; color: #fff; }
.rank .tie { display: block; font-size: .78rem; font-weight: 600; color: var(--brand-dark); }
.mv { white-space: nowrap; font-weight: 600; }
.mv.up { color: var(--up); }
.mv.down { color: var(--down); }
.mv.same, .mv.new { color: var(--muted); }
.mv.new span[aria-hidden] { font-size: .8rem; border: 1px solid currentColor; border-radius: 3px; padding: 0 .3em; }
th.branch { font-weight: 600; min-width: 9rem; }
.branch a { color: var(--fg); text-decoration-color: var(--line-strong); }
.branch a:hover { color: var(--link); }
.code { display: block; font-size: .75rem; color: var(--muted); font-weight: 400; }
.stars { white-space: nowrap; letter-spacing: .05em; }
.stars .on { color: var(--gold); }
.stars .off { color: var(--muted); }
.when { white-space: nowrap; font-size: .85rem; color: var(--muted); }
.when .from { display: block; font-size: .75rem; }
.sev { white-space: nowrap; font-weight: 600; }
.sev.error { color: var(--up); }
.sev.warning { color: var(--gold); }
.sev.info { color: var(--link); }
.wrap-text { min-width: 12rem; }
code { font-family: ui-monospace, "Cascadia Mono", Consolas, "Noto Sans Mono CJK SC", monospace; font-size: .85em; }

/* phones: rank, movement, branch, stars and the total fit the screen; the branch column stays
   while the other numbers scroll under it */
@media (max-width: 759px) {
  main { padding-top: .9rem; }
  h1 { font-size: 1.3rem; }
  .field { min-width: 8rem; flex-basis: 8rem; }
  .filters button { flex: 1 1 100%; justify-content: center; }
  th, td { padding: .45rem .35rem; }
  .rank-table .stars .off { display: none; }
  .rank-table .stars .on:empty + .off { display: inline; letter-spacing: -.15em; }
  .rank-table .stars .on { letter-spacing: -.15em; }
  .rank .tie .n { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .rank-table th.branch { position: sticky; left: 0; z-index: 1; background: #fff;
    box-shadow: 1px 0 0 var(--line); min-width: 7.5rem; max-width: 10rem; }
  .rank-table thead th.branch { z-index: 2; background: #fafafa; }
  .brand .sub { display: none; }
}

/* laptops: a slightly smaller table so branch names stay on one line */
@media (min-width: 760px) and (max-width: 1599px) {
  .rank-table { font-size: .9rem; }
  .rank-table th.branch { min-width: 10.5em; }
}
/* big screens: projector at the on-site meeting */
@media (min-width: 1600px) {
  th, td { padding: .6rem .8rem; }
  .rank-table th.branch { min-width: 11em; }
}

/* charts */
figure { margin: 0; }
.chart svg { display: block; width: 100%; overflow: visible; }
.chart svg.bars { font-size: max(13px, .8rem); }
.chart text { fill: var(--fg); }
.chart .bv { font-weight: 600; }
.chart .bar { fill: var(--bar); }
.chart .track { fill: #f0f0f0; }
.chart .axis { stroke: #8a8a8a; stroke-width: 1; }
.chart .grid { stroke: #e6e6e6; stroke-width: 1; }
.chart .tick { font-size: max(11px, .62rem); fill: var(--muted); }
.series { fill: none; stroke-width: 2.5; stroke-linecap: round; }
.s-total { stroke: var(--brand); stroke-width: 3.5; }
.s-model { stroke: #0f5ea8; stroke-dasharray: 8 5; }
.s-service { stroke: #0b6a0b; stroke-dasharray: 2 5; }
.s-vanguard { stroke: #8a5a00; stroke-dasharray: 12 4 2 4; }
.pt { stroke: #fff; stroke-width: 1.5; }
.p-total { fill: var(--brand); } .p-model { fill: #0f5ea8; } .p-service { fill: #0b6a0b; } .p-vanguard { fill: #8a5a00; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; list-style: none; padding: 0; margin: .5rem 0 0;
  font-size: .9rem; }
.legend li { display: inline-flex; align-items: center; gap: .4rem; }
.legend svg { width: 2.2rem; height: .8rem; }
.chart h3 { font-size: .9rem; color: var(--muted); margin: .75rem 0 .25rem; }
.missing ul { margin: 0; padding-left: 1.2rem; }
.missing li { margin: .2rem 0; }
.cards { display: grid; gap: .75rem; grid-template-columns: repeat(auto-fit, minmax(8.5rem, 1fr)); margin: 0 0 1.25rem; }
.stat { background: var(--card); border-radius: var(--radius); box-shadow: var(--shadow); padding: .75rem 1rem; }
.stat dt { font-size: .8rem; color: var(--muted); font-weight: 600; }
.stat dd { margin: .15rem 0 0; font-size: 1.35rem; font-weight: 700; }
.stat dd .of { font-size: .8rem; color: var(--muted); font-weight: 400; }
.meta { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; color: var(--muted); margin: 0 0 1rem; padding: 0;
  list-style: none; }

/* 督办: on a phone the table scrolls sideways inside its frame instead of squeezing each cell */
.supervision-table, .due-soon-table { min-width: 40rem; }
.supervision-table th, .supervision-table td, .due-soon-table th, .due-soon-table td { white-space: nowrap; }
.supervision-table td:last-child { white-space: normal; min-width: 12rem; }
.supervision-table tr.overdue td:nth-child(6) { color: var(--brand); font-weight: 700; }

footer { color: var(--muted); font-size: .8rem; text-align: center; padding: 1rem; }

@media print {
  @page { size: A4 landscape; margin: 10mm; }
  html { font-size: 9pt; background: #fff; }
  body { display: block; }
  .top, .filters, .skip, footer, .no-print, .tools, .crumbs { display: none !important; }
  main { max-width: none; padding: 0; }
  .card { box-shadow: none; padding: 0; margin: 0 0 4mm; border-radius: 0; }
  .grid2 { display: flex; flex-direction: column; }
  .grid2 .missing { order: -1; }
  .chart svg.bars { font-size: 9pt; }
  .table-wrap { overflow: visible; border: 0; }
  table { font-size: 8pt; width: 100%; }
  th, td { padding: .8mm 1.5mm; border-bottom: .2mm solid #999; }
  .rank .badge { padding: 0 .3em; }
  thead th { position: static; background: #eee; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .rank-table th.branch { position: static; min-width: 0; }
  .rank-table caption { position: static; width: auto; height: auto; clip-path: none; white-space: normal;
    font-size: 11pt; padding: 0 0 2mm; }
  .chart, .missing { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .mv.up, .mv.down, .stars .on, .sev { color: #000; }
}
${eventsCss}
${reviewCss}`;

/** FNV-1a, 32 bits, hex: enough to change the URL whenever the stylesheet changes. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

export const cssVersion = fnv1a(siteCss);
export const cssHref = `/assets/site.${cssVersion}.css`;
