/**
 * 设置 → 诊断 in the page: collected when the section is opened (never at start: it asks the
 * server), shown as text, copied with one button.
 */
import type { Lang } from "../../shared/findings.ts";
import { collectDiagnostics, type DiagnosticsEnvironment, diagnosticsText } from "./diagnostics.ts";

export function wireDiagnostics(options: {
  environment: () => DiagnosticsEnvironment;
  lang: () => Lang;
  copied: () => void;
}): void {
  const details = document.getElementById("diagnostics") as HTMLDetailsElement | null;
  const output = document.getElementById("diagnostics-text");
  const copy = document.getElementById("btn-copy-diagnostics");
  if (!details || !output || !copy) return;
  const refresh = async () => {
    output.textContent = "…";
    output.textContent = diagnosticsText(await collectDiagnostics(options.environment()), options.lang());
  };
  details.addEventListener("toggle", () => {
    if (details.open) void refresh();
  });
  copy.addEventListener("click", async () => {
    if (!output.textContent || output.textContent === "…") await refresh();
    try {
      await navigator.clipboard.writeText(output.textContent ?? "");
      options.copied();
    } catch {
      // No clipboard permission in this web view: select the text for Ctrl+C instead.
      getSelection()?.selectAllChildren(output);
    }
  });
}
