/**
 * The task pane's controller (README.md “The Excel add-in”): Validate, Mark / Clear marks, Sync,
 * Insert template, Settings, the outbox list. It owns the pane's state and says what to show; it
 * never touches the DOM. Everything outside it is passed in — the Excel adapter (./host.ts), the
 * storage, fetch, the clock and timers — so Node tests drive it against the simulated Excel host
 * and an in-process server (test/node/addin-controller.test.ts). main.ts builds the real ones once
 * Office is ready and renders the state (view.ts).
 */

import { analyzeBook, type Report } from "../../shared/analyze.ts";
import type { FetchLike, Timers } from "../../shared/api/client.ts";
import {
  type KeyValueStorage,
  keyValueStore,
  Outbox,
  type OutboxDeps,
  type OutboxEvent,
  type OutboxItem,
  type OutboxState,
  sha256Hex,
} from "../../shared/api/outbox.ts";
import type { Lang } from "../../shared/findings.ts";
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
import { AdapterError, excelErrorMessage, type Feature, type host, unsupportedMessage } from "./host.ts";
import { type LangSetting, pickLang, type StringKey, t } from "./i18n.ts";
import { fetchJudged, type JudgedEvent } from "./judged.ts";
import { fetchReviews, type ReviewItem, returnedMarks } from "./reviews.ts";
import type { ServerCheck } from "./server-check.ts";
import {
  checkSettings,
  currentMonth,
  keys,
  loadSettings,
  localDate,
  missingForSync,
  type Settings,
  type SettingsProblem,
  saveSettings,
} from "./settings.ts";
import { bookFingerprint, syncErrorText } from "./sync-text.ts";
import { countBySeverity, formatScore } from "./view.ts";

/** The Excel adapter as the controller uses it: ./host.ts in the pane, the same over a simulated Excel in tests. */
export type PaneHost = typeof host;

export type Tone = "info" | "success" | "warning" | "error";

export interface PaneDeps {
  host: PaneHost;
  storage: KeyValueStorage;
  /** False when storage is a map for this session only (localStorage refused). */
  persistent: boolean;
  /** Office's partition key as a storage key prefix (settings.ts, storagePrefix). */
  prefix: string;
  fetch: FetchLike;
  /** The clock (as-of date, current month) and the outbox's timers. */
  clock: Timers;
  displayLanguage: string | undefined;
  /** The workbook's file name as Excel knows it. */
  workbookName: () => string;
  version: string;
  /** Checks a server before its settings are saved (server-check.ts in the pane). */
  checkServer: (server: string, lang: Lang) => Promise<ServerCheck>;
  /** The page's own origin when it is served over http(s): the default server. */
  origin?: string;
  /** Outbox details tests fix: UUIDs, jitter, backoff. */
  outbox?: Pick<OutboxDeps, "uuid" | "random" | "baseDelayMs" | "maxDelayMs" | "timeoutMs">;
}

/** One line of the outbox list under 待发送. */
export interface PendingLine {
  id: string;
  /** pending: will be sent (again); failed: refused by the server; waiting: queued with another token. */
  state: "pending" | "failed" | "waiting";
  text: string;
  /** The reason (the server's words for a refusal), or what to do for an item of another identity. */
  hint: string | null;
  actions: ("retry" | "discard")[];
}

export interface SyncView {
  last: { text: string; at: string } | null;
  items: PendingLine[];
}

export interface PaneState {
  lang: Lang;
  busy: boolean;
  status: { text: string; tone: Tone } | null;
  report: Report | null;
  rubricLabel: string;
  sync: SyncView;
  /** After a sync: the branch's judged results (closed events) and its own 自报 activities part. */
  judged: { events: JudgedEvent[]; self: number } | null;
  /** The month's claims by state (退回 first), after a sync or an online 校验; null when not read. */
  reviews: ReviewItem[] | null;
  /** A short note when the states could not be read (offline, an error): no list then. */
  reviewsNote: string | null;
  settings: Settings;
  persistent: boolean;
}

/** What saving the settings form came to: saved, or the fields to fix and why. */
export type SaveResult =
  /** `done`: the campaign fetched and the items of the token now held sent (tests wait for it). */
  { ok: true; done: Promise<void> } | { ok: false; fields: (keyof Settings)[]; message: string };

const problemText: Record<SettingsProblem, StringKey> = {
  server: "settingsInvalidServer",
  period: "settingsInvalidPeriod",
  branch: "settingsInvalidBranch",
  campaign: "settingsInvalidCampaign",
};

