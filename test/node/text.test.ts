/** Text normalization: the fast path for common text must agree with the definition on any text. */
import fc from "fast-check";
import TSCharacters from "opencc-js/dict/TSCharacters";
import { describe, expect, it } from "vitest";
import { cellText, normalizeText, toSimplified } from "../../shared/text.ts";

/** The definition: NFKC, simplified script, lower case, no whitespace. */
function byDefinition(text: string): string {
  return toSimplified(text.normalize("NFKC")).toLowerCase().replace(/\s+/g, "");
}

const pieces = fc.constantFrom(
  "责任单位",
  "責任單位",
  "完成時限",
  "ＡＢＣ",
  "Owner",
  "TBD",
  " ",
  "\u3000",
  "\t",
  "\n",
  "：",
  "（盖章）",
  "①",
  "㑯",
  "𠀋",
  "\u0001",
  "\u007f",
  "é",
  "ﬁ",
);
/** Characters from the blocks lists are written in and their neighbours, where a fast path could go wrong. */
const nearCommon = fc
  .oneof(
    fc.integer({ min: 0x0000, max: 0x00ff }),
    fc.integer({ min: 0x1ff0, max: 0x2080 }),
    fc.integer({ min: 0x2ff0, max: 0x30a0 }),
    fc.integer({ min: 0x4e00, max: 0x9fff }),
    fc.integer({ min: 0xfef0, max: 0xffff }),
  )
  .map((code) => String.fromCharCode(code));
const anyText = fc.oneof(
  fc.array(nearCommon, { maxLength: 20 }).map((chars) => chars.join("")),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join("")),
);

describe("normalizeText", () => {
  it("agrees with NFKC + simplified + lower case + no whitespace on any text", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(normalizeText(text)).toBe(byDefinition(text));
      }),
      { numRuns: 5000 },
    );
  });

  it("folds script, width, case and spacing the way headers are written", () => {
    expect(normalizeText(" 責任 單位 ")).toBe("责任单位");
    expect(normalizeText("ＴＢＤ")).toBe("tbd");
    expect(normalizeText("Owner\u3000Unit")).toBe("ownerunit");
    expect(normalizeText("完成时限")).toBe("完成时限");
  });
});

describe("toSimplified", () => {
  // OpenCC's table read the plain way: "T S|T S1S2|…", the first simplified form the common one.
  const table = new Map(
    TSCharacters.split("|").map((pair) => {
      const [traditional, simplified] = pair.split(" ") as [string, string];
      return [traditional, [...simplified][0] as string];
    }),
  );

  it("maps every traditional character OpenCC lists, astral ones included, to its first simplified form", () => {
    expect(table.size).toBeGreaterThan(3000);
    for (const [traditional, simplified] of table) expect(toSimplified(traditional)).toBe(simplified);
    const all = [...table.keys()].join("");
    expect(toSimplified(all)).toBe([...table.values()].join(""));
  });

  it("changes nothing else, character by character, on any text", () => {
    const traditional = fc.constantFrom(...[...table.keys()].slice(0, 400), "𠵾", "㑯", "\ud842");
    const text = fc.array(fc.oneof(traditional, fc.string({ unit: "binary", maxLength: 3 })), {
      maxLength: 12,
    });
    fc.assert(
      fc.property(text, (parts) => {
        const joined = parts.join("");
        const expected = Array.from(joined, (ch) => table.get(ch) ?? ch).join("");
        expect(toSimplified(joined)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("cellText", () => {
  it("trims exactly what \\s and the ideographic space match, at both ends only", () => {
    const spaces = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter((c) =>
      /[\s\u3000]/.test(c),
    );
    const near = fc.constantFrom(...spaces, "\u200b", "\u180e", "x", "项", "\u0085");
    fc.assert(
      fc.property(fc.array(near, { maxLength: 8 }), (chars) => {
        const text = chars.join("");
        expect(cellText(text)).toBe(text.replace(/^[\s\u3000]+|[\s\u3000]+$/g, ""));
      }),
      { numRuns: 3000 },
    );
  });
});
