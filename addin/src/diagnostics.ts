/**
 * 设置 → 诊断: what the campaign office needs to know when a branch says "it does not work" — the
 * Excel version and platform, the requirement sets it supports (and so which buttons work), the
 * web view, whether the server answers, and what waits in the outbox — as plain text to copy into
 * a message. Nothing in it is secret: no token, no workbook content.
 */

import type { OutboxState } from "../../shared/api/outbox.ts";
import type { Lang } from "../../shared/findings.ts";
import { type Feature, requirements } from "../excel/requirements.ts";

export interface DiagnosticsOffice {
  context?: {
    diagnostics?: { host?: string; platform?: string; version?: string };
    platform?: string;
    displayLanguage?: string;
    requirements?: { isSetSupported(name: string, minVersion?: string): boolean };
  };
}

export interface DiagnosticsEnvironment {
  office: DiagnosticsOffice | undefined;
  userAgent: string;
  /** The server in Settings, or the pane's own origin when none is set. */
  server: string;
  fetch: typeof fetch;
  outbox: OutboxState;
  version: string;
  now: () => Date;
  timeoutMs?: number;
}

export interface Diagnostics {
  taken: string;
  pane: string;
  excel: { version: string; platform: string; language: string };
  /** The highest ExcelApi version the host claims, "none" outside Excel. */
  excelApi: string;
  features: { feature: Feature; needs: string; supported: boolean }[];
  webView: string;
  server: { url: string; reachable: boolean; status: number | null; ms: number | null };
  outbox: { pending: number; failed: number; oldest: string | null; lastError: string | null };
}

/** ExcelApi minor versions to probe; 1.20 is well past any host of 2026. */
const EXCEL_API_MINORS = Array.from({ length: 20 }, (_, i) => i + 1);

export async function collectDiagnostics(env: DiagnosticsEnvironment): Promise<Diagnostics> {
  const context = env.office?.context;
  const supported = (version: string) => {
    try {
      return context?.requirements?.isSetSupported("ExcelApi", version) === true;
    } catch {
      return false;
    }
  };
  const highest = EXCEL_API_MINORS.filter((minor) => supported(`1.${minor}`)).pop();
  const started = Date.now();
  let status: number | null = null;
  try {
    const response = await env.fetch(`${env.server}/healthz`, {
      signal: AbortSignal.timeout(env.timeoutMs ?? 5_000),
    });
    status = response.status;
  } catch {
    status = null;
  }
  const { items } = env.outbox;
  const oldest = items.length ? Math.min(...items.map((i) => i.createdAt)) : null;
  const lastError = items.map((i) => i.lastError).find((e) => e !== null) ?? null;
  return {
    taken: env.now().toISOString(),
    pane: env.version,
    excel: {
      version: context?.diagnostics?.version ?? "unknown",
      platform: context?.diagnostics?.platform ?? context?.platform ?? "unknown",
      language: context?.displayLanguage ?? "unknown",
    },
    excelApi: highest === undefined ? "none" : `1.${highest}`,
    features: (Object.keys(requirements) as Feature[]).map((feature) => ({
      feature,
      needs: `${requirements[feature].set} ${requirements[feature].version}`,
      supported: supported(requirements[feature].version),
    })),
    webView: env.userAgent,
    server: {
      url: env.server,
      reachable: status !== null && status < 500,
      status,
      ms: status === null ? null : Date.now() - started,
    },
    outbox: {
      pending: items.filter((i) => i.state === "pending").length,
      failed: items.filter((i) => i.state === "failed").length,
      oldest: oldest === null ? null : new Date(oldest).toISOString(),
      lastError: lastError
        ? [lastError.kind, lastError.status, lastError.code].filter(Boolean).join(" ")
        : null,
    },
  };
}

const labels = {
  "zh-CN": {
    title: "聚星诊断信息",
    taken: "时间",
    pane: "任务窗格版本",
    excel: "Excel",
    excelApi: "支持的 ExcelApi",
    features: "功能",
    webView: "浏览器组件",
    server: "服务器",
    reachable: "可连接",
    unreachable: "无法连接",
    outbox: "待发送",
    yes: "可用",
    no: "不可用",
  },
  en: {
    title: "Juxing diagnostics",
    taken: "Taken",
    pane: "Task pane version",
    excel: "Excel",
    excelApi: "ExcelApi supported",
    features: "Features",
    webView: "Web view",
    server: "Server",
    reachable: "reachable",
    unreachable: "not reachable",
    outbox: "Outbox",
    yes: "available",
    no: "unavailable",
  },
} satisfies Record<Lang, Record<string, string>>;

/** The text to copy: one fact a line, the same order whatever the language. */
export function diagnosticsText(d: Diagnostics, lang: Lang): string {
  const l = labels[lang];
  const server = d.server.reachable
    ? `${l.reachable} (HTTP ${d.server.status}, ${d.server.ms} ms)`
    : `${l.unreachable}${d.server.status ? ` (HTTP ${d.server.status})` : ""}`;
  return [
    l.title,
    `${l.taken}: ${d.taken}`,
    `${l.pane}: ${d.pane}`,
    `${l.excel}: ${d.excel.version} · ${d.excel.platform} · ${d.excel.language}`,
    `${l.excelApi}: ${d.excelApi}`,
    `${l.features}: ${d.features.map((f) => `${f.feature} (${f.needs}) ${f.supported ? l.yes : l.no}`).join("; ")}`,
    `${l.webView}: ${d.webView}`,
    `${l.server}: ${d.server.url} — ${server}`,
    `${l.outbox}: pending ${d.outbox.pending}, failed ${d.outbox.failed}${d.outbox.oldest ? `, since ${d.outbox.oldest}` : ""}${d.outbox.lastError ? `, last error ${d.outbox.lastError}` : ""}`,
  ].join("\n");
}
