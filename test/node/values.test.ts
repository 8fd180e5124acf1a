/** What a cell means: the checks on targets and progress that every row of a list goes through. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stockPhrases } from "../../shared/lexicon.ts";
import { isVagueTarget, parseProgress } from "../../shared/values.ts";

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
  it("calls stock words vague however many, and clear once a count, an output or a date joins them", () => {
    const stock = fc.constantFrom(
      ...stockPhrases,
      "进一步",
      "加强",
      "全面",
      "提升",
      "服务水平",
      "作风建设",
      "確保",
      "實效",
      "，",
      "。",
      " ",
      "\u3000",
    );
    const checkable = fc.constantFrom(
      "12次",
      "形成台账",
      "年底前",
      "满意度达到95%",
      "制定方案",
      "评为先进支部",
    );
    fc.assert(
      fc.property(fc.array(stock, { maxLength: 12 }), checkable, fc.nat(12), (parts, part, at) => {
        expect(isVagueTarget(parts.join(""))).toBe(true);
        const withPart = [...parts.slice(0, at), part, ...parts.slice(at)].join("");
        // Under six characters stays vague, whatever it says.
        const long = [...withPart.replace(/[\s，。\u3000]/g, "")].length >= 6;
        expect(isVagueTarget(withPart)).toBe(!long);
      }),
      { numRuns: 2000 },
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
