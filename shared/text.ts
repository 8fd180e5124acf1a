/**
 * Text as the core compares it: one script, one width, no stray spaces.
 * Branches write simplified, the campaign's article is traditional, and Excel users type
 * full-width colons and spaces; all of that must compare equal.
 */
import TSCharacters from "opencc-js/dict/TSCharacters";

import { type CellValue, isCellError } from "./grid.ts";

const traditionalToSimplified = new Map<string, string>();
for (const pair of TSCharacters.split("|")) {
  const [traditional, simplified] = pair.split(" ");
  // Where OpenCC lists several simplified forms, the first is the common one.
  if (traditional && simplified) traditionalToSimplified.set(traditional, [...simplified][0] as string);
}

// One character class of every traditional character: plain simplified text passes one test.
const traditionalChars = new RegExp(
  `[${[...traditionalToSimplified.keys()].join("").replace(/[\\\]^-]/g, "\\$&")}]`,
  "gu",
);

/** Traditional → simplified, character by character (enough for labels and keywords). */
export function toSimplified(text: string): string {
  traditionalChars.lastIndex = 0;
  if (!traditionalChars.test(text)) return text;
  traditionalChars.lastIndex = 0;
  return text.replace(traditionalChars, (ch) => traditionalToSimplified.get(ch) ?? ch);
}

/** Text NFKC leaves alone: printable ASCII and the common CJK block. */
const alreadyNormal = /^[\u0020-\u007e\u4e00-\u9fff]*$/;

/**
 * The comparable form of a label or keyword: NFKC (full-width → half-width), simplified script,
 * lower case, whitespace removed.
 */
export function normalizeText(text: string): string {
  // Statuses, owners, categories and deadlines repeat down a list: remember the short ones.
  if (text.length > SHORT) return normalizeUncached(text);
  let normalized = shortCache.get(text);
  if (normalized === undefined) {
    if (shortCache.size >= 4096) shortCache.clear();
    normalized = normalizeUncached(text);
    shortCache.set(text, normalized);
  }
  return normalized;
}

const SHORT = 16;
const shortCache = new Map<string, string>();

function normalizeUncached(text: string): string {
  const nfkc = alreadyNormal.test(text) ? text : text.normalize("NFKC");
  return toSimplified(nfkc).toLowerCase().replace(/\s+/g, "");
}

/** Cell text for display and messages: trimmed, inner whitespace kept. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.replace(/^[\s\u3000]+|[\s\u3000]+$/g, "");
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if (isCellError(value)) return value.error;
  return String(value);
}

export function isBlank(value: CellValue): boolean {
  return cellText(value) === "";
}
