/** What a cell means: status, progress, owner, target — each read from the text staff write. */
import {
  evidenceNone,
  evidencePlaceholders,
  ownerGroups,
  ownerPlaceholders,
  ownerStandIns,
  type Status,
  statusWords,
} from "./lexicon.ts";
import type { Scalar } from "./scalar.ts";
import { normalizeText } from "./text.ts";

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

/**
 * A list names the same few owners on every row: each owner text (up to 64 characters, the last
 * 4,096 of them) is decided once.
 */
function oncePerText(decide: (text: string) => boolean): (text: string) => boolean {
  const known = new Map<string, boolean>();
  return (text) => {
    let verdict = known.get(text);
    if (verdict === undefined) {
      verdict = decide(text);
      if (known.size >= 4096) known.clear();
      if (text.length <= 64) known.set(text, verdict);
    }
    return verdict;
  };
}

/** 待定, 无, TBD, "—", stand-ins for a name (某某, XXX, 张某) and text made only of punctuation are not a person. */
export const isPlaceholderOwner = oncePerText(standsInForAName);

function standsInForAName(text: string): boolean {
  const normalized = normalizeText(text);
  if (placeholders.has(normalized)) return true;
  if (ownerStandIns.some((pattern) => pattern.test(normalized))) return true;
  return !letterOrDigit.test(normalized);
}

/** Owner texts are split into the people they name at these. */
const ownerSeparators = /[、,，;；/|和及与\s]+/;
// No bracket inside: a run of ( cannot make each one scan to the end of the text.
const bracketed = /[（(][^（(）)]*[）)]/g;
const { groupStarts, groupEnds, groups } = ownerGroups;

function isGroup(part: string): boolean {
  return (
    (groups as readonly string[]).includes(part) ||
    groupStarts.some((start) => part.startsWith(start)) ||
    groupEnds.some((end) => part.endsWith(end))
  );
}

function namesOnlyGroups(text: string): boolean {
  const parts = text.replace(bracketed, " ").split(ownerSeparators).map(normalizeText).filter(Boolean);
  return parts.length > 0 && parts.every(isGroup);
}

/** A group rather than a person answers (全体党员, 各科室, 班子成员); a role or any named person is clear. */
export const isCollectiveOwner = oncePerText(namesOnlyGroups);

export { isVagueTarget } from "./targets.ts";

const evidenceWords = new Map<string, "placeholder" | "none">([
  ...evidencePlaceholders.map((w) => [normalizeText(w), "placeholder"] as const),
  ...evidenceNone.map((w) => [normalizeText(w), "none"] as const),
]);

/**
 * What an evidence cell says (docs/workbook.md): nothing (empty, 无, 没有), a placeholder that
 * names nothing (有, 齐全, 详见, √, yes …), or something that can be checked (会议记录3份, a link).
 */
export function evidenceKind(text: string): "none" | "placeholder" | "named" {
  if (text === "") return "none";
  const normalized = normalizeText(text).replace(/[。.!！]+$/, "");
  return evidenceWords.get(normalized) ?? "named";
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
