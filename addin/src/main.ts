/**
 * The task pane (README.md “The Excel add-in”): Validate, Mark / Clear marks, Sync, Insert template, Settings.
 * Excel work goes through the Office.js adapter (addin/excel via ./host.ts); scoring is the shared
 * core; sync goes through the outbox. Runs once Office is ready.
 */
import { analyzeBook, type Report } from "../../shared/analyze.ts";
import { systemTimers } from "../../shared/api/client.ts";
import {
  keyValueStore,
  Outbox,
  type OutboxEvent,
  type OutboxItem,
  sha256Hex,
} from "../../shared/api/outbox.ts";
import type { Finding, Lang } from "../../shared/findings.ts";
import type { Book } from "../../shared/grid.ts";
import { submissionPeriod } from "../../shared/period.ts";
import { submissionFromReport, submissionSchema } from "../../shared/submission.ts";
import {
  type CachedCampaign,
  CampaignError,
  fetchCampaign,
  readCachedCampaign,
  writeCachedCampaign,
} from "./campaign.ts";
import type { DiagnosticsOffice } from "./diagnostics.ts";
import { wireDiagnostics } from "./diagnostics-view.ts";
import { AdapterError, excelErrorMessage, type Feature, host, unsupportedMessage } from "./host.ts";
import { type LangSetting, pickLang, t } from "./i18n.ts";
import { checkServer, type ServerCheck } from "./server-check.ts";
import {
  checkSettings,
  currentMonth,
  effectivePeriod,
  keys,
  loadSettings,
  localDate,
  missingForSync,
  openStorage,
  type Settings,
  type SettingsProblem,
  saveSettings,
  storagePrefix,
} from "./settings.ts";
import { bookFingerprint, syncErrorText } from "./sync-text.ts";
import { applyStrings, byId, countBySeverity, renderFindings, renderScore, renderSync } from "./view.ts";

declare const __JUXING_VERSION__: string;
const VERSION = typeof __JUXING_VERSION__ === "string" ? __JUXING_VERSION__ : "0.0.0";

interface Pane {
  lang: Lang;
  displayLanguage: string | undefined;
  prefix: string;
  storage: ReturnType<typeof openStorage>["storage"];
  persistent: boolean;
  settings: Settings;
  outbox: Outbox;
  report: Report | null;
  book: Book | null;
  campaign: CachedCampaign | null;
  campaignFresh: boolean;
  busy: boolean;
  /** The item a repeated Sync click landed on: its next outcome is said together with that. */
  duplicateId: string | null;
}

let pane: Pane;

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

// ── status line ────────────────────────────────────────────────────────────────────────────────

type Tone = "info" | "success" | "warning" | "error";

function say(text: string, tone: Tone = "info"): void {
  const status = byId("status");
  const alert = byId("alert");
  if (tone === "error") {
    alert.textContent = text;
    alert.hidden = false;
    status.textContent = "";
    status.className = "status";
    return;
  }
  alert.hidden = true;
  alert.textContent = "";
  status.textContent = text;
  status.className = tone === "info" ? "status" : `status status-${tone}`;
}

function setBusy(busy: boolean): void {
  pane.busy = busy;
  document.body.setAttribute("aria-busy", String(busy));
  for (const [name, get] of Object.entries(buttons) as [keyof typeof buttons, () => HTMLButtonElement][]) {
    const feature = buttonFeatures[name];
    const unsupported = feature ? !host.supports(feature) : false;
    get().disabled = busy || unsupported;
  }
}

/** Runs one user action: buttons off meanwhile (a double click cannot start it twice), errors said. */
async function action(work: () => Promise<void>): Promise<void> {
  if (pane.busy) return;
  setBusy(true);
  say(t(pane.lang, "working"));
  try {
    await work();
  } catch (err) {
    say(errorMessage(err), "error");
  } finally {
    setBusy(false);
  }
}

function errorMessage(err: unknown): string {
  // The adapter's refusals are already in the user's language and say what to do.
  if (err instanceof AdapterError) return err.message;
  return t(pane.lang, "excelError", { message: excelErrorMessage(err) });
}

/** The adapter's notes (a degraded feature, a skipped part) after the action's own message. */
function withNotes(text: string, notes: { message: string }[]): string {
  return [text, ...new Set(notes.map((n) => n.message))].join(" ");
}

