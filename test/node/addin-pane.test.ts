/** The task pane's pure parts: settings, period choice, language, campaign parsing, finding groups. */
import { describe, expect, it } from "vitest";
import {
  CampaignError,
  fetchCampaign,
  parseCampaign,
  readCachedCampaign,
  writeCachedCampaign,
} from "../../addin/src/campaign.ts";
import { pickLang, strings, t } from "../../addin/src/i18n.ts";
import {
  checkSettings,
  emptySettings,
  loadSettings,
  localDate,
  missingForSync,
  normalizeServer,
  saveSettings,
  storagePrefix,
} from "../../addin/src/settings.ts";
import { cellLabel, groupFindings } from "../../addin/src/view.ts";
import { catalogue, type Finding } from "../../shared/findings.ts";
import { defaultRubric } from "../../shared/rubric.ts";

function memory() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  };
}

describe("settings", () => {
  it("accepts https servers, and http only on this machine", () => {
    expect(normalizeServer("https://juxing.example.workers.dev/")).toBe("https://juxing.example.workers.dev");
    expect(normalizeServer(" https://x.example/base/ ")).toBe("https://x.example/base");
    expect(normalizeServer("http://127.0.0.1:8787")).toBe("http://127.0.0.1:8787");
    expect(normalizeServer("http://localhost:8787")).toBe("http://localhost:8787");
    expect(normalizeServer("")).toBe("");
    for (const bad of [
      "http://juxing.example",
      "ftp://x",
      "not a url",
      "https://u:p@x.example",
      "https://x.example/?q=1",
    ]) {
      expect(normalizeServer(bad), bad).toBeNull();
    }
  });

  it("names the fields to fix", () => {
    const { problems } = checkSettings({
      ...emptySettings,
      server: "http://example.com",
      period: "2023-13",
      branch: "支部",
      campaign: "ok-1",
    });
    expect(problems).toEqual(["server", "period", "branch"]);
    const ok = checkSettings({
      ...emptySettings,
      server: "https://a.example/",
      branch: " B01 ",
      token: " t ",
      period: "",
    });
    expect(ok.problems).toEqual([]);
    expect(ok.settings).toMatchObject({ server: "https://a.example", branch: "B01", token: "t" });
    expect(missingForSync(ok.settings)).toEqual(["campaign"]);
  });

  it("stores under the partition key, never anywhere else", () => {
    const storage = memory();
    const prefix = storagePrefix("abc123");
    saveSettings(storage, prefix, { ...emptySettings, token: "secret", lang: "en" });
    expect([...storage.map.keys()]).toEqual(["abc123/juxing.settings"]);
    expect(loadSettings(storage, prefix)).toMatchObject({ token: "secret", lang: "en" });
    expect(loadSettings(storage, storagePrefix(undefined))).toEqual(emptySettings);
    storage.map.set("juxing.settings", "{broken");
    expect(loadSettings(storage, "")).toEqual(emptySettings);
  });

  it("uses the local date", () => {
    expect(localDate(new Date(2023, 5, 30, 23, 59))).toBe("2023-06-30");
    expect(localDate(new Date(2024, 0, 1, 0, 1))).toBe("2024-01-01");
  });
});

describe("language", () => {
  it("is zh-CN unless Office speaks English or the user chose", () => {
    expect(pickLang("zh-CN")).toBe("zh-CN");
    expect(pickLang("zh-TW")).toBe("zh-CN");
    expect(pickLang("en-US")).toBe("en");
    expect(pickLang("EN-gb")).toBe("en");
    expect(pickLang(undefined)).toBe("zh-CN");
    expect(pickLang("en-US", "zh-CN")).toBe("zh-CN");
    expect(pickLang("zh-CN", "en")).toBe("en");
  });

  it("has the same placeholders in both languages", () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(strings["zh-CN"]) as (keyof (typeof strings)["zh-CN"])[]) {
      expect(names(strings.en[key]), key).toEqual(names(strings["zh-CN"][key]));
    }
    expect(t("zh-CN", "syncOffline")).toBe("同步失败：网络不可用，已保存，将自动重试。");
    expect(t("en", "marked", { n: 3 })).toBe("Marked 3 problems in the sheet.");
  });
});

