/**
 * Inline SVG charts, drawn on the server. Horizontal positions are percentages of the chart's
 * width and vertical ones pixels, so the SVG fills any width (360 px phone to projector) while its
 * text keeps a readable size — no viewBox scaling. Every value is also written as text, and the
 * series differ by dash pattern as well as colour. Names go through JSX, which escapes them.
 */
import { points } from "./i18n.ts";

export interface Bar {
  label: string;
  value: number;
  /** The bar's tooltip (its <title>). */
  title: string;
}

/** Row geometry in em of the chart's font size, so the chart grows with the page's type. */
const ROW = 2.9;
const em = (n: number) => `${Number(n.toFixed(3))}em`;

/** One row per bar: the label above, the bar below with its value after it. */
export function BarChart(props: { id: string; title: string; desc: string; max: number; bars: Bar[] }) {
  const max = props.max > 0 ? props.max : 1;
  return (
    <svg
      class="bars"
      width="100%"
      height={em(props.bars.length * ROW + 0.3)}
      role="img"
      aria-labelledby={`${props.id}-t ${props.id}-d`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${props.id}-t`}>{props.title}</title>
      <desc id={`${props.id}-d`}>{props.desc}</desc>
      {props.bars.map((bar, i) => {
        const y = i * ROW;
        const share = Math.max(0, Math.min(1, bar.value / max));
        const width = `${(share * 86).toFixed(2)}%`;
        return (
          <g>
            <text class="bl" x="0" y={em(y + 1)}>
              {bar.label}
            </text>
            <rect class="track" x="0" y={em(y + 1.35)} width="86%" height="1em" rx="2" />
            <rect class="bar" x="0" y={em(y + 1.35)} width={width} height="1em" rx="2">
              <title>{bar.title}</title>
            </rect>
            <text class="bv" x={width} dx="0.4em" y={em(y + 2.2)}>
              {points(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface Series {
  key: string;
  label: string;
  /** One value per x position, null for a gap. */
  values: (number | null)[];
}

const LEFT = 9;
const RIGHT = 97;
const TOP = 12;

/** A line chart over x labels (months), one line per series; y from 0 to `max`. */
export function LineChart(props: {
  id: string;
  title: string;
  desc: string;
  max: number;
  height: number;
  xLabels: string[];
  series: Series[];
}) {
  const max = props.max > 0 ? props.max : 1;
  const bottom = props.height - 26;
  const n = props.xLabels.length;
  const x = (i: number) => `${(LEFT + ((RIGHT - LEFT) * i) / Math.max(1, n - 1)).toFixed(2)}%`;
  const y = (v: number) => (bottom - ((bottom - TOP) * Math.max(0, Math.min(v, max))) / max).toFixed(1);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);
  return (
    <svg
      width="100%"
      height={props.height}
      role="img"
      aria-labelledby={`${props.id}-t ${props.id}-d`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${props.id}-t`}>{props.title}</title>
      <desc id={`${props.id}-d`}>{props.desc}</desc>
      {ticks.map((v) => (
        <g>
          <line class={v === 0 ? "axis" : "grid"} x1={`${LEFT}%`} x2={`${RIGHT}%`} y1={y(v)} y2={y(v)} />
          <text class="tick" x={`${LEFT - 1}%`} y={Number(y(v)) + 4} text-anchor="end">
            {Number.isInteger(v) ? String(v) : v.toFixed(1)}
          </text>
        </g>
      ))}
      {props.xLabels.map((label, i) => (
        <text class="tick" x={x(i)} y={props.height - 8} text-anchor="middle">
          {label}
        </text>
      ))}
      {props.series.map((s) => (
        <g>
          {s.values.map((v, i) => {
            const next = s.values[i + 1];
            if (v === null || next === null || next === undefined) return null;
            return <line class={`series s-${s.key}`} x1={x(i)} y1={y(v)} x2={x(i + 1)} y2={y(next)} />;
          })}
          {s.values.map((v, i) =>
            v === null ? null : (
              <circle class={`pt p-${s.key}`} cx={x(i)} cy={y(v)} r={s.key === "total" ? 4.5 : 3.5}>
                <title>{`${s.label} · ${props.xLabels[i] ?? ""}: ${points(v)}`}</title>
              </circle>
            ),
          )}
        </g>
      ))}
    </svg>
  );
}

/** A legend entry's line sample (aria-hidden: the label beside it says what it is). */
export function LegendLine(props: { series: string }) {
  return (
    <svg aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">
      <line class={`series s-${props.series}`} x1="2" y1="50%" x2="95%" y2="50%" />
    </svg>
  );
}