// ── campaign rubric ────────────────────────────────────────────────────────────────────────────

function campaignReason(err: unknown): string {
  if (err instanceof CampaignError) {
    const f = err.failure;
    if (f.kind === "network") return t(pane.lang, "networkUnavailable");
    if (f.kind === "status") return f.message ? `${f.status} ${f.message}` : `HTTP ${f.status}`;
    return "invalid";
  }
  return String(err);
}

/**
 * The campaign to score with: fetched when settings name one, else the cached copy, else none.
 * Returns a warning to show when the fetch failed.
 */
async function loadCampaign(force = false): Promise<string | null> {
  const s = pane.settings;
  if (!s.server || !s.campaign || !s.token) {
    pane.campaign = null;
    return null;
  }
  if (!force && pane.campaignFresh && pane.campaign?.id === s.campaign && pane.campaign.server === s.server) {
    return null;
  }
  try {
    const info = await fetchCampaign(fetch.bind(globalThis), s.server, s.campaign, s.token);
    pane.campaign = { ...info, server: s.server, fetchedAt: Date.now() };
    pane.campaignFresh = true;
    writeCachedCampaign(pane.storage, pane.prefix, pane.campaign);
    return null;
  } catch (err) {
    pane.campaign = readCachedCampaign(pane.storage, pane.prefix, s.server, s.campaign);
    pane.campaignFresh = false;
    const fallback = pane.campaign
      ? t(pane.lang, "rubricCached", { name: pane.campaign.name })
      : t(pane.lang, "rubricDefault");
    return t(pane.lang, "campaignFetchFailed", { reason: campaignReason(err), fallback });
  }
}

function rubricLabel(): string {
  const c = pane.campaign;
  if (!c) return t(pane.lang, "rubricDefault");
  return t(pane.lang, pane.campaignFresh ? "rubricCampaign" : "rubricCached", { name: c.name });
}

// ── validate, mark, select ─────────────────────────────────────────────────────────────────────

/** Reads the workbook and scores it; `warning` says when the campaign's rubric could not be fetched. */
async function validate(): Promise<{ report: Report; warning: string | null }> {
  const { value: book, notes } = await host.readWorkbook(pane.lang);
  const fetchWarning = await loadCampaign();
  const warning = [fetchWarning, ...notes.map((n) => n.message)].filter(Boolean).join(" ") || null;
  const today = localDate(new Date());
  const s = pane.settings;
  const c = pane.campaign;
  const options = c ? { rubric: c.rubric, expectedProjects: c.expectedProjects, campaignYear: c.year } : {};
  const code = s.branch ? { code: s.branch } : {};
  // First as the workbook says, to learn its period; again for the period and as-of sync will use.
  const probe = analyzeBook(book, { ...options, asOf: today, overrides: code });
  const { period, asOf } = submissionPeriod({ chosen: s.period, workbook: probe.period, today });
  const report =
    probe.period === period && asOf === today
      ? probe
      : analyzeBook(book, { ...options, asOf, overrides: { ...code, period } });
  pane.report = report;
  pane.book = book;
  render();
  return { report, warning };
}

function render(): void {
  const report = pane.report;
  if (!report) return;
  renderScore(report, pane.lang, rubricLabel());
  renderFindings(report.findings, pane.lang);
}

function summary(findings: Finding[]): string {
  return t(pane.lang, "findingsSummary", countBySeverity(findings));
}

async function onValidate(): Promise<void> {
  await action(async () => {
    if (!host.supports("read")) return say(unsupportedMessage("read", pane.lang), "error");
    const { report, warning } = await validate();
    const done = t(pane.lang, "validated", { summary: summary(report.findings) });
    if (warning) say(`${done} ${warning}`, "warning");
    else say(done, "success");
  });
}

async function onMark(): Promise<void> {
  await action(async () => {
    const report = pane.report ?? (await validate()).report;
    const { value: marked, notes } = await host.markFindings(report.findings, pane.lang);
    say(withNotes(t(pane.lang, "marked", { n: marked }), notes), notes.length ? "warning" : "success");
  });
}

async function onClear(): Promise<void> {
  await action(async () => {
    const { notes } = await host.clearMarks(pane.lang);
    say(withNotes(t(pane.lang, "cleared"), notes), notes.length ? "warning" : "success");
  });
}

