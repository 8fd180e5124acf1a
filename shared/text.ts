/**
 * Text as the core compares it: one script, one width, no stray spaces.
 * Branches write simplified, the campaign's article is traditional, and Excel users type
 * full-width colons and spaces; all of that must compare equal.
 */
import TSCharacters from "opencc-js/dict/TSCharacters";

import { type CellValue, isCellError } from "./grid.ts";

/*
 * Nothing is built when this module loads: `juxing validate` of one list is mostly start-up, and
 * the tables below once took a third of it. OpenCC's table is read on first use, and each
 * character's kind is worked out the first time a list uses it.
 */
let simplifiedOf: Map<number, string> | undefined;

/** Traditional code point → its simplified form. */
function traditionalTable(): Map<number, string> {
  if (simplifiedOf) return simplifiedOf;
  const table = new Map<number, string>();
  // "T S|T S1S2|…", T one character: where OpenCC lists several simplified forms, the first is the
  // common one.
  const pairs = TSCharacters;
  for (let at = 0; at < pairs.length; ) {
    const traditional = pairs.codePointAt(at) as number;
    const space = at + (traditional > 0xffff ? 2 : 1);
    table.set(traditional, String.fromCodePoint(pairs.codePointAt(space + 1) as number));
    const bar = pairs.indexOf("|", space);
    at = bar < 0 ? pairs.length : bar + 1;
  }
  simplifiedOf = table;
  return table;
}

/** Traditional → simplified, character by character (enough for labels and keywords). */
export function toSimplified(text: string): string {
  const table = traditionalTable();
  let simplified = "";
  let kept = 0; // start of the run of characters that stay as they are
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i) as number;
    const form = table.get(code);
    const next = code > 0xffff ? i + 2 : i + 1;
    if (form !== undefined) {
      simplified += text.slice(kept, i) + form;
      kept = next;
    }
    i = next - 1;
  }
  return kept === 0 ? text : simplified + text.slice(kept);
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
const isCommon = (code: number) => commonRanges.some(([first, last]) => code >= first && code <= last);
const NOT_YET_SEEN = 0;
const UNCHANGED = 1;
const BY_TABLE = 2;
const UNCOMMON = 3;
/**
 * Per character: UNCHANGED (its own normal form), BY_TABLE (another, in `commonForm`), UNCOMMON,
 * or NOT_YET_SEEN until `kindOf` first meets it.
 */
const commonKind = new Uint8Array(0x10000);
const commonForm: string[] = [];

function kindOf(code: number): number {
  const known = commonKind[code] as number;
  if (known !== NOT_YET_SEEN) return known;
  const char = String.fromCharCode(code);
  let kind = UNCOMMON;
  // No character of the main CJK block is a mark; that block is most of what lists are written in.
  const form = isCjk(code)
    ? (traditionalTable().get(code) ?? char)
    : isCommon(code) && !combining.test(char)
      ? normalizeUncached(char)
      : undefined;
  if (form !== undefined) {
    kind = form === char ? UNCHANGED : BY_TABLE;
    if (form !== char) commonForm[code] = form;
  }
  commonKind[code] = kind;
  return kind;
}

/** The kind of the whole text: its least common character's. */
function textKind(text: string): number {
  let kind = UNCHANGED;
  for (let i = 0; i < text.length; i++) {
    const charKind = kindOf(text.charCodeAt(i));
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
