/** What a cell means: the checks on targets and progress that every row of a list goes through. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stockPhrases } from "../../shared/lexicon.ts";
import { normalizeText } from "../../shared/text.ts";
import { isVagueTarget, parseProgress } from "../../shared/values.ts";

/** The rule as SPEC states it: under six characters, or nothing left without the stock phrases. */
function vagueByDefinition(text: string): boolean {
  const normalized = normalizeText(text);
  if ([...normalized].length < 6) return true;
  const stock = new RegExp(
    stockPhrases
      .map(normalizeText)
      .sort((a, b) => b.length - a.length)
      .join("|"),
    "g",
  );
  return !/[\p{L}\p{N}]/u.test(normalized.replace(stock, ""));
}

describe("isVagueTarget", () => {
  it.each([
    ["按要求完成", true],
    ["按 要 求 完 成", true],
    ["抓好落实，持续推进", true],
    ["按計劃", true],
    ["完成自查评估，形成方案1份", false],
    ["党员参与率达到90%以上", false],
    ["形成方案1份", false],
    ["形成方案", true],
    // Characters outside the BMP count once each, though each is two UTF-16 units.
    ["𠀋𠀋𠀋𠀋𠀋", true],
    ["𠀋𠀋𠀋𠀋𠀋𠀋", false],
  ])("%s → %s", (text, vague) => {
    expect(isVagueTarget(text)).toBe(vague);
  });
});

describe("isVagueTarget on any text", () => {
  it("agrees with the rule, stock phrases in either script and any padding included", () => {
    const pieces = fc.constantFrom(
      ...stockPhrases,
      "按計劃",
      "抓好落實",
      "按",
      "要",
      "求",
      "完",
      "成",
      "任務",
      "形成方案",
      "1份",
      "，",
      "。",
      " ",
      "\u3000",
      "Ａ",
      "𠀋",
      "—",
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }), (parts) => {
        const text = parts.join("");
        expect(isVagueTarget(text)).toBe(vagueByDefinition(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("parseProgress", () => {
  it.each([
    ["80%", 0.8],
    ["８０％", 0.8],
    [" 80 % ", 0.8],
    ["100%", 1],
    ["0.5", 0.5],
    ["50", 0.5],
  ])("%s → %s", (text, fraction) => {
    expect(parseProgress(text)).toEqual({ kind: "value", fraction });
  });

  it("tells text that is no number from a number out of range", () => {
    expect(parseProgress("过半").kind).toBe("invalid");
    expect(parseProgress("120%").kind).toBe("out-of-range");
    expect(parseProgress(null).kind).toBe("blank");
  });
});