async function onResults(): Promise<void> {
  await action(async () => {
    const report = pane.report ?? (await validate()).report;
    const { notes } = await host.writeResultsSheet(report.findings, pane.lang);
    say(withNotes(t(pane.lang, "resultsWritten"), notes), notes.length ? "warning" : "success");
  });
}

async function onTemplate(): Promise<void> {
  await action(async () => {
    const { notes } = await host.insertTemplate(pane.lang);
    say(withNotes(t(pane.lang, "templateInserted"), notes), notes.length ? "warning" : "success");
  });
}

async function onFindingClick(event: Event): Promise<void> {
  const target = (event.target as HTMLElement).closest<HTMLButtonElement>("button.finding");
  if (!target) return;
  const sheet = target.dataset.sheet;
  const cell = target.dataset.cell;
  if (!sheet || !cell) return;
  if (!host.supports("select")) {
    say(unsupportedMessage("select", pane.lang), "error");
    return;
  }
  for (const el of document.querySelectorAll(".finding.is-selected")) el.classList.remove("is-selected");
  target.classList.add("is-selected");
  try {
    await host.selectCell(sheet, cell, pane.lang);
    say(t(pane.lang, "selected", { cell: target.querySelector(".finding-cell")?.textContent ?? cell }));
  } catch (err) {
    say(errorMessage(err), "error");
  }
}

// ── sync ───────────────────────────────────────────────────────────────────────────────────────

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

function onOutboxEvent(event: OutboxEvent): void {
  const lang = pane.lang;
  const repeated = event.type !== "queued" && event.item.id === pane.duplicateId;
  if (repeated) pane.duplicateId = null;
  const prefix = repeated ? `${t(lang, "syncQueuedDuplicate")} ` : "";
  switch (event.type) {
    case "sent": {
      const r = event.result;
      say(
        prefix +
          (r.rank === null || r.rank === undefined
            ? t(lang, "syncSentNoRank")
            : t(lang, r.tied ? "syncSentTied" : "syncSent", { rank: r.rank, period: r.period })),
        "success",
      );
      break;
    }
    case "retrying": {
      const text =
        event.error.kind === "rate-limited"
          ? t(lang, "syncRateLimited", { seconds: Math.ceil(event.delayMs / 1000) })
          : (syncErrorText(event.error, lang) ?? "");
      say(prefix + text + (pane.outbox.persistent ? "" : ` ${t(lang, "syncNotPersistent")}`), "warning");
      break;
    }
    case "failed":
      say(prefix + (syncErrorText(event.error, lang) ?? ""), "error");
      break;
    case "queued":
      if (event.duplicate) {
        pane.duplicateId = event.item.id;
        say(t(lang, "syncQueuedDuplicate"), "warning");
      }
      break;
  }
}

async function onSync(): Promise<void> {
  const s = pane.settings;
  const missing = missingForSync(s);
  if (missing.length > 0) {
    say(t(pane.lang, "syncNeedsSettings"), "error");
    openSettings(missing[0]);
    return;
  }
  await action(async () => {
    const { report } = await validate();
    const book = pane.book as Book;
    const period = report.period ?? submissionPeriod({ chosen: s.period, today: report.asOf }).period;
    const body = submissionFromReport(report, {
      campaign: s.campaign,
      branch: s.branch,
      period,
      workbook: { name: workbookName(), sha256: await sha256Hex(bookFingerprint(book)) },
      client: { app: "addin", version: VERSION },
    });
    // The server would answer 422; say so here, in the user's language, without queuing.
    const checked = submissionSchema.safeParse(body);
    if (!checked.success) {
      const first = checked.error.issues[0];
      say(t(pane.lang, "syncRejected", { message: `${first?.path.join(".")}: ${first?.message}` }), "error");
      return;
    }
    say(t(pane.lang, "working"));
    await pane.outbox.enqueue(s.server, checked.data, { workbook: workbookName(), branch: s.branch, period });
  });
}

function renderOutbox(): void {
  renderSync(pane.outbox.state(), pane.lang, (item: OutboxItem) =>
    syncErrorText(item.lastError, pane.lang, item.nextAttemptAt),
  );
}

async function onPendingClick(event: Event): Promise<void> {
  const target = (event.target as HTMLElement).closest<HTMLButtonElement>("button[data-action]");
  const id = target?.dataset.id;
  if (!target || !id) return;
  if (target.dataset.action === "discard") pane.outbox.discard(id);
  else await pane.outbox.retry(id);
}

