/**
 * The one typed caller of `/api/v1`, used by the task pane, the command line and the scripts. Every
 * answer is parsed with its schema from ./schemas.ts; an answer that does not match is refused
 * with an ApiFailure of kind "invalid-answer" rather than cast. fetch and the clock are passed in,
 * so the same code runs in the browser, in Node and in tests.
 */
import type * as z from "zod";
import { branchHistoryAnswer, rankingsAnswer } from "./rankings.ts";
import { isRetryable, parseRetryAfter } from "./retry.ts";
import {
  reopenAnswer,
  reviewAnswer,
  reviewerListAnswer,
  reviewerStateAnswer,
  reviewerTokenAnswer,
  reviewsAnswer,
} from "./reviews.ts";
import {
  auditAnswer,
  branchListAnswer,
  branchStateAnswer,
  branchTokenAnswer,
  campaignAnswer,
  errorAnswer,
  sessionsRevokedAnswer,
  submissionAnswer,
  whoamiAnswer,
} from "./schemas.ts";

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type FailureKind = "network" | "timeout" | "server" | "rate-limited" | "rejected" | "invalid-answer";

export interface Issue {
  path: string;
  message: string;
}

/** Why a call did not give an answer: what the server said, or why there was none. */
export class ApiFailure extends Error {
  readonly kind: FailureKind;
  readonly status: number | null;
  readonly code: string | null;
  readonly issues: Issue[] | undefined;
  /** From Retry-After, when the server gave one. */
  readonly retryAfterMs: number | null;
  /** period.closed / period.future: the month and the last day it took submissions. */
  readonly period: string | null;
  readonly closedOn: string | null;

  constructor(
    kind: FailureKind,
    detail: {
      status?: number | null;
      code?: string | null;
      message?: string | null;
      issues?: Issue[];
      retryAfterMs?: number | null;
      period?: string | null;
      closedOn?: string | null;
    } = {},
  ) {
    super(detail.message ?? (detail.status ? `HTTP ${detail.status}` : kind));
    this.name = "ApiFailure";
    this.kind = kind;
    this.status = detail.status ?? null;
    this.code = detail.code ?? null;
    this.issues = detail.issues;
    this.retryAfterMs = detail.retryAfterMs ?? null;
    this.period = detail.period ?? null;
    this.closedOn = detail.closedOn ?? null;
  }

  /** The server's own message, when it sent one (not our stand-in). */
  get serverMessage(): string | null {
    return this.code !== null ? this.message : null;
  }

  get retryable(): boolean {
    return this.kind !== "rejected" && this.kind !== "invalid-answer";
  }
}

export interface ClientOptions {
  server: string;
  token: string;
  fetch: FetchLike;
  timers: Timers;
  /** Abort a request after this long and treat it as a timeout. */
  timeoutMs?: number;
}

/** The host's own clock and timers. */
export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as never),
};

/** `https://host/base` + `api/v1/x` → `https://host/base/api/v1/x`, whatever trailing slashes. */
export function apiUrl(server: string, path: string): string {
  return `${server.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (!text) return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}

/** One request: the answer parsed with `schema`, or an ApiFailure that says why not. */
export async function request<S extends z.ZodType>(
  options: ClientOptions,
  method: string,
  path: string,
  schema: S,
  extra: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<z.infer<S>> {
  const { timers } = options;
  const headers: Record<string, string> = { Accept: "application/json", ...extra.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (extra.body !== undefined) headers["Content-Type"] = "application/json";
  const controller = new AbortController();
  let timedOut = false;
  const timeout = timers.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs ?? 30_000);
  let res: Response;
  let text: string;
  try {
    res = await options.fetch(apiUrl(options.server, path), {
      method,
      headers,
      ...(extra.body === undefined ? {} : { body: JSON.stringify(extra.body) }),
      signal: controller.signal,
    });
    text = await res.text();
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    throw new ApiFailure(timedOut ? "timeout" : "network", {
      message: cause ? String(cause) : (error as Error).message,
    });
  } finally {
    timers.clearTimeout(timeout);
  }

  const json = parseJson(text);
  if (!res.ok) {
    const error = json.ok ? errorAnswer.safeParse(json.value) : null;
    const detail = {
      status: res.status,
      ...(error?.success
        ? {
            code: error.data.error.code,
            message: error.data.error.message,
            ...(error.data.error.issues ? { issues: error.data.error.issues } : {}),
            period: error.data.error.period ?? null,
            closedOn: error.data.error.closedOn ?? null,
          }
        : {}),
      retryAfterMs: parseRetryAfter(res.headers.get("Retry-After"), timers.now()),
    };
    if (!isRetryable(res.status)) throw new ApiFailure("rejected", detail);
    throw new ApiFailure(res.status === 429 ? "rate-limited" : "server", detail);
  }
  // A truncated body may come right on the next try (the server replays a stored answer).
  if (!json.ok) throw new ApiFailure("server", { status: res.status, message: "the answer is not JSON" });
  const parsed = schema.safeParse(json.value);
  if (!parsed.success) {
    throw new ApiFailure("invalid-answer", {
      status: res.status,
      message: `the server's answer to ${method} /${path.replace(/\?.*/, "")} is not what this version expects (${issuesText(parsed.error)})`,
    });
  }
  return parsed.data;
}

