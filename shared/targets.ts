/**
 * Whether a target (目标任务) is clear, as a campaign office judges it (docs/workbook.md,
 * "三个明确"): clear when someone could check it at year end — a quantity with its unit, an output
 * made or filed, a standard reached, a date — and vague when it is built only of stock verbs,
 * adverbs, slogans and abstract nouns, however long. Decided over the text's parts, not by a list
 * of whole phrases: the stock vocabulary is taken out, and what is left must name something.
 */
import { stockPhrases, targetWords } from "./lexicon.ts";
import { normalizeText } from "./text.ts";

/** Characters past which a target is long enough to be judged by its parts (SPEC: under six is vague). */
const MIN_TARGET_LENGTH = 6;
/** A target is judged on its first characters: one that names something checkable does so early. */
const JUDGED_LENGTH = 1000;
/** What must be left, once the stock vocabulary is out, for a target with no checkable part to name something. */
const MIN_CONTENT = 3;

function alternation(words: readonly string[]): string {
  return [...new Set(words.map(normalizeText))]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("|");
}

// The stock phrases SPEC names (按要求完成, 按计划 …) go with the slogans: 按计划 names no plan.
const slogans = new RegExp(alternation([...targetWords.slogans, ...stockPhrases]), "g");
const stock = new RegExp(alternation(targetWords.stock), "g");
// A number starts where no digit precedes it: inside a run of digits no match can start, so a
// cell of 32,767 zeros is one pass, not one per digit.
const ARABIC = "(?<![\\d.])\\d+(?:\\.\\d+)?";
const CHINESE = "[两二三四五六七八九十百千万]+[一二三四五六七八九十百千万]*";
/** A number with its unit: 12次, 3个, 95%, 200户, 两场; 一 counts only before units of occurrence (一次, 一份). */
const quantity = new RegExp(
  `(?:${ARABIC}|${CHINESE})\\s*(?:${alternation(targetWords.units)})|${ARABIC}\\s*%|一(?:${alternation(targetWords.countedUnits)})`,
);
const outputs = new RegExp(alternation(targetWords.outputs));
const standards = new RegExp(alternation(targetWords.standards));
const dates =
  /\d{4}年|\d{1,2}月(?:底|末|前|\d|份)|[一二三四五六七八九十]+月(?:底|末|前)|年底前|年内|上半年|下半年|季度末|by(?:june|dec|the)/;
const letterOrDigit = /[\p{L}\p{N}]/gu;

/** The parts of a target that make it checkable; empty when it has none. */
export function checkableParts(text: string): string[] {
  const normalized = normalizeText(text.slice(0, JUDGED_LENGTH)).replace(slogans, " ");
  const parts: string[] = [];
  for (const [kind, pattern] of [
    ["quantity", quantity],
    ["output", outputs],
    ["standard", standards],
    ["date", dates],
  ] as const) {
    if (pattern.test(normalized)) parts.push(kind);
  }
  return parts;
}

/** What is left of a target once its slogans and stock vocabulary are taken out. */
export function contentOf(text: string): string {
  const normalized = normalizeText(text.slice(0, JUDGED_LENGTH)).replace(slogans, " ").replace(stock, " ");
  return (normalized.match(letterOrDigit) ?? []).join("");
}

/** Under six characters; or nothing checkable and next to nothing left without the stock words. */
export function isVagueTarget(text: string): boolean {
  const normalized = normalizeText(text.slice(0, JUDGED_LENGTH));
  const length = [...(normalized.match(letterOrDigit) ?? [])].length;
  if (length < MIN_TARGET_LENGTH) return true;
  if (checkableParts(text).length > 0) return false;
  return [...contentOf(text)].length < MIN_CONTENT;
}