// ── settings ───────────────────────────────────────────────────────────────────────────────────

const fieldIds: Record<keyof Settings, string> = {
  server: "set-server",
  branch: "set-branch",
  token: "set-token",
  campaign: "set-campaign",
  period: "set-period",
  lang: "set-lang",
};

function fillSettingsForm(): void {
  const s = pane.settings;
  byId<HTMLInputElement>("set-server").value = s.server;
  byId<HTMLInputElement>("set-server").placeholder = location.origin.startsWith("http")
    ? location.origin
    : "";
  byId<HTMLInputElement>("set-branch").value = s.branch;
  byId<HTMLInputElement>("set-token").value = s.token;
  byId<HTMLInputElement>("set-campaign").value = s.campaign;
  byId<HTMLInputElement>("set-period").value = effectivePeriod(s, new Date());
  byId<HTMLSelectElement>("set-lang").value = s.lang;
}

function openSettings(focus?: keyof Settings): void {
  fillSettingsForm();
  byId("settings").hidden = false;
  byId("btn-settings").setAttribute("aria-expanded", "true");
  byId(fieldIds[focus ?? "server"]).focus();
}

function closeSettings(): void {
  byId("settings").hidden = true;
  byId("btn-settings").setAttribute("aria-expanded", "false");
  byId("btn-settings").focus();
}

const problemText: Record<SettingsProblem, Parameters<typeof t>[1]> = {
  server: "settingsInvalidServer",
  period: "settingsInvalidPeriod",
  branch: "settingsInvalidBranch",
  campaign: "settingsInvalidCampaign",
};

async function onSaveSettings(event: Event): Promise<void> {
  event.preventDefault();
  const value = (id: string) => byId<HTMLInputElement>(id).value;
  const typedPeriod = value("set-period");
  const { settings, problems } = checkSettings({
    server: value("set-server"),
    branch: value("set-branch"),
    token: value("set-token"),
    campaign: value("set-campaign"),
    // The current month is stored as "" so it moves on with the calendar.
    period: typedPeriod === currentMonth(new Date()) ? "" : typedPeriod,
    lang: byId<HTMLSelectElement>("set-lang").value as LangSetting,
  });
  for (const id of Object.values(fieldIds)) byId(id).removeAttribute("aria-invalid");
  const errorEl = byId("settings-error");
  if (problems.length > 0) {
    for (const p of problems) byId(fieldIds[p]).setAttribute("aria-invalid", "true");
    errorEl.textContent = problems.map((p) => t(pane.lang, problemText[p])).join(" ");
    errorEl.hidden = false;
    byId(fieldIds[problems[0] as SettingsProblem]).focus();
    return;
  }
  // A server the pane's policy cannot reach, or that is not Juxing, is refused with the reason.
  const serverCheck: ServerCheck = settings.server
    ? await checkServer(settings.server, pane.lang, {
        paneOrigin: location.origin,
        // Called as env.fetch, window's fetch would throw "Illegal invocation": bind it.
        fetch: (input, init) => fetch(input, init),
        events: document,
      })
    : { ok: true };
  if (!serverCheck.ok) {
    byId(fieldIds.server).setAttribute("aria-invalid", "true");
    errorEl.textContent = serverCheck.message;
    errorEl.hidden = false;
    byId(fieldIds.server).focus();
    return;
  }
  errorEl.hidden = true;
  pane.settings = settings;
  try {
    saveSettings(pane.storage, pane.prefix, settings);
  } catch {
    // openStorage already fell back to memory; nothing else to do.
  }
  const lang = pickLang(pane.displayLanguage, settings.lang);
  if (lang !== pane.lang) {
    pane.lang = lang;
    applyStrings(lang);
    render();
    renderOutbox();
  }
  closeSettings();
  say(serverCheck.warning ?? t(pane.lang, "saved"), serverCheck.warning ? "warning" : "success");
  pane.campaignFresh = false;
  const warning = await loadCampaign(true);
  if (warning) say(warning, "warning");
  if (pane.report) render();
  // Items queued with this token (back again) may go now; others keep waiting for theirs.
  void pane.outbox.retryNow();
}

