/**
 * 三个明确 judged as a campaign office would (issue 15), on the labelled corpus of
 * test/node/clarity.corpus.ts read in both scripts. The figures are printed for the closing note.
 */
import { Converter } from "opencc-js/cn2t";
import { describe, expect, it } from "vitest";
import { isCollectiveOwner, isPlaceholderOwner, isVagueTarget } from "../../shared/values.ts";
import {
  clearOwners,
  collectiveOwners,
  placeholderOwners,
  specificTargets,
  vagueTargets,
} from "./clarity.corpus.ts";

const toTraditional = Converter({ from: "cn", to: "tw" });
/** Every entry as written, and in traditional characters. */
const bothScripts = (texts: readonly string[]): string[] => [...texts, ...texts.map((t) => toTraditional(t))];

function share(texts: readonly string[], test: (text: string) => boolean) {
  const all = bothScripts(texts);
  const hits = all.filter(test);
  return { rate: hits.length / all.length, hits, misses: all.filter((t) => !test(t)), n: all.length };
}

const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

describe("the labelled corpus", () => {
  it("has at least 200 targets and 60 owners", () => {
    expect(vagueTargets.length + specificTargets.length).toBeGreaterThanOrEqual(200);
    expect(placeholderOwners.length + collectiveOwners.length + clearOwners.length).toBeGreaterThanOrEqual(
      60,
    );
  });
});

describe("targets", () => {
  it("finds ≥ 90 % of vague targets and calls at most 5 % of specific ones vague", () => {
    const vague = share(vagueTargets, isVagueTarget);
    const flaggedSpecific = share(specificTargets, isVagueTarget);
    const precision = vague.hits.length / (vague.hits.length + flaggedSpecific.hits.length);
    console.log(
      `juxing-figure targets: vague recall ${percent(vague.rate)} (${vague.hits.length}/${vague.n}), ` +
        `specific called vague ${percent(flaggedSpecific.rate)} (${flaggedSpecific.hits.length}/${flaggedSpecific.n}), ` +
        `precision ${percent(precision)}; missed: ${vague.misses.join(" | ")}; wrongly flagged: ${flaggedSpecific.hits.join(" | ")}`,
    );
    expect(vague.rate).toBeGreaterThanOrEqual(0.9);
    expect(flaggedSpecific.rate).toBeLessThanOrEqual(0.05);
  });

  it("judges a target by its parts however long: stock words stay vague, a count makes it clear", () => {
    const long = "进一步全面加强和切实改进机关党建工作，不断提升服务水平，确保取得实效，推动工作再上新台阶";
    expect(isVagueTarget(long)).toBe(true);
    expect(isVagueTarget(`${long}，全年开展主题党日12次`)).toBe(false);
    expect(isVagueTarget(`${long}，形成工作台账`)).toBe(false);
    expect(isVagueTarget(`${long}，年底前通过验收`)).toBe(false);
  });
});

describe("owners", () => {
  it("finds every placeholder, ≥ 90 % of groups, and flags no named person or role", () => {
    const placeholders = share(placeholderOwners, isPlaceholderOwner);
    const groups = share(collectiveOwners, (t) => !isPlaceholderOwner(t) && isCollectiveOwner(t));
    const flagged = share(clearOwners, (t) => isPlaceholderOwner(t) || isCollectiveOwner(t));
    console.log(
      `juxing-figure owners: placeholders ${percent(placeholders.rate)} (${placeholders.hits.length}/${placeholders.n}), ` +
        `groups ${percent(groups.rate)} (${groups.hits.length}/${groups.n}), people and roles flagged ${flagged.hits.length}/${flagged.n}; ` +
        `groups missed: ${groups.misses.join(" | ")}`,
    );
    expect(placeholders.misses).toEqual([]);
    expect(groups.rate).toBeGreaterThanOrEqual(0.9);
    expect(flagged.hits).toEqual([]);
  });
});
