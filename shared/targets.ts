/**
 * Whether a target (目标任务) is clear, as a campaign office judges it (docs/workbook.md,
 * "三个明确"): clear when someone could check it at year end — a quantity with its unit, an output
 * made or filed, a standard reached, a date — and vague when it is built only of stock verbs,
 * adverbs, slogans and abstract nouns, however long. Decided over the text's parts, not by a list
 * of whole phrases: the stock vocabulary is taken out, and what is left must name something.
 */
import { stockPhrases, targetWords } from "./lexicon.ts";
import { normalizeText } from "./text.ts";

/** Characters past which a target is long enough to be judged by its parts (docs/workbook.md: under six is vague). */
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

// The stock phrases docs/workbook.md names (按要求完成, 按计划 …) go with the slogans: 按计划 names no plan.
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

const checks: readonly RegExp[] = [quantity, outputs, standards, dates];

const isLetterOrDigit = /[\p{L}\p{N}]/u;

/** Letters and digits, a character outside the BMP counted once; counting stops at `enough`. */
function lettersIn(text: string, enough = Number.POSITIVE_INFINITY): number {
  let count = 0;
  for (const ch of text) {
    if (isLetterOrDigit.test(ch) && ++count >= enough) break;
  }
  return count;
}

/** Units of one character: after ASCII digits they make a count seen without normalizing. */
const oneCharUnits: ReadonlySet<string> = new Set(targetWords.units.filter((unit) => unit.length === 1));

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * A count in ASCII digits with a one-character unit (12次, 95%), found in one scan of the text as
 * written: most targets have one, and this spares them normalizing and the word patterns.
 */
function hasPlainCount(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (!isAsciiDigit(text.charCodeAt(i))) continue;
    let j = i + 1;
    while (j < text.length && (isAsciiDigit(text.charCodeAt(j)) || text[j] === ".")) j++;
    while (text[j] === " ") j++;
    if (oneCharUnits.has(text[j] as string)) return true;
    i = j - 1;
  }
  return false;
}

/** Whether the text has at least `enough` letters or digits, counting the common ones by their code. */
function hasLetters(text: string, enough: number): boolean {
  let count = 0;
  for (let i = 0; i < text.length && count < enough; i++) {
    const code = text.charCodeAt(i);
    const common =
      (code >= 0x4e00 && code <= 0x9fff) ||
      isAsciiDigit(code) ||
      (code >= 65 && code <= 90) ||
      (code >= 97 && code <= 122);
    if (common) count++;
    else if (code > 127 && isLetterOrDigit.test(text.slice(i, i + 2)))
      return lettersIn(text, enough) >= enough;
  }
  return count >= enough;
}

/** The target as judged: its first characters, normalized, slogans taken out. */
function judged(text: string): { letters: number; plain: string } {
  const normalized = normalizeText(text.slice(0, JUDGED_LENGTH));
  return { letters: lettersIn(normalized, MIN_TARGET_LENGTH), plain: normalized.replace(slogans, " ") };
}

function judge(text: string): boolean {
  const head = text.slice(0, JUDGED_LENGTH);
  if (hasPlainCount(head) && hasLetters(head, MIN_TARGET_LENGTH)) return false;
  const { letters, plain } = judged(text);
  if (letters < MIN_TARGET_LENGTH) return true;
  if (checks.some((pattern) => pattern.test(plain))) return false;
  return lettersIn(plain.replace(stock, " "), MIN_CONTENT) < MIN_CONTENT;
}

/** Under six characters; or nothing checkable and next to nothing left without the stock words. */
export function isVagueTarget(text: string): boolean {
  return judge(text);
}
