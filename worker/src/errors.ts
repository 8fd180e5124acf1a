/**
 * One error shape everywhere: `{ error: { code, message, issues? } }`. Handlers throw ApiError;
 * anything else becomes a 500 without a stack trace (the details go to the log only).
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";

export interface Issue {
  path: string;
  message: string;
}

/** What a client needs to say an error in its reader's language (period.closed: the month and its deadline). */
export interface ErrorDetail {
  period?: string;
  closedOn?: string;
}

export interface ErrorBody {
  error: { code: string; message: string; issues?: Issue[] } & ErrorDetail;
}

export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly issues: Issue[] | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly detail: ErrorDetail;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    extra: { issues?: Issue[]; headers?: Record<string, string> } & ErrorDetail = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.issues = extra.issues;
    this.headers = extra.headers;
    this.detail = {
      ...(extra.period ? { period: extra.period } : {}),
      ...(extra.closedOn ? { closedOn: extra.closedOn } : {}),
    };
  }
}

/** At most this many issues are returned; a 10,000-row body must not answer with 10,000 lines. */
const MAX_ISSUES = 100;

/** zod issues as `{ path: "projects.3.cells.owner.value", message }`. */
export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
}

export function validationError(error: z.ZodError, message = "The request is not valid."): ApiError {
  return new ApiError(422, "validation_failed", message, { issues: issuesOf(error) });
}

export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  issues?: Issue[],
  detail: ErrorDetail = {},
): Response {
  const body: ErrorBody = { error: { code, message, ...(issues ? { issues } : {}), ...detail } };
  return c.json(body, status);
}

const statusCodes: Partial<Record<number, string>> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "validation_failed",
  429: "rate_limited",
};

export function onError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    const res = errorResponse(c, err.status, err.code, err.message, err.issues, err.detail);
    for (const [name, value] of Object.entries(err.headers ?? {})) res.headers.set(name, value);
    return res;
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = statusCodes[status] ?? (status >= 500 ? "internal_error" : "bad_request");
    return errorResponse(c, status, code, err.message || code.replaceAll("_", " "));
  }
  console.error("unhandled error", err);
  return errorResponse(c, 500, "internal_error", "Something went wrong on the server; try again later.");
}

export function notFound(c: Context): Response {
  return errorResponse(c, 404, "not_found", `No route for ${c.req.method} ${c.req.path}.`);
}
