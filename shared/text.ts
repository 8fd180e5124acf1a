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
  const kind = textKind(text);
  if (kind === UNCHANGED) return text;
  // Labels, statuses, owners and deadlines repeat down a list: remember the short ones.
  if (text.length > SHORT) return normalizeOf(kind, text);
  let normalized = shortCache.get(text);
  if (normalized === undefined) {
    if (shortCache.size >= 4096) shortCache.clear();
    normalized = normalizeOf(kind, text);
    shortCache.set(text, normalized);
  }
  return normalized;
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
const UNCOMMON = 0;
const UNCHANGED = 1;
const BY_TABLE = 2;
/** Per character: UNCHANGED (its own normal form), BY_TABLE (another, in `commonForm`) or UNCOMMON. */
const commonKind = new Uint8Array(0x10000);
const commonForm: string[] = [];
for (const [first, last] of commonRanges) {
  for (let code = first; code <= last; code++) {
    const char = String.fromCharCode(code);
    if (combining.test(char)) continue;
    const form = isCjk(code) ? (traditionalToSimplified.get(char) ?? char) : normalizeUncached(char);
    commonKind[code] = form === char ? UNCHANGED : BY_TABLE;
    if (form !== char) commonForm[code] = form;
  }
}

/**
 * Whether a character is the same before and after normalizing, wherever it stands: true for
 * simplified characters of the main CJK block, printable ASCII other than capitals, and the like.
 */
export function keepsItsForm(code: number): boolean {
  return commonKind[code] === UNCHANGED;
}

/** The kind of the whole text: its least common character's. */
function textKind(text: string): number {
  let kind = UNCHANGED;
  for (let i = 0; i < text.length; i++) {
    const charKind = commonKind[text.charCodeAt(i)];
    if (charKind === UNCOMMON) return UNCOMMON;
    if (charKind === BY_TABLE) kind = BY_TABLE;
  }
  return kind;
}

function normalizeOf(kind: number, text: string): string {
  return kind === BY_TABLE ? normalizeByTable(text) : normalizeUncached(text);
}

function normalizeByTable(text: string): string {
  let normalized = "";
  let kept = 0; // start of the run of characters that stay as they are
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (commonKind[code] === UNCHANGED) continue;
    normalized += text.slice(kept, i) + commonForm[code];
    kept = i + 1;
  }
  return normalized + text.slice(kept);
}

const SHORT = 16;
const shortCache = new Map<string, string>();

function normalizeUncached(text: string): string {
  return toSimplified(text.normalize("NFKC")).toLowerCase().replace(/\s+/g, "");
}

const outerSpace = /^[\s\u3000]+|[\s\u3000]+$/g;

/** What `\s` matches (U+3000 among them), by char code. */
function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

// Looking at the ends first keeps the cell's own string: a replace that finds nothing still copies it.
function padded(text: string): boolean {
  return text.length > 0 && (isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1)));
}

/** Cell text for display and messages: trimmed, inner whitespace kept. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return padded(value) ? value.replace(outerSpace, "") : value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if (isCellError(value)) return value.error;
  return String(value);
}

export function isBlank(value: CellValue): boolean {
  return cellText(value) === "";
}
