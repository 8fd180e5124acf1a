/** What a cell means: the checks on targets and progress that every row of a list goes through. */
import { describe, expect, it } from "vitest";
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
