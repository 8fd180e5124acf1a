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

/**
 * The comparable form of a label or keyword: NFKC (full-width → half-width), simplified script,
 * lower case, whitespace removed.
 */
export function normalizeText(text: string): string {
  return normalizeCommon(text) ?? normalizeCached(text);
}

/*
 * Every cell of a list goes through normalizeText, so text made only of the characters lists are
 * written in — ASCII, the main CJK block, CJK and general punctuation, full-width forms — takes one
 * scan and a per-character table, and allocates nothing when nothing changes. None of these
 * characters combines with its neighbours under NFKC, so normalizing them one by one is the same
 * as normalizing the whole text (a property test holds the two paths equal).
 */
const commonRanges: [number, number][] = [
  [0x0000, 0x007e],
  [0x2000, 0x206f],
  [0x3000, 0x303f],
  [0x4e00, 0x9fff],
  [0xff01, 0xff65],
];
const combining = /\p{M}/u;
const isCjk = (code: number) => code >= 0x4e00 && code <= 0x9fff;
/** 1: the character is its own normal form; 2: it has another (in `commonForm`); 0: not covered. */
const commonKind = new Uint8Array(0x10000);
const commonForm: string[] = [];
for (const [first, last] of commonRanges) {
  for (let code = first; code <= last; code++) {
    const char = String.fromCharCode(code);
    if (combining.test(char)) continue;
    const form = isCjk(code) ? (traditionalToSimplified.get(char) ?? char) : normalizeUncached(char);
    commonKind[code] = form === char ? 1 : 2;
    if (form !== char) commonForm[code] = form;
  }
}

/** The normalized text when every character is common, or undefined to take the full path. */
function normalizeCommon(text: string): string | undefined {
  let unchanged = true;
  for (let i = 0; i < text.length; i++) {
    const kind = commonKind[text.charCodeAt(i)];
    if (kind === 0) return undefined;
    if (kind === 2) unchanged = false;
  }
  if (unchanged) return text;
  let normalized = "";
  let kept = 0; // start of the run of characters that stay as they are
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (commonKind[code] === 1) continue;
    normalized += text.slice(kept, i) + commonForm[code];
    kept = i + 1;
  }
  return normalized + text.slice(kept);
}

/** Statuses, owners, categories and deadlines repeat down a list: remember the short ones. */
function normalizeCached(text: string): string {
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
  return toSimplified(text.normalize("NFKC")).toLowerCase().replace(/\s+/g, "");
}

// Testing first keeps the cell's own string: a replace that finds nothing still copies it.
const padded = /^[\s\u3000]|[\s\u3000]$/;
const outerSpace = /^[\s\u3000]+|[\s\u3000]+$/g;

/** Cell text for display and messages: trimmed, inner whitespace kept. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return padded.test(value) ? value.replace(outerSpace, "") : value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if (isCellError(value)) return value.error;
  return String(value);
}

export function isBlank(value: CellValue): boolean {
  return cellText(value) === "";
}
