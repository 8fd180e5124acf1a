/**
 * Where a list says whose it is and for which month (docs/workbook.md, "Branch and period"): an
 * info sheet's labelled cells, labels in the title rows (填报单位：…), a title that names them
 * (…机关党支部…（2023年6月）), and finally the file name the list was sent under. Each source
 * fills only what the ones before it left empty.
 */
import { isoMonth } from "./dates.ts";
import type { SheetView } from "./grid.ts";
import { infoLabels } from "./lexicon.ts";
import { readScalar, type Scalar } from "./scalar.ts";
import { cellText, normalizeText, toSimplified } from "./text.ts";

export interface BranchInfo {
  name: string | null;
  code: string | null;
  period: string | null;
}

/** "2023年6月30日", "2023-06", "2023.6" → "2023-06". */
export function periodFromText(value: Scalar): string | null {
  if (value === null || value === undefined) return null;
  const text = toSimplified(String(value).normalize("NFKC"));
  const match = /(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})(?!\d)/.exec(text);
  if (!match) return null;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return isoMonth(Number(match[1]), month);
}

type InfoKey = keyof typeof infoLabels;
const infoKeys = Object.keys(infoLabels) as InfoKey[];

function infoKeyOf(label: string): InfoKey | null {
  const text = normalizeText(label).replace(/[:：()（）盖章*]/g, "");
  if (!text || text.length > 12) return null;
  for (const key of infoKeys) if ((infoLabels[key] as readonly string[]).includes(text)) return key;
  return null;
}

/**
 * Key/value pairs: a label cell and the next filled cell to its right, in an info sheet's first
 * 60 rows, or in the rows given (the title rows above a table).
 */
export function infoFromSheet(
  view: SheetView,
  date1904: boolean,
  info: BranchInfo,
  rows = Math.min(view.rowCount, 60),
): void {
  for (let row = 0; row < rows; row++) {
    const width = view.rowWidth(row);
    for (let col = 0; col + 1 < width; col++) {
      const key = infoKeyOf(cellText(view.raw(row, col)));
      if (!key) continue;
      let value: Scalar = null;
      for (let c = col + 1; c < width && value === null; c++) {
        if (!view.isMergedAway(row, c)) value = readScalar(view, row, c, date1904);
      }
      if (value === null) continue;
      assignInfo(info, key, value);
    }
  }
}

function assignInfo(info: BranchInfo, key: InfoKey, value: Scalar): void {
  const text = String(value).trim();
  if (key === "branchName" && !info.name) info.name = stripSeal(text) || null;
  if (key === "branchCode" && !info.code) info.code = text || null;
  if ((key === "period" || key === "reportDate") && !info.period) info.period = periodFromText(value);
}

function stripSeal(name: string): string {
  return name.replace(/[（(]\s*(盖章|蓋章)\s*[）)]\s*$/, "").trim();
}

const inlineLabel = new RegExp(
  `(${infoKeys.flatMap((k) => infoLabels[k] as readonly string[]).join("|")})(?:[(（](?:盖章)[)）])?\\s*[:：]`,
  "g",
);

/**
 * "填报单位：县财政局机关党支部　　填报时间：2023年6月30日" — several labels in one title cell.
 * Labels are found on the simplified text; values are cut from the text as written, so a branch
 * that writes traditional characters keeps its name as written.
 */
export function infoFromLine(line: string, info: BranchInfo): void {
  const written = [...line.normalize("NFKC")];
  const simplified = written.map((ch) => toSimplified(ch)).join("");
  const labels = [...simplified.matchAll(inlineLabel)];
  if (labels.length === 0) return;
  // Code-point offsets: the simplified text has the same characters in the same places.
  const toIndex = (utf16: number) => [...simplified.slice(0, utf16)].length;
  labels.forEach((match, i) => {
    const key = infoKeyOf(match[1] as string);
    if (!key) return;
    const start = toIndex((match.index ?? 0) + match[0].length);
    const end = i + 1 < labels.length ? toIndex(labels[i + 1]?.index ?? 0) : written.length;
    const value =
      written
        .slice(start, end)
        .join("")
        .split(/\s{2,}/)[0]
        ?.trim() ?? "";
    if (value) assignInfo(info, key, value);
  });
}

/** "2023年6月" (年 and 月 both written) or "2023-06": a month a title or a file name states. */
export function statedMonth(text: string): string | null {
  const simple = toSimplified(text.normalize("NFKC"));
  const match =
    /(\d{4})\s*年\s*(\d{1,2})\s*月/.exec(simple) ?? /(?<!\d)(\d{4})[-_.](\d{2})(?![\d.])/.exec(simple);
  if (!match) return null;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? isoMonth(Number(match[1]), month) : null;
}

/** The branch a title or file name names: the run of characters ending in 党支部, 党总支 or 党委. */
const namedBranch = /[\p{Script=Han}·（）()]{2,40}?(?:党支部|党总支|党委)/u;

/**
 * "县水务局机关党支部“聚星点亮”重点任务清单（2023年6月）" and
 * "附件2-县民政局机关党支部2023年6月重点任务清单.xlsx" name the branch and the month they are for.
 */
export function infoFromTitle(text: string, info: BranchInfo): void {
  if (!info.name) {
    const written = text.normalize("NFKC");
    const match = namedBranch.exec(toSimplified(written));
    // Cut from the text as written: the simplified text has the same characters in the same places.
    if (match) info.name = written.slice(match.index, match.index + match[0].length);
  }
  if (!info.period) info.period = statedMonth(text);
}

/** The file name without its folder and extension: what infoFromTitle reads a name in. */
export function fileTitle(fileName: string): string {
  return (fileName.split(/[\\/]/).pop() ?? "").replace(/\.(xlsx|xlsm|xls|et)$/i, "");
}