function onTokenToggle(): void {
  const input = byId<HTMLInputElement>("set-token");
  const toggle = byId("btn-token-toggle");
  const show = input.type === "password";
  input.type = show ? "text" : "password";
  toggle.setAttribute("aria-pressed", String(show));
  toggle.textContent = t(pane.lang, show ? "hideToken" : "showToken");
}

// ── start ──────────────────────────────────────────────────────────────────────────────────────

function start(info: { host: Office.HostType | null } | undefined): void {
  const displayLanguage = Office.context?.displayLanguage;
  const { storage, persistent } = openStorage();
  const prefix = storagePrefix(Office.context?.partitionKey);
  const settings = loadSettings(storage, prefix);
  if (!settings.server && /^https?:$/.test(location.protocol)) settings.server = location.origin;
  const lang = pickLang(displayLanguage, settings.lang);
  const outbox = new Outbox({
    store: keyValueStore(storage, prefix + keys.outbox),
    fetch: (url, init) => fetch(url, init),
    clock: systemTimers,
    // Read at send time: an item goes only while this is the token it was queued with.
    token: () => pane.settings.token,
  });
  pane = {
    lang,
    displayLanguage,
    prefix,
    storage,
    persistent,
    settings,
    outbox,
    report: null,
    book: null,
    campaign:
      settings.server && settings.campaign
        ? readCachedCampaign(storage, prefix, settings.server, settings.campaign)
        : null,
    campaignFresh: false,
    busy: false,
    duplicateId: null,
  };
  applyStrings(lang);

  if (info && info.host !== null && info.host !== Office.HostType.Excel) {
    say(t(lang, "notExcel"), "error");
    return;
  }
  // Opened in a plain browser tab: settings still work, the Excel buttons stay off.
  const outsideExcel = !info || info.host === null;

  buttons.validate().addEventListener("click", onValidate);
  buttons.mark().addEventListener("click", onMark);
  buttons.clear().addEventListener("click", onClear);
  buttons.sync().addEventListener("click", onSync);
  buttons.template().addEventListener("click", onTemplate);
  buttons.results().addEventListener("click", onResults);
  byId("btn-settings").addEventListener("click", () =>
    byId("settings").hidden ? openSettings() : closeSettings(),
  );
  byId("btn-settings-close").addEventListener("click", closeSettings);
  wireDiagnostics({
    environment: () => ({
      office: typeof Office === "undefined" ? undefined : (Office as unknown as DiagnosticsOffice),
      userAgent: navigator.userAgent,
      server: pane.settings.server || location.origin,
      fetch: (input, init) => fetch(input, init),
      outbox: pane.outbox.state(),
      version: VERSION,
      now: () => new Date(),
    }),
    lang: () => pane.lang,
    copied: () => say(t(pane.lang, "copied"), "success"),
  });
  byId("settings-form").addEventListener("submit", onSaveSettings);
  byId("btn-token-toggle").addEventListener("click", onTokenToggle);
  byId("findings-list").addEventListener("click", onFindingClick);
  byId("sync-pending").addEventListener("click", onPendingClick);
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !byId("settings").hidden) closeSettings();
  });

  outbox.subscribe((_state, event) => {
    renderOutbox();
    if (event) onOutboxEvent(event);
  });
  // Another pane (another workbook) on the same storage changed the outbox.
  window.addEventListener("storage", (e) => {
    if (e.key === prefix + keys.outbox) renderOutbox();
  });
  window.addEventListener("online", () => void outbox.retryNow());

  setBusy(false);
  for (const [name, feature] of Object.entries(buttonFeatures) as [keyof typeof buttons, Feature][]) {
    if (!host.supports(feature)) buttons[name]().title = unsupportedMessage(feature, lang);
  }
  renderOutbox();
  if (outsideExcel) say(t(lang, "notExcel"), "warning");
  if (!persistent) say(t(lang, "syncNotPersistent"), "warning");
  // Whatever an earlier pane left pending goes out now.
  outbox.start();
  void loadCampaign().then((warning) => {
    if (warning) say(warning, "warning");
  });
}

// This script runs, so the web view is new enough: the old web view notice goes (taskpane.html).
document.getElementById("old-webview")?.remove();

if (typeof Office === "undefined") {
  // office.js did not load (the CDN is blocked or the network is down): say so instead of a dead pane.
  const lang = pickLang(navigator.language);
  applyStrings(lang);
  say(t(lang, "officeMissing"), "error");
} else {
  Office.onReady(start);
}
