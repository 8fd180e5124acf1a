/** What a cell means: status, progress, owner, target — each read from the text staff write. */
import type { Scalar } from "./extract.ts";
import { ownerPlaceholders, type Status, statusWords, stockPhrases } from "./lexicon.ts";
import { keepsItsForm, normalizeText } from "./text.ts";

const statusByWord = new Map<string, Status>();
for (const [status, words] of Object.entries(statusWords) as [Status, readonly string[]][]) {
  for (const word of words) statusByWord.set(normalizeText(word), status);
}

/** A status, "blank" when the cell is empty, or null when the text is none of the known words. */
export function parseStatus(value: Scalar): Status | "blank" | null {
  if (value === null || value === "") return "blank";
  const text = normalizeText(String(value)).replace(/[。.!！]$/, "");
  return statusByWord.get(text) ?? null;
}

export type Progress =
  | { kind: "blank" }
  | { kind: "value"; fraction: number }
  | { kind: "out-of-range" }
  | { kind: "invalid" };

// Most cells end in one of these: shared answers instead of a new object per row.
const BLANK: Progress = { kind: "blank" };
const INVALID: Progress = { kind: "invalid" };
const OUT_OF_RANGE: Progress = { kind: "out-of-range" };

const percentText = /^(-?\d+(?:\.\d+)?)(%)?$/;

/**
 * 0–1 with a % format (the adapter has turned it into "80%"), 0–100, or text "80%".
 * A bare number up to 1 is a fraction: staff who type 0.8 into an unformatted cell mean 80 %.
 */
export function parseProgress(value: Scalar): Progress {
  if (value === null || value === "") return BLANK;
  if (typeof value === "boolean") return INVALID;
  let fraction: number;
  if (typeof value === "number") {
    fraction = value <= 1 && value >= 0 ? value : value / 100;
  } else {
    // Percent-formatted cells arrive as "80%" already; only other text needs NFKC.
    const match = percentText.exec(value) ?? percentText.exec(value.normalize("NFKC").replace(/\s+/g, ""));
    if (!match) return INVALID;
    const n = Number(match[1]);
    fraction = match[2] || n > 1 || n < 0 ? n / 100 : n;
  }
  if (!Number.isFinite(fraction)) return INVALID;
  if (fraction < 0 || fraction > 1 + 1e-9) return OUT_OF_RANGE;
  return { kind: "value", fraction: Math.min(fraction, 1) };
}

const letterOrDigit = /[\p{L}\p{N}]/u;
const placeholders = new Set(ownerPlaceholders.map(normalizeText));

/** 待定, 无, TBD, "—" and text made only of punctuation are not a person. */
export function isPlaceholderOwner(text: string): boolean {
  const normalized = normalizeText(text);
  if (placeholders.has(normalized)) return true;
  return !letterOrDigit.test(normalized);
}

const stock = new RegExp(
  stockPhrases
    .map(normalizeText)
    .sort((a, b) => b.length - a.length)
    .join("|"),
  "g",
);
const hasStockPhrase = new RegExp(stock.source);
const MIN_TARGET_LENGTH = 6;

/** Under six characters, or nothing left once the stock phrases are taken out. */
export function isVagueTarget(text: string): boolean {
  if (plainlySpecific(text)) return false;
  const normalized = normalizeText(text);
  // Twice as many UTF-16 units as the minimum are enough characters whatever they are.
  if (normalized.length < 2 * MIN_TARGET_LENGTH && codePoints(normalized) < MIN_TARGET_LENGTH) return true;
  const rest = hasStockPhrase.test(normalized) ? normalized.replace(stock, "") : normalized;
  return !letterOrDigit.test(rest);
}

const stockChars = new Set([...stockPhrases.map(normalizeText).join("")].map((ch) => ch.charCodeAt(0)));

/**
 * Most targets are plainly specific, and seeing it needs no normalized copy: six or more CJK
 * characters that normalizing leaves as they are, one of which no stock phrase contains, so no
 * phrase can take it away.
 */
function plainlySpecific(text: string): boolean {
  let kept = 0;
  let own = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x4e00 || code > 0x9fff || !keepsItsForm(code)) continue;
    kept++;
    if (!stockChars.has(code)) own = true;
  }
  return own && kept >= MIN_TARGET_LENGTH;
}

/** The length in characters, counting a character outside the BMP once. */
function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) count--;
  }
  return count;
}

/** A competition score as written: 90, "90", "90分". */
export function parseScoreValue(value: Scalar): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  const match = /^(\d+(?:\.\d+)?)\s*分?$/.exec(value.normalize("NFKC").trim());
  return match ? Number(match[1]) : null;
}

export function scalarText(value: Scalar): string {
  return value === null ? "" : String(value).trim();
}
