/**
 * The office's ranking of a folder of lists: one line per file — rank, file, branch, period, score,
 * stars, errors, warnings — best score first, files that could not be read last. Printed after the
 * details, and saved by `--csv FILE` for Excel.
 */
import { toCsv } from "../shared/csv.ts";
import type { Lang } from "../shared/findings.ts";
import { round2 } from "../shared/score.ts";
import type { FileResult } from "./validate.ts";

const words = {
  "zh-CN": {
    title: "汇总（按得分排名）",
    header: ["名次", "文件", "填报单位", "周期", "得分", "星级", "错误", "警告"],
    unreadable: "无法读取",
    none: "未识别",
  },
  en: {
    title: "Summary (ranked by score)",
    header: ["Rank", "File", "Branch", "Period", "Score", "Stars", "Errors", "Warnings"],
    unreadable: "cannot read",
    none: "not found",
  },
} as const;

type Cell = string | number | null;

/** Rows in ranking order; tied scores share a rank (1, 2, 2, 4), unreadable files have none. */
export function summaryRows(results: readonly FileResult[], lang: Lang): Cell[][] {
  const w = words[lang];
  const readable = results
    .filter((r) => r.ok)
    .sort((a, b) => b.score.total - a.score.total || a.file.localeCompare(b.file));
  const rows: Cell[][] = [];
  readable.forEach((r, i) => {
    const previous = readable[i - 1];
    const rank =
      previous && round2(previous.score.total) === round2(r.score.total)
        ? (rows[i - 1]?.[0] as number)
        : i + 1;
    const count = (severity: string) => r.findings.filter((f) => f.severity === severity).length;
    rows.push([
      rank,
      r.file,
      r.branch.name ?? w.none,
      r.period ?? w.none,
      round2(r.score.total),
      "★".repeat(r.score.stars) || "—",
      count("error"),
      count("warning"),
    ]);
  });
  for (const r of results) {
    if (!r.ok) rows.push([null, r.file, `${w.unreadable} (${r.error.code})`, null, null, null, null, null]);
  }
  return rows;
}

/** Columns wide enough in a terminal, where a Chinese character takes two cells. */
export function summaryTable(results: readonly FileResult[], lang: Lang): string {
  const w = words[lang];
  const lines = [w.header as readonly Cell[], ...summaryRows(results, lang)].map((row) =>
    row.map((cell, c) =>
      cell === null ? "—" : c === 4 && typeof cell === "number" ? cell.toFixed(2) : String(cell),
    ),
  );
  const widths = w.header.map((_, c) => Math.max(...lines.map((line) => displayWidth(line[c] ?? ""))));
  const numeric = new Set([0, 4, 6, 7]);
  const render = (line: string[]) =>
    line
      .map((text, c) => {
        const pad = " ".repeat((widths[c] ?? 0) - displayWidth(text));
        return numeric.has(c) ? pad + text : text + pad;
      })
      .join("  ")
      .trimEnd();
  return [w.title, ...lines.map(render)].join("\n");
}

export function summaryCsv(results: readonly FileResult[], lang: Lang): string {
  return toCsv([words[lang].header, ...summaryRows(results, lang)]);
}

/** East Asian wide and full-width characters (and astral CJK) take two terminal cells. */
const wide =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\ud840-\ud87f][\udc00-\udfff]/g;

export function displayWidth(text: string): number {
  let width = 0;
  for (const _ of text) width += 1;
  return width + (text.match(wide)?.length ?? 0);
}
