/**
 * /submit — the browser path for branches without Excel's add-ins (WPS, locked-down PCs): sign in
 * with the branch token, choose or drop the .xlsx, see the findings and score at once, download
 * them as a 校验结果 workbook, 同步. The workbook is read and scored here, by the shared reader and
 * core with the campaign's rubric; only the normalized rows are sent, through the task pane's
 * outbox (kept in this browser until the server has them, retried with the same key).
 */

// First: it configures zod before any schema is built.
import "./no-eval.ts";
import { type CampaignInfo, fetchCampaign } from "../../addin/src/campaign.ts";
import { t as paneText } from "../../addin/src/i18n.ts";
import { bookFingerprint, syncErrorText } from "../../addin/src/sync-text.ts";
import { analyzeBook, type Report } from "../../shared/analyze.ts";
import { ApiFailure, apiClient, systemTimers } from "../../shared/api/client.ts";
import {
  keyValueStore,
  Outbox,
  type OutboxEvent,
  type SendError,
  sha256Hex,
} from "../../shared/api/outbox.ts";
import type { ReviewItem } from "../../shared/api/reviews.ts";
import type { SubmissionAnswer } from "../../shared/api/schemas.ts";
import { isoDate } from "../../shared/dates.ts";
import { type Lang, renderFinding } from "../../shared/findings.ts";
import type { Book } from "../../shared/grid.ts";
import { submissionPeriod } from "../../shared/period.ts";
import { round2 } from "../../shared/score.ts";
import { submissionFromReport, submissionSchema } from "../../shared/submission.ts";
import { WorkbookFileError } from "../../shared/workbook-file.ts";
import { fflateInflate } from "../../shared/xlsx/fflate.ts";
import { readXlsx } from "../../shared/xlsx/read.ts";
import { installCompat, uuid } from "./compat.ts";
import { resultsWorkbook } from "./results-workbook.ts";
import { type PageKey, pageText } from "./text.ts";

declare const __JUXING_VERSION__: string;

// Installed before any of the page's own code runs.
installCompat();

const TOKEN_KEY = "juxing.submit.token";
const LANG_KEY = "juxing.submit.lang";
const OUTBOX_KEY = "juxing.submit.outbox";

interface Identity {
  branch: { code: string; name: string };
  campaign: string;
}

