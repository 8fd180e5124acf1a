/**
 * The task pane's entry: once Office is ready it builds the real parts — the Office.js adapter
 * (./host.ts), localStorage under Office's partition key, fetch, the clock — hands them to the
 * controller (./controller.ts, which decides what happens and what to say), wires the page's
 * controls to it and renders its state (./view.ts). Nothing here decides anything worth a test
 * of its own; the browser tests (test/browser/taskpane.test.ts) cover it.
 */

import type { Report } from "../../shared/analyze.ts";
import { systemTimers } from "../../shared/api/client.ts";
import type { Lang } from "../../shared/findings.ts";
import { PaneController, type PaneState } from "./controller.ts";
import type { DiagnosticsOffice } from "./diagnostics.ts";
import { wireDiagnostics } from "./diagnostics-view.ts";
import { type Feature, host } from "./host.ts";
import { type LangSetting, pickLang, t } from "./i18n.ts";
import { renderJudged } from "./judged.ts";
import { renderReviews } from "./reviews.ts";
import { checkServer } from "./server-check.ts";
import { keys, openStorage, type Settings, storagePrefix } from "./settings.ts";
import { applyStrings, byId, renderFindings, renderScore, renderStatus, renderSync } from "./view.ts";

declare const __JUXING_VERSION__: string;
const VERSION = typeof __JUXING_VERSION__ === "string" ? __JUXING_VERSION__ : "0.0.0";

const buttons = {
  validate: () => byId<HTMLButtonElement>("btn-validate"),
  mark: () => byId<HTMLButtonElement>("btn-mark"),
  clear: () => byId<HTMLButtonElement>("btn-clear"),
  sync: () => byId<HTMLButtonElement>("btn-sync"),
  template: () => byId<HTMLButtonElement>("btn-template"),
  results: () => byId<HTMLButtonElement>("btn-results"),
};

/** Buttons that need a requirement set the host may lack (addin/excel/requirements.ts). */
const buttonFeatures: Partial<Record<keyof typeof buttons, Feature>> = {
  validate: "read",
  mark: "mark",
  clear: "mark",
  template: "template",
  results: "resultsSheet",
  sync: "read",
};

const fieldIds: Record<keyof Settings, string> = {
  server: "set-server",
  branch: "set-branch",
  token: "set-token",
  campaign: "set-campaign",
  period: "set-period",
  lang: "set-lang",
};

/** The workbook's name as Excel knows it (the file name of its URL), or a neutral default. */
function workbookName(): string {
  try {
    const url = Office.context.document?.url;
    if (url) {
      const name = decodeURIComponent(url.split(/[\\/]/).pop() ?? "").trim();
      if (name) return name.slice(0, 255);
    }
  } catch {
    // fall through
  }
  return "workbook.xlsx";
}

/** Renders the controller's state; the findings only when they or the language changed (thousands of nodes). */
function renderer(controller: PaneController): (state: PaneState) => void {
  let shown: { report: Report | null; lang: Lang; rubric: string } = {
    report: null,
    lang: controller.lang,
    rubric: "",
  };
  return (state) => {
    if (state.lang !== shown.lang) applyStrings(state.lang);
    if (
      state.report &&
      (state.report !== shown.report || state.lang !== shown.lang || state.rubricLabel !== shown.rubric)
    ) {
      renderScore(state.report, state.lang, state.rubricLabel);
      if (state.report !== shown.report || state.lang !== shown.lang)
        renderFindings(state.report.findings, state.lang);
    }
    shown = { report: state.report, lang: state.lang, rubric: state.rubricLabel };
    document.body.setAttribute("aria-busy", String(state.busy));
    for (const [name, get] of Object.entries(buttons) as [keyof typeof buttons, () => HTMLButtonElement][]) {
      const feature = buttonFeatures[name];
      get().disabled = state.busy || (feature ? !controller.supports(feature) : false);
    }
    renderStatus(state.status);
    renderSync(state.sync, state.lang);
    renderJudged(state.judged?.events ?? [], state.judged?.self ?? null, state.lang);
    renderReviews(state.reviews, state.reviewsNote, state.lang);
  };
}

