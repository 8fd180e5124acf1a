/**
 * The pane's settings and caches in browser storage (docs/roles.md; README.md, “The Excel add-in”): server URL, branch code, token,
 * campaign, period, language. Never in the workbook — document settings travel with the file and
 * would hand the token to whoever gets a copy. Keys are prefixed with Office's partition key when
 * the host gives one (Excel on the web partitions storage per add-in instance).
 */

import type { KeyValueStorage } from "../../shared/api/outbox.ts";
import { isoDate } from "../../shared/dates.ts";
import type { LangSetting } from "./i18n.ts";

export interface Settings {
  server: string;
  branch: string;
  token: string;
  campaign: string;
  /** YYYY-MM, or "" for the current month (it moves with the calendar). */
  period: string;
  lang: LangSetting;
}

export const emptySettings: Settings = {
  server: "",
  branch: "",
  token: "",
  campaign: "",
  period: "",
  lang: "auto",
};

export function storagePrefix(partitionKey: string | undefined | null): string {
  return partitionKey ? `${partitionKey}/` : "";
}

export const keys = {
  settings: "juxing.settings",
  outbox: "juxing.outbox",
  campaign: "juxing.campaign",
} as const;

/** Storage that never throws: localStorage when usable, else a map for this session. */
export function openStorage(): { storage: KeyValueStorage; persistent: boolean } {
  try {
    const ls = globalThis.localStorage;
    const probe = "juxing.probe";
    ls.setItem(probe, "1");
    ls.removeItem(probe);
    return { storage: ls, persistent: true };
  } catch {
    const map = new Map<string, string>();
    return {
      storage: { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) },
      persistent: false,
    };
  }
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export function loadSettings(storage: KeyValueStorage, prefix: string): Settings {
  try {
    const raw = storage.getItem(prefix + keys.settings);
    if (!raw) return { ...emptySettings };
    const data = JSON.parse(raw) as Record<string, unknown>;
    const lang = data.lang === "zh-CN" || data.lang === "en" ? data.lang : "auto";
    return {
      server: str(data.server),
      branch: str(data.branch),
      token: str(data.token),
      campaign: str(data.campaign),
      period: str(data.period),
      lang,
    };
  } catch {
    return { ...emptySettings };
  }
}

export function saveSettings(storage: KeyValueStorage, prefix: string, settings: Settings): void {
  storage.setItem(prefix + keys.settings, JSON.stringify(settings));
}

/** The local calendar date (docs/workbook.md, “The as-of date”: the pane's as-of date). */
export function localDate(now: Date): string {
  return isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate()) as string;
}

export function currentMonth(now: Date): string {
  return localDate(now).slice(0, 7);
}

/** What the settings form shows: the chosen period, or the current month when it is automatic. */
export function effectivePeriod(settings: Settings, now: Date): string {
  return settings.period || currentMonth(now);
}

/** Server URLs: https, or http on this machine (local wrangler dev). No credentials, query or hash. */
export function normalizeServer(input: string): string | null {
  const text = input.trim();
  if (!text) return "";
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const local = url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) return null;
  if (url.username || url.password || url.search || url.hash) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

export type SettingsProblem = "server" | "period" | "branch" | "campaign";

/** Settings as typed, checked and normalized; problems name the fields to fix. */
export function checkSettings(input: Settings): { settings: Settings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const server = normalizeServer(input.server);
  if (server === null) problems.push("server");
  const period = input.period.trim();
  if (period && !/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) problems.push("period");
  const branch = input.branch.trim();
  if (branch && !/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/.test(branch)) problems.push("branch");
  const campaign = input.campaign.trim();
  if (campaign && !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(campaign)) problems.push("campaign");
  return {
    settings: {
      ...input,
      server: server ?? input.server.trim(),
      period,
      branch,
      campaign,
      token: input.token.trim(),
    },
    problems,
  };
}

/** What sync needs; the missing ones, in form order. */
export function missingForSync(s: Settings): (keyof Settings)[] {
  return (["server", "branch", "token", "campaign"] as const).filter((k) => !s[k]);
}