const storage = {
  getItem(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  setItem(key: string, value: string): void {
    try {
      localStorage.setItem(key, value);
    } catch {
      // Private mode: the page still works for this visit.
    }
  },
  removeItem(key: string): void {
    try {
      localStorage.removeItem(key);
    } catch {
      // as above
    }
  },
};

const page = {
  lang: initialLang(),
  token: "",
  who: null as Identity | null,
  campaign: null as CampaignInfo | null,
  book: null as Book | null,
  fileName: "",
  report: null as Report | null,
};

function initialLang(): Lang {
  const saved = storage.getItem(LANG_KEY);
  if (saved === "en" || saved === "zh-CN") return saved;
  return navigator.language.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

function $(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing`);
  return element;
}

function text(key: PageKey, vars: Record<string, string | number> = {}): string {
  return pageText(page.lang, key, vars);
}

type Tone = "info" | "success" | "warning" | "error";

function say(message: string, tone: Tone = "info"): void {
  const status = $("status");
  status.textContent = message;
  status.dataset.tone = tone;
}

function applyStrings(): void {
  document.documentElement.lang = page.lang;
  for (const element of document.querySelectorAll<HTMLElement>("[data-text]")) {
    element.textContent = text(element.dataset.text as PageKey);
  }
  for (const element of document.querySelectorAll<HTMLInputElement>("[data-placeholder]")) {
    element.placeholder = text(element.dataset.placeholder as PageKey);
  }
  document.title = text("title");
  $("lang").textContent = page.lang === "en" ? "中文" : "English";
}

// ── sign in ────────────────────────────────────────────────────────────────────────────────────

async function signIn(token: string): Promise<void> {
  say(text("signingIn"));
  let res: Response;
  try {
    res = await fetch("/api/v1/whoami", { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    say(text("offline"), "error");
    return;
  }
  const data = (await res.json().catch(() => null)) as {
    role?: string;
    branch?: Identity["branch"];
    campaign?: string;
  } | null;
  if (!res.ok || data?.role !== "branch" || !data.branch || !data.campaign) {
    storage.removeItem(TOKEN_KEY);
    say(text("badToken"), "error");
    return;
  }
  page.token = token;
  page.who = { branch: data.branch, campaign: data.campaign };
  storage.setItem(TOKEN_KEY, token);
  try {
    page.campaign = await fetchCampaign(fetch.bind(globalThis), location.origin, data.campaign, token);
  } catch {
    page.campaign = null;
  }
  $("signin").hidden = true;
  $("workspace").hidden = false;
  $("who").textContent = text("signedIn", {
    branch: data.branch.name,
    campaign: page.campaign?.name ?? data.campaign,
  });
  say(text("chooseFile"));
  if (page.book) score();
}

function signOut(): void {
  storage.removeItem(TOKEN_KEY);
  page.token = "";
  page.who = null;
  $("signin").hidden = false;
  $("workspace").hidden = true;
  say(text("signedOut"));
}

// ── read and score ─────────────────────────────────────────────────────────────────────────────

function todayIso(): string {
  const now = new Date();
  return isoDate(now.getFullYear(), now.getMonth() + 1, now.getDate()) as string;
}

async function onFile(file: File): Promise<void> {
  say(text("reading", { file: file.name }));
  page.fileName = file.name;
  try {
    page.book = readXlsx(await file.arrayBuffer(), { inflate: fflateInflate, fileName: file.name });
  } catch (error) {
    page.book = null;
    page.report = null;
    $("results").hidden = true;
    const message = error instanceof WorkbookFileError ? error.text[page.lang] : String(error);
    say(`${file.name}: ${message}`, "error");
    return;
  }
  score();
}

function score(): void {
  const book = page.book;
  if (!book) return;
  const c = page.campaign;
  const options = {
    ...(c
      ? { rubric: c.rubric, expectedProjects: c.expectedProjects ?? undefined, campaignYear: c.year }
      : {}),
    overrides: page.who ? { code: page.who.branch.code } : {},
  };
  // The one period rule (docs/api.md), as the pane and the command line.
  let report = analyzeBook(book, { ...options, asOf: todayIso() });
  const { asOf } = submissionPeriod({ workbook: report.period, today: todayIso() });
  if (asOf !== report.asOf) report = analyzeBook(book, { ...options, asOf });
  page.report = report;
  render(report);
  const errors = report.findings.filter((f) => f.severity === "error").length;
  say(
    report.findings.length === 0 ? text("clean") : text("found", { n: report.findings.length, errors }),
    errors > 0 ? "warning" : "success",
  );
}

function render(report: Report): void {
  $("results").hidden = false;
  const s = report.score;
  $("score").textContent = `${round2(s.total).toFixed(2)} / ${s.max}`;
  $("stars").textContent = "★".repeat(s.stars) || "—";
  $("meta").textContent = text("meta", {
    file: page.fileName,
    branch: report.branch.name ?? "—",
    period: report.period ?? "—",
    projects: report.projects.length,
  });
  const body = $("findings").querySelector("tbody") as HTMLTableSectionElement;
  body.replaceChildren(
    ...report.findings.map((finding) => {
      const row = document.createElement("tr");
      row.dataset.severity = finding.severity;
      const cells = [
        text(finding.severity),
        finding.cell ? `${finding.sheet}!${finding.cell}` : (finding.sheet ?? "—"),
        renderFinding(finding, page.lang),
        finding.code,
      ];
      for (const value of cells) {
        const cell = document.createElement("td");
        cell.textContent = value;
        row.append(cell);
      }
      return row;
    }),
  );
  $("none").hidden = report.findings.length > 0;
}

function download(): void {
  const report = page.report;
  if (!report) return;
  const bytes = resultsWorkbook(report.findings, page.lang);
  const blob = new Blob([bytes as BlobPart], {
    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `校验结果-${page.fileName.replace(/\.xlsx?$/i, "")}.xlsx`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

// ── 同步 ───────────────────────────────────────────────────────────────────────────────────────

const outbox = new Outbox({
  store: keyValueStore(storage, OUTBOX_KEY),
  fetch: (url, init) => fetch(url, init),
  clock: systemTimers,
  // An item goes only with the token it was queued with (docs/api.md, "The outbox").
  token: () => page.token,
  uuid,
});

/** A Book as JSON, dates tagged so that equal workbooks hash equal (as the pane does). */
/** The pane's words for a send error, but a refused token points at this page's sign-in. */
function errorText(error: SendError): string {
  if (error.kind === "rejected" && error.status === 401) return text("badToken");
  return syncErrorText(error, page.lang) ?? "";
}

/**
 * Where the month stands after a sync: the score that ranks (claims as the campaign office has
 * verified them) beside the self-declared one the page computed; how many claims the office has
 * accepted, not yet checked or returned; and each returned project with its cell and the
 * reviewer's reason — the branch's work list. When the list of reviews cannot be fetched (an
 * older server, a lost connection) the counts show alone.
 */
async function showReview(answer: SubmissionAnswer): Promise<void> {
  const r = answer.review;
  $("verification").textContent = text("verification", {
    score: round2(answer.score.total).toFixed(2),
    self: round2(answer.selfScore.total).toFixed(2),
    accepted: r.accepted,
    pending: r.pending,
    returned: r.returned,
  });
  $("review").hidden = false;
  let returned: ReviewItem[] = [];
  try {
    const client = apiClient({
      server: location.origin,
      token: page.token,
      fetch: (url, init) => fetch(url, init),
      timers: systemTimers,
      timeoutMs: 30_000,
    });
    const { items } = await client.reviews({
      campaign: answer.campaign,
      period: answer.period,
      branch: answer.branch,
    });
    returned = items.filter((item) => item.state === "returned");
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
  }
  $("returned").hidden = returned.length === 0;
  $("returned-heading").textContent = text("returnedHeading", { n: returned.length });
  ($("returned-items").querySelector("tbody") as HTMLElement).replaceChildren(
    ...returned.map((item) => {
      const row = document.createElement("tr");
      const cell = item.project.cell ? `${item.project.sheet}!${item.project.cell}` : item.project.sheet;
      for (const value of [item.project.name, cell, item.review?.reason ?? "", item.review?.reviewer ?? ""]) {
        const td = document.createElement("td");
        td.textContent = value;
        row.append(td);
      }
      return row;
    }),
  );
}

function onOutboxEvent(event: OutboxEvent): void {
  const lang = page.lang;
  if (event.type === "sent") {
    const r = event.result;
    const message =
      r.rank === null || r.rank === undefined
        ? paneText(lang, "syncSentNoRank")
        : paneText(lang, r.tied ? "syncSentTied" : "syncSent", { rank: r.rank, period: r.period });
    $("rank").textContent = message;
    say(message, "success");
    void showReview(r);
  } else if (event.type === "retrying" || event.type === "failed") {
    say(errorText(event.error), event.type === "failed" ? "error" : "warning");
  }
}

async function sync(): Promise<void> {
  const report = page.report;
  const who = page.who;
  const book = page.book;
  if (!report || !who || !book) return;
  const period = report.period ?? todayIso().slice(0, 7);
  const body = submissionFromReport(report, {
    campaign: who.campaign,
    branch: who.branch.code,
    period,
    workbook: { name: page.fileName.slice(0, 255), sha256: await sha256Hex(bookFingerprint(book)) },
    client: { app: "web", version: __JUXING_VERSION__ },
  });
  const checked = submissionSchema.safeParse(body);
  if (!checked.success) {
    const first = checked.error.issues[0];
    say(
      paneText(page.lang, "syncRejected", { message: `${first?.path.join(".")}: ${first?.message}` }),
      "error",
    );
    return;
  }
  say(paneText(page.lang, "working"));
  await outbox.enqueue(location.origin, checked.data, {
    workbook: page.fileName,
    branch: who.branch.code,
    period,
  });
}

// ── wiring ─────────────────────────────────────────────────────────────────────────────────────

function start(): void {
  applyStrings();
  ($("signin") as HTMLFormElement).addEventListener("submit", (event) => {
    event.preventDefault();
    const token = ($("token") as HTMLInputElement).value.trim();
    if (token) void signIn(token);
  });
  $("signout").addEventListener("click", signOut);
  $("lang").addEventListener("click", () => {
    page.lang = page.lang === "en" ? "zh-CN" : "en";
    storage.setItem(LANG_KEY, page.lang);
    applyStrings();
    if (page.who)
      $("who").textContent = text("signedIn", {
        branch: page.who.branch.name,
        campaign: page.campaign?.name ?? page.who.campaign,
      });
    if (page.book) score();
  });
  const input = $("file") as HTMLInputElement;
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file) void onFile(file);
    input.value = "";
  });
  const drop = $("drop");
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (event) => {
      event.preventDefault();
      drop.dataset.over = "true";
    });
  }
  drop.addEventListener("dragleave", () => delete drop.dataset.over);
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    delete drop.dataset.over;
    const file = (event as DragEvent).dataTransfer?.files[0];
    if (file) void onFile(file);
  });
  $("download").addEventListener("click", download);
  $("sync").addEventListener("click", () => void sync());
  outbox.subscribe((_state, event) => {
    if (event) onOutboxEvent(event);
  });
  const saved = storage.getItem(TOKEN_KEY);
  if (saved) void signIn(saved);
  // Anything queued on an earlier visit goes out now.
  outbox.start();
}

start();