describe("campaign", () => {
  const answer = {
    id: "c1",
    name: "聚星点亮",
    year: 2023,
    expectedProjects: 12,
    rubric: { activities: { points: 20 } },
    ranking: "dense",
  };

  it("completes the rubric and keeps the project count", () => {
    const c = parseCampaign(answer);
    expect(c?.expectedProjects).toBe(12);
    expect(c?.rubric.activities.points).toBe(20);
    expect(c?.rubric.projects.points).toBe(defaultRubric.projects.points);
    expect(parseCampaign({ ...answer, expectedProjects: null })?.expectedProjects).toBeNull();
    expect(parseCampaign({ ...answer, rubric: { projects: { delivery: 7 } } })).toBeNull();
    expect(parseCampaign("nope")).toBeNull();
  });

  it("fetches with the branch token and says why it could not", async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const ok = await fetchCampaign(
      async (url, init) => {
        seen.push({ url, auth: new Headers(init.headers).get("Authorization") });
        return Response.json(answer);
      },
      "https://s.example",
      "c1",
      "tok",
    );
    expect(ok.name).toBe("聚星点亮");
    expect(seen).toEqual([{ url: "https://s.example/api/v1/campaigns/c1", auth: "Bearer tok" }]);
    const offline = fetchCampaign(
      () => Promise.reject(new TypeError("Failed to fetch")),
      "https://s.example",
      "c1",
      "t",
    );
    await expect(offline).rejects.toBeInstanceOf(CampaignError);
    await expect(offline).rejects.toMatchObject({ failure: { kind: "network" } });
    const denied = fetchCampaign(
      async () => Response.json({ error: { code: "forbidden", message: "not yours" } }, { status: 403 }),
      "https://s.example",
      "c1",
      "t",
    );
    await expect(denied).rejects.toMatchObject({
      failure: { kind: "status", status: 403, message: "not yours" },
    });
  });

  it("caches the last answer per server and campaign", () => {
    const storage = memory();
    const c = parseCampaign(answer);
    if (!c) throw new Error("parse");
    writeCachedCampaign(storage, "p/", { ...c, server: "https://s.example", fetchedAt: 1 });
    expect(readCachedCampaign(storage, "p/", "https://s.example", "c1")?.rubric.activities.points).toBe(20);
    expect(readCachedCampaign(storage, "p/", "https://other.example", "c1")).toBeNull();
    expect(readCachedCampaign(storage, "p/", "https://s.example", "c2")).toBeNull();
  });
});

describe("findings view", () => {
  const f = (
    code: keyof typeof catalogue,
    sheet: string | null,
    cell: string | null,
    row: number | null,
  ): Finding => ({
    code,
    severity: catalogue[code].severity,
    sheet,
    cell,
    row,
    column: null,
    value: null,
    params: {},
  });

  it("groups by severity, then code in catalogue order, keeping reading order inside a code", () => {
    const groups = groupFindings([
      f("deadline.vague", "S", "F3", 3),
      f("owner.missing", "S", "E9", 9),
      f("campaign.project-count", null, null, null),
      f("owner.missing", "S", "E4", 4),
      f("category.unknown", "S", "B5", 5),
    ]);
    expect(groups.map((g) => [g.severity, g.codes.map((c) => [c.code, c.items.map((i) => i.cell)])])).toEqual(
      [
        [
          "error",
          [
            ["category.unknown", ["B5"]],
            ["owner.missing", ["E9", "E4"]],
          ],
        ],
        [
          "warning",
          [
            ["deadline.vague", ["F3"]],
            ["campaign.project-count", [null]],
          ],
        ],
      ],
    );
  });

  it("writes cells as Excel does, quoting sheet names that need it", () => {
    expect(cellLabel({ sheet: "任务清单", cell: "E6" })).toBe("任务清单!E6");
    expect(cellLabel({ sheet: "Task list", cell: "E6" })).toBe("'Task list'!E6");
    expect(cellLabel({ sheet: "O'Brien (1)", cell: "A1" })).toBe("'O''Brien (1)'!A1");
    expect(cellLabel({ sheet: null, cell: null })).toBeNull();
  });
});