/** The calls the clients make, each with its answer's type. */
export function apiClient(options: ClientOptions) {
  const call = <S extends z.ZodType>(
    method: string,
    path: string,
    schema: S,
    extra?: { body?: unknown; headers?: Record<string, string> },
  ) => request(options, method, path, schema, extra);
  return {
    options,
    call,
    whoami: () => call("GET", "api/v1/whoami", whoamiAnswer),
    campaign: (id: string) => call("GET", `api/v1/campaigns/${encodeURIComponent(id)}`, campaignAnswer),
    rankings: (campaign: string, period: string) =>
      call(
        "GET",
        `api/v1/rankings?campaign=${encodeURIComponent(campaign)}&period=${encodeURIComponent(period)}`,
        rankingsAnswer,
      ),
    branchHistory: (code: string, campaign?: string) =>
      call(
        "GET",
        `api/v1/branches/${encodeURIComponent(code)}/history${campaign ? `?campaign=${encodeURIComponent(campaign)}` : ""}`,
        branchHistoryAnswer,
      ),
    submit: (body: unknown, idempotencyKey: string) =>
      call("POST", "api/v1/submissions", submissionAnswer, {
        body,
        headers: { "Idempotency-Key": idempotencyKey },
      }),
    /** GET /api/v1/reviews: the month's claims and their states (a branch token: its own). */
    reviews: (q: { campaign: string; period: string; branch?: string }) =>
      call(
        "GET",
        `api/v1/reviews?${Object.entries(q)
          .filter((e): e is [string, string] => e[1] !== undefined)
          .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
          .join("&")}`,
        reviewsAnswer,
      ),
    review: (body: unknown, idempotencyKey: string) =>
      call("POST", "api/v1/reviews", reviewAnswer, { body, headers: { "Idempotency-Key": idempotencyKey } }),
    admin: {
      createReviewer: (body: unknown) =>
        call("POST", "api/v1/admin/reviewers", reviewerTokenAnswer, { body }),
      disableReviewer: (id: string) =>
        call("POST", `api/v1/admin/reviewers/${encodeURIComponent(id)}/disable`, reviewerStateAnswer),
      listReviewers: (campaign?: string) =>
        call(
          "GET",
          `api/v1/admin/reviewers${campaign ? `?campaign=${encodeURIComponent(campaign)}` : ""}`,
          reviewerListAnswer,
        ),
      reopen: (body: unknown) => call("POST", "api/v1/admin/reopen", reopenAnswer, { body }),
      createCampaign: (body: unknown) => call("POST", "api/v1/admin/campaigns", campaignAnswer, { body }),
      updateCampaign: (id: string, body: unknown) =>
        call("PUT", `api/v1/admin/campaigns/${encodeURIComponent(id)}`, campaignAnswer, { body }),
      createBranch: (body: unknown) => call("POST", "api/v1/admin/branches", branchTokenAnswer, { body }),
      rotateToken: (code: string) =>
        call("POST", `api/v1/admin/branches/${encodeURIComponent(code)}/token`, branchTokenAnswer),
      disableBranch: (code: string) =>
        call("POST", `api/v1/admin/branches/${encodeURIComponent(code)}/disable`, branchStateAnswer),
      audit: (before?: string) =>
        call(
          "GET",
          `api/v1/admin/audit${before === undefined ? "" : `?before=${encodeURIComponent(before)}`}`,
          auditAnswer,
        ),
      revokeSessions: () => call("POST", "api/v1/admin/sessions/revoke", sessionsRevokedAnswer),
      listBranches: (campaign?: string) =>
        call(
          "GET",
          `api/v1/admin/branches${campaign ? `?campaign=${encodeURIComponent(campaign)}` : ""}`,
          branchListAnswer,
        ),
    },
  };
}

export type ApiClient = ReturnType<typeof apiClient>;
