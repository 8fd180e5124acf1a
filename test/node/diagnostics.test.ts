/** 设置 → 诊断 (addin/src/diagnostics.ts): the facts the campaign office asks for, as text to copy. */
import { describe, expect, it } from "vitest";
import { collectDiagnostics, diagnosticsText } from "../../addin/src/diagnostics.ts";
import type { OutboxItem } from "../../shared/api/outbox.ts";
import { createFakeOffice, FakeWorkbook } from "../helpers/fake-office/index.ts";

const waiting: OutboxItem = {
  id: "k1",
  bodyHash: "h",
  server: "https://juxing.example.gov.cn",
  tokenHash: "",
  body: {},
  label: { workbook: "清单.xlsx", branch: "xwb", period: "2026-11" },
  state: "pending",
  attempts: 2,
  createdAt: Date.UTC(2026, 11, 1, 8),
  nextAttemptAt: Date.UTC(2026, 11, 1, 9),
  lastError: { kind: "network", status: null, code: null, message: "offline" },
};

describe("diagnostics", () => {
  it("name the Excel, its requirement sets, the web view, the server and the outbox", async () => {
    const office = createFakeOffice(new FakeWorkbook({ sheets: ["S"] }), {
      requirementSets: { ExcelApi: "1.8" },
      platform: "PC",
    }).Office;
    const d = await collectDiagnostics({
      office,
      userAgent: "Mozilla/5.0 (Windows NT 10.0) Edg/120.0",
      server: "https://juxing.example.gov.cn",
      fetch: (() => Promise.resolve(Response.json({ ok: true }))) as unknown as typeof fetch,
      outbox: { items: [waiting], last: null },
      version: "0.1.0",
      now: () => new Date(Date.UTC(2026, 11, 4, 10)),
    });
    expect(d.excelApi).toBe("1.8");
    expect(d.features.find((f) => f.feature === "mark")).toMatchObject({
      needs: "ExcelApi 1.9",
      supported: false,
    });
    expect(d.features.find((f) => f.feature === "listValidation")).toMatchObject({ supported: true });
    expect(d.server).toMatchObject({ reachable: true, status: 200 });
    const text = diagnosticsText(d, "zh-CN");
    expect(text).toContain("Excel: 16.0.18526.20168 · PC · zh-CN");
    expect(text).toContain("支持的 ExcelApi: 1.8");
    expect(text).toContain("mark (ExcelApi 1.9) 不可用");
    expect(text).toContain("Edg/120.0");
    expect(text).toContain("pending 1, failed 0, since 2026-12-01T08:00:00.000Z, last error network");
    // No token, no workbook content: only what the campaign office needs to help.
    expect(text).not.toContain("清单.xlsx");
  });

  it("say so when the server cannot be reached, outside Excel too", async () => {
    const d = await collectDiagnostics({
      office: undefined,
      userAgent: "test",
      server: "https://down.example.com",
      fetch: (() => Promise.reject(new TypeError("Failed to fetch"))) as unknown as typeof fetch,
      outbox: { items: [], last: null },
      version: "0.1.0",
      now: () => new Date(0),
    });
    expect(d.excelApi).toBe("none");
    expect(diagnosticsText(d, "en")).toContain("Server: https://down.example.com — not reachable");
  });
});