function start(info: { host: Office.HostType | null } | undefined): void {
  const { storage, persistent } = openStorage();
  const prefix = storagePrefix(Office.context?.partitionKey);
  const controller = new PaneController({
    host,
    storage,
    persistent,
    prefix,
    // Called as deps.fetch, window's fetch would throw "Illegal invocation": bind it.
    fetch: (url, init) => fetch(url, init),
    clock: systemTimers,
    displayLanguage: Office.context?.displayLanguage,
    workbookName,
    version: VERSION,
    checkServer: (server, lang) =>
      checkServer(server, lang, {
        paneOrigin: location.origin,
        fetch: (input, init) => fetch(input, init),
        events: document,
      }),
    origin: /^https?:$/.test(location.protocol) ? location.origin : undefined,
  });
  const lang = () => controller.lang;
  applyStrings(controller.lang);

  if (info && info.host !== null && info.host !== Office.HostType.Excel) {
    renderStatus({ text: t(controller.lang, "notExcel"), tone: "error" });
    return;
  }
  // Opened in a plain browser tab: settings still work, the Excel buttons stay off.
  const outsideExcel = !info || info.host === null;

  const openSettings = (focus?: keyof Settings) => {
    const s = controller.settings;
    byId<HTMLInputElement>("set-server").value = s.server;
    byId<HTMLInputElement>("set-server").placeholder = location.origin.startsWith("http")
      ? location.origin
      : "";
    byId<HTMLInputElement>("set-branch").value = s.branch;
    byId<HTMLInputElement>("set-token").value = s.token;
    byId<HTMLInputElement>("set-campaign").value = s.campaign;
    byId<HTMLInputElement>("set-period").value = controller.formPeriod();
    byId<HTMLSelectElement>("set-lang").value = s.lang;
    byId("settings").hidden = false;
    byId("btn-settings").setAttribute("aria-expanded", "true");
    byId(fieldIds[focus ?? "server"]).focus();
  };
  const closeSettings = () => {
    byId("settings").hidden = true;
    byId("btn-settings").setAttribute("aria-expanded", "false");
    byId("btn-settings").focus();
  };

  buttons.validate().addEventListener("click", () => void controller.validate());
  buttons.mark().addEventListener("click", () => void controller.mark());
  buttons.clear().addEventListener("click", () => void controller.clearMarks());
  buttons.template().addEventListener("click", () => void controller.insertTemplate());
  buttons.results().addEventListener("click", () => void controller.writeResults());
  buttons.sync().addEventListener("click", async () => {
    const missing = await controller.sync();
    if (missing) openSettings(missing);
  });
  byId("btn-settings").addEventListener("click", () =>
    byId("settings").hidden ? openSettings() : closeSettings(),
  );
  byId("btn-settings-close").addEventListener("click", closeSettings);
  byId("settings-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = (id: string) => byId<HTMLInputElement>(id).value;
    const result = await controller.saveSettings({
      server: value("set-server"),
      branch: value("set-branch"),
      token: value("set-token"),
      campaign: value("set-campaign"),
      period: value("set-period"),
      lang: byId<HTMLSelectElement>("set-lang").value as LangSetting,
    });
    for (const id of Object.values(fieldIds)) byId(id).removeAttribute("aria-invalid");
    const errorEl = byId("settings-error");
    if (!result.ok) {
      for (const field of result.fields) byId(fieldIds[field]).setAttribute("aria-invalid", "true");
      errorEl.textContent = result.message;
      errorEl.hidden = false;
      byId(fieldIds[result.fields[0] ?? "server"]).focus();
      return;
    }
    errorEl.hidden = true;
    closeSettings();
  });
  byId("btn-token-toggle").addEventListener("click", () => {
    const input = byId<HTMLInputElement>("set-token");
    const toggle = byId("btn-token-toggle");
    const show = input.type === "password";
    input.type = show ? "text" : "password";
    toggle.setAttribute("aria-pressed", String(show));
    toggle.textContent = t(lang(), show ? "hideToken" : "showToken");
  });
  byId("findings-list").addEventListener("click", (event) => {
    const target = (event.target as HTMLElement).closest<HTMLButtonElement>("button.finding");
    const { sheet, cell } = target?.dataset ?? {};
    if (!target || !sheet || !cell) return;
    if (controller.supports("select")) {
      for (const el of document.querySelectorAll(".finding.is-selected")) el.classList.remove("is-selected");
      target.classList.add("is-selected");
    }
    void controller.select(sheet, cell, target.querySelector(".finding-cell")?.textContent ?? cell);
  });
  byId("reviews-list").addEventListener("click", (event) => {
    const target = (event.target as HTMLElement).closest<HTMLButtonElement>("button.review");
    const { sheet, cell } = target?.dataset ?? {};
    if (!target || !sheet || !cell) return;
    void controller.select(sheet, cell, `${sheet}!${cell}`);
  });
  byId("sync-pending").addEventListener("click", (event) => {
    const target = (event.target as HTMLElement).closest<HTMLButtonElement>("button[data-action]");
    const id = target?.dataset.id;
    if (!target || !id) return;
    if (target.dataset.action === "discard") controller.discard(id);
    else void controller.retry(id);
  });
  wireDiagnostics({
    environment: () => ({
      office: typeof Office === "undefined" ? undefined : (Office as unknown as DiagnosticsOffice),
      userAgent: navigator.userAgent,
      server: controller.settings.server || location.origin,
      fetch: (input, init) => fetch(input, init),
      outbox: controller.outbox.state(),
      version: VERSION,
      now: () => new Date(),
    }),
    lang,
    copied: () => controller.say(t(lang(), "copied"), "success"),
  });
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !byId("settings").hidden) closeSettings();
  });
  // Another pane (another workbook) on the same storage changed the outbox.
  window.addEventListener("storage", (e) => {
    if (e.key === prefix + keys.outbox) controller.outboxChanged();
  });
  window.addEventListener("online", () => void controller.online());

  controller.subscribe(renderer(controller));
  for (const [name, feature] of Object.entries(buttonFeatures) as [keyof typeof buttons, Feature][]) {
    if (!controller.supports(feature)) buttons[name]().title = controller.unsupported(feature);
  }
  if (outsideExcel) controller.say(t(controller.lang, "notExcel"), "warning");
  void controller.start();
}

// This script runs, so the web view is new enough: the old web view notice goes (taskpane.html).
document.getElementById("old-webview")?.remove();

if (typeof Office === "undefined") {
  // office.js did not load (the CDN is blocked or the network is down): say so instead of a dead pane.
  const lang = pickLang(navigator.language);
  applyStrings(lang);
  renderStatus({ text: t(lang, "officeMissing"), tone: "error" });
} else {
  Office.onReady(start);
}