export class PaneController {
  readonly outbox: Outbox;
  private state: PaneState;
  private book: Book | null = null;
  private campaign: CachedCampaign | null = null;
  private campaignFresh = false;
  /** The item a repeated Sync click landed on: its next outcome is said together with that. */
  private duplicateId: string | null = null;
  /** SHA-256 of the token held now, once known: items queued with another are listed as waiting for theirs. */
  private tokenHash: string | null = null;
  private listeners = new Set<(state: PaneState) => void>();
  private readonly deps: PaneDeps;

  constructor(deps: PaneDeps) {
    this.deps = deps;
    const settings = loadSettings(deps.storage, deps.prefix);
    if (!settings.server && deps.origin) settings.server = deps.origin;
    this.campaign =
      settings.server && settings.campaign
        ? readCachedCampaign(deps.storage, deps.prefix, settings.server, settings.campaign)
        : null;
    this.outbox = new Outbox({
      store: keyValueStore(deps.storage, deps.prefix + keys.outbox),
      fetch: deps.fetch,
      clock: deps.clock,
      // Read at send time: an item goes only while this is the token it was queued with.
      token: () => this.state.settings.token,
      ...deps.outbox,
    });
    const lang = pickLang(deps.displayLanguage, settings.lang);
    this.state = {
      lang,
      busy: false,
      status: null,
      report: null,
      rubricLabel: t(lang, "rubricDefault"),
      sync: { last: null, items: [] },
      judged: null,
      reviews: null,
      reviewsNote: null,
      settings,
      persistent: deps.persistent,
    };
    this.outbox.subscribe((_state, event) => {
      this.refreshSync();
      if (event) this.onOutboxEvent(event);
      else this.emit();
    });
  }

  get lang(): Lang {
    return this.state.lang;
  }

  get settings(): Settings {
    return this.state.settings;
  }

  snapshot(): PaneState {
    return this.state;
  }

  subscribe(listener: (state: PaneState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The judged results beside the sync's rank; a failure leaves them out (the sync succeeded). */
  private async loadJudged(server: string, campaign: string, branch: string, self: number): Promise<void> {
    try {
      const events = await fetchJudged(this.deps.fetch, server, this.state.settings.token, campaign, branch);
      this.state.judged = { events, self };
    } catch {
      this.state.judged = null;
    }
    this.emit();
  }

  /** The claims' states for the month; a failure leaves only a short note (the rest stands). */
  private async loadReviews(server: string, campaign: string, branch: string, period: string): Promise<void> {
    try {
      const token = this.state.settings.token;
      // Awaited first: emit() replaces the state object meanwhile (the judged results arrive too).
      const reviews = await fetchReviews(this.deps.fetch, server, token, { campaign, period, branch });
      this.state.reviews = reviews;
      this.state.reviewsNote = null;
    } catch {
      this.state.reviews = null;
      this.state.reviewsNote = this.t("reviewsUnavailable");
    }
    this.emit();
  }

  private emit(): void {
    this.state = { ...this.state };
    for (const listener of this.listeners) listener(this.state);
  }

  say(text: string, tone: Tone = "info"): void {
    this.state.status = { text, tone };
    this.emit();
  }

  private t(key: StringKey, params?: Record<string, string | number>): string {
    return t(this.state.lang, key, params);
  }

  private today(): string {
    return localDate(new Date(this.deps.clock.now()));
  }

  /** What an earlier pane left pending goes out now; the campaign's rubric is fetched. */
  async start(): Promise<void> {
    this.refreshSync();
    if (!this.deps.persistent) this.say(this.t("syncNotPersistent"), "warning");
    else this.emit();
    await this.learnTokenHash();
    this.outbox.start();
    const warning = await this.loadCampaign();
    if (warning) this.say(warning, "warning");
  }

  stop(): void {
    this.outbox.stop();
  }

  /** Another pane on the same storage changed the outbox. */
  outboxChanged(): void {
    this.refreshSync();
    this.emit();
  }

  /** The network is back: what waits goes now. */
  online(): Promise<void> {
    return this.outbox.retryNow();
  }

  // ── actions ──────────────────────────────────────────────────────────────────────────────────

  /** Runs one user action: nothing else meanwhile (a double click cannot start it twice), errors said. */
  private async action(work: () => Promise<void>): Promise<void> {
    if (this.state.busy) return;
    this.state.busy = true;
    this.say(this.t("working"));
    try {
      await work();
    } catch (err) {
      this.say(this.errorMessage(err), "error");
    } finally {
      this.state.busy = false;
      this.emit();
    }
  }

  private errorMessage(err: unknown): string {
    // The adapter's refusals are already in the user's language and say what to do.
    if (err instanceof AdapterError) return err.message;
    return this.t("excelError", { message: excelErrorMessage(err) });
  }

  /** The adapter's notes (a degraded feature, a skipped part) after the action's own message. */
  private sayWithNotes(text: string, notes: { message: string }[]): void {
    this.say([text, ...new Set(notes.map((n) => n.message))].join(" "), notes.length ? "warning" : "success");
  }

  supports(feature: Feature): boolean {
    return this.deps.host.supports(feature);
  }

  unsupported(feature: Feature): string {
    return unsupportedMessage(feature, this.state.lang);
  }

  validate(): Promise<void> {
    return this.action(async () => {
      if (!this.supports("read")) return this.say(this.unsupported("read"), "error");
      const { report, warning } = await this.read();
      const s = this.state.settings;
      if (missingForSync(s).length === 0 && report.period)
        await this.loadReviews(s.server, s.campaign, s.branch, report.period);
      const done = this.t("validated", {
        summary: this.t("findingsSummary", countBySeverity(report.findings)),
      });
      if (warning) this.say(`${done} ${warning}`, "warning");
      else this.say(done, "success");
    });
  }

  mark(): Promise<void> {
    return this.action(async () => {
      const report = this.state.report ?? (await this.read()).report;
      // Returned claims are marked with the findings, and cleared with them.
      const targets = [...report.findings, ...returnedMarks(this.state.reviews ?? [])];
      const { value: marked, notes } = await this.deps.host.markFindings(targets, this.lang);
      this.sayWithNotes(this.t("marked", { n: marked }), notes);
    });
  }

  clearMarks(): Promise<void> {
    return this.action(async () => {
      const { notes } = await this.deps.host.clearMarks(this.lang);
      this.sayWithNotes(this.t("cleared"), notes);
    });
  }

  writeResults(): Promise<void> {
    return this.action(async () => {
      const report = this.state.report ?? (await this.read()).report;
      const { notes } = await this.deps.host.writeResultsSheet(report.findings, this.lang);
      this.sayWithNotes(this.t("resultsWritten"), notes);
    });
  }

  insertTemplate(): Promise<void> {
    return this.action(async () => {
      const { notes } = await this.deps.host.insertTemplate(this.lang);
      this.sayWithNotes(this.t("templateInserted"), notes);
    });
  }

  /** Selects a finding's cell in Excel; `label` is the cell as the list shows it. */
  async select(sheet: string, cell: string, label: string): Promise<void> {
    if (!this.supports("select")) return this.say(this.unsupported("select"), "error");
    try {
      await this.deps.host.selectCell(sheet, cell, this.lang);
      this.say(this.t("selected", { cell: label }));
    } catch (err) {
      this.say(this.errorMessage(err), "error");
    }
  }

  /** Reads the workbook and scores it; `warning` says when the campaign's rubric could not be fetched. */
  private async read(): Promise<{ report: Report; warning: string | null }> {
    const { value: book, notes } = await this.deps.host.readWorkbook(this.lang);
    const fetchWarning = await this.loadCampaign();
    const warning = [fetchWarning, ...notes.map((n) => n.message)].filter(Boolean).join(" ") || null;
    const today = this.today();
    const s = this.state.settings;
    const c = this.campaign;
    const options = c ? { rubric: c.rubric, expectedProjects: c.expectedProjects, campaignYear: c.year } : {};
    const code = s.branch ? { code: s.branch } : {};
    // First as the workbook says, to learn its period; again for the period and as-of sync will use.
    const probe = analyzeBook(book, { ...options, asOf: today, overrides: code });
    const { period, asOf } = submissionPeriod({ chosen: s.period, workbook: probe.period, today });
    const report =
      probe.period === period && asOf === today
        ? probe
        : analyzeBook(book, { ...options, asOf, overrides: { ...code, period } });
    this.book = book;
    this.state.report = report;
    this.state.rubricLabel = this.rubricLabel();
    this.emit();
    return { report, warning };
  }

  // ── campaign rubric ──────────────────────────────────────────────────────────────────────────

  private campaignReason(err: unknown): string {
    if (err instanceof CampaignError) {
      const f = err.failure;
      if (f.kind === "network") return this.t("networkUnavailable");
      if (f.kind === "status") return f.message ? `${f.status} ${f.message}` : `HTTP ${f.status}`;
      return "invalid";
    }
    return String(err);
  }

  /** The campaign to score with: fetched when settings name one, else the cached copy, else none. */
  private async loadCampaign(force = false): Promise<string | null> {
    const s = this.state.settings;
    const { storage, prefix } = this.deps;
    if (!s.server || !s.campaign || !s.token) {
      this.campaign = null;
      return null;
    }
    const c = this.campaign;
    if (!force && this.campaignFresh && c?.id === s.campaign && c.server === s.server) return null;
    try {
      const info = await fetchCampaign(this.deps.fetch, s.server, s.campaign, s.token);
      this.campaign = { ...info, server: s.server, fetchedAt: this.deps.clock.now() };
      this.campaignFresh = true;
      writeCachedCampaign(storage, prefix, this.campaign);
      return null;
    } catch (err) {
      this.campaign = readCachedCampaign(storage, prefix, s.server, s.campaign);
      this.campaignFresh = false;
      const fallback = this.campaign
        ? this.t("rubricCached", { name: this.campaign.name })
        : this.t("rubricDefault");
      return this.t("campaignFetchFailed", { reason: this.campaignReason(err), fallback });
    }
  }

  private rubricLabel(): string {
    const c = this.campaign;
    if (!c) return this.t("rubricDefault");
    return this.t(this.campaignFresh ? "rubricCampaign" : "rubricCached", { name: c.name });
  }

  // ── sync ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * Validates and queues the submission (the outbox sends it). Returns the first setting sync
   * still needs, for the pane to open the form there; null when it went ahead.
   */
  async sync(): Promise<keyof Settings | null> {
    const s = this.state.settings;
    const missing = missingForSync(s);
    if (missing.length > 0) {
      this.say(this.t("syncNeedsSettings"), "error");
      return missing[0] ?? null;
    }
    await this.action(async () => {
      const { report } = await this.read();
      const book = this.book as Book;
      const period = report.period ?? submissionPeriod({ chosen: s.period, today: report.asOf }).period;
      const workbook = this.deps.workbookName();
      const body = submissionFromReport(report, {
        campaign: s.campaign,
        branch: s.branch,
        period,
        workbook: { name: workbook, sha256: await sha256Hex(bookFingerprint(book)) },
        client: { app: "addin", version: this.deps.version },
      });
      // The server would answer 422; say so here, in the user's language, without queuing.
      const checked = submissionSchema.safeParse(body);
      if (!checked.success) {
        const first = checked.error.issues[0];
        this.say(this.t("syncRejected", { message: `${first?.path.join(".")}: ${first?.message}` }), "error");
        return;
      }
      this.say(this.t("working"));
      await this.outbox.enqueue(s.server, checked.data, { workbook, branch: s.branch, period });
    });
    return null;
  }

  retry(id: string): Promise<void> {
    return this.outbox.retry(id);
  }

  discard(id: string): void {
    this.outbox.discard(id);
  }

  private onOutboxEvent(event: OutboxEvent): void {
    const repeated = event.type !== "queued" && event.item.id === this.duplicateId;
    if (repeated) this.duplicateId = null;
    const prefix = repeated ? `${this.t("syncQueuedDuplicate")} ` : "";
    const lang = this.lang;
    switch (event.type) {
      case "sent": {
        const r = event.result;
        this.say(
          prefix +
            (r.rank === null
              ? this.t("syncSentNoRank")
              : this.t(r.tied ? "syncSentTied" : "syncSent", { rank: r.rank, period: r.period })),
          "success",
        );
        void this.loadJudged(event.item.server, r.campaign, r.branch, r.selfScore.byCategory.activities);
        void this.loadReviews(event.item.server, r.campaign, r.branch, r.period);
        return;
      }
      case "retrying": {
        const text =
          event.error.kind === "rate-limited"
            ? this.t("syncRateLimited", { seconds: Math.ceil(event.delayMs / 1000) })
            : (syncErrorText(event.error, lang, undefined, this.deps.clock.now()) ?? "");
        const note = this.outbox.persistent ? "" : ` ${this.t("syncNotPersistent")}`;
        this.say(prefix + text + note, "warning");
        return;
      }
      case "failed":
        this.say(
          prefix + (syncErrorText(event.error, lang, undefined, this.deps.clock.now()) ?? ""),
          "error",
        );
        return;
      case "queued":
        if (event.duplicate) {
          this.duplicateId = event.item.id;
          this.say(this.t("syncQueuedDuplicate"), "warning");
        } else this.emit();
        return;
    }
  }

  private async learnTokenHash(): Promise<void> {
    const token = this.state.settings.token;
    const hash = await this.outbox.tokenHash();
    if (token !== this.state.settings.token) return;
    this.tokenHash = hash;
    this.refreshSync();
    this.emit();
  }

  private pendingLine(item: OutboxItem): PendingLine {
    const lang = this.lang;
    const params = { workbook: item.label.workbook, period: item.label.period, attempts: item.attempts };
    const error = syncErrorText(item.lastError, lang, item.nextAttemptAt, this.deps.clock.now());
    if (item.state === "failed")
      return {
        id: item.id,
        state: "failed",
        text: t(lang, "failedItem", params),
        hint: error,
        actions: ["retry", "discard"],
      };
    const otherIdentity =
      item.tokenHash !== "" && this.tokenHash !== null && item.tokenHash !== this.tokenHash;
    if (otherIdentity) {
      // Only ever sent to its own server with the token it was queued with: it waits for that token.
      return {
        id: item.id,
        state: "waiting",
        text: t(lang, "waitingItem", { ...params, server: item.server }),
        hint: t(lang, "waitingItemHint"),
        actions: ["discard"],
      };
    }
    return {
      id: item.id,
      state: "pending",
      text: t(lang, item.attempts === 0 ? "pendingFresh" : "pendingItem", params),
      hint: error,
      actions: ["retry"],
    };
  }

  private refreshSync(state: OutboxState = this.outbox.state()): void {
    const lang = this.lang;
    const last = state.last;
    let lastView: SyncView["last"] = null;
    if (last) {
      const r = last.result;
      const params = {
        period: r.period,
        rank: r.rank ?? "",
        ranked: r.ranked,
        total: formatScore(r.score.total),
      };
      lastView = {
        text:
          r.rank === null
            ? t(lang, "lastResultNoRank", params)
            : t(lang, r.tied ? "lastResultTied" : "lastResult", params),
        at: t(lang, "lastResultAt", {
          time: new Date(last.at).toLocaleString(lang === "en" ? "en" : "zh-CN"),
        }),
      };
    }
    this.state.sync = { last: lastView, items: state.items.map((item) => this.pendingLine(item)) };
    this.state.persistent = this.deps.persistent && this.outbox.persistent;
  }

  // ── settings ─────────────────────────────────────────────────────────────────────────────────

  /** The period the form shows: the chosen one, or the current month when it is automatic. */
  formPeriod(): string {
    return this.state.settings.period || currentMonth(new Date(this.deps.clock.now()));
  }

  /**
   * Checks and saves the settings as typed; the current month is stored as "" so it moves on
   * with the calendar. Items queued with the token now held go at once; others keep waiting for
   * theirs and, when sent, go to the server they were queued for.
   */
  async saveSettings(input: Settings): Promise<SaveResult> {
    const typed = input.period === currentMonth(new Date(this.deps.clock.now())) ? "" : input.period;
    const { settings, problems } = checkSettings({ ...input, period: typed });
    if (problems.length > 0) {
      return { ok: false, fields: problems, message: problems.map((p) => this.t(problemText[p])).join(" ") };
    }
    // A server the pane's policy cannot reach, or that is not Juxing, is refused with the reason.
    const serverCheck: ServerCheck = settings.server
      ? await this.deps.checkServer(settings.server, this.lang)
      : { ok: true };
    if (!serverCheck.ok) return { ok: false, fields: ["server"], message: serverCheck.message };
    this.state.settings = settings;
    try {
      saveSettings(this.deps.storage, this.deps.prefix, settings);
    } catch {
      // openStorage already fell back to memory; nothing else to do.
    }
    this.state.lang = pickLang(this.deps.displayLanguage, settings.lang as LangSetting);
    this.tokenHash = null;
    this.campaignFresh = false;
    this.state.rubricLabel = this.rubricLabel();
    this.refreshSync();
    this.say(serverCheck.warning ?? this.t("saved"), serverCheck.warning ? "warning" : "success");
    return { ok: true, done: this.afterSave() };
  }

  /** The new campaign's rubric, the new identity, and the items it may send now. */
  private async afterSave(): Promise<void> {
    await this.learnTokenHash();
    const warning = await this.loadCampaign(true);
    this.state.rubricLabel = this.rubricLabel();
    if (warning) this.say(warning, "warning");
    else this.emit();
    await this.outbox.retryNow();
  }
}
