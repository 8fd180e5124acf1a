/**
 * The command line's side of talking to the server: the server URL checked before use, and the
 * words for a failed call. The calls themselves go through the one client (shared/api/client.ts);
 * callApi stays for the scripts and benchmarks that need the status and headers as they came (a
 * replay, a refusal counted); whatever they read of an answer they parse with its schema.
 */
import type * as z from "zod";
import type { ApiFailure } from "../shared/api/client.ts";
import { timingRefusalText } from "../shared/api/reviews.ts";
import { errorAnswer } from "../shared/api/schemas.ts";
import type { Lang } from "../shared/findings.ts";
import { langFrom } from "./args.ts";

export interface ApiAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

export class ServerUnreachable extends Error {}

export function apiUrl(server: string, path: string): string {
  let base: URL;
  try {
    base = new URL(server);
  } catch {
    throw new ServerUnreachable(`not a server URL: ${server}`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:")
    throw new ServerUnreachable(`not an http(s) URL: ${server}`);
  return new URL(path, base.href.endsWith("/") ? base.href : `${base.href}/`).href;
}

export async function callApi(
  method: string,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    throw new ServerUnreachable(
      (error as Error).cause ? String((error as Error).cause) : (error as Error).message,
    );
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page): keep the text for the message.
  }
  return { status: response.status, body, headers: response.headers };
}

/** An http(s) server URL, or ServerUnreachable saying what is wrong with it. */
export function checkedServer(server: string): string {
  return apiUrl(server, "").replace(/\/+$/, "");
}

/** What a person reads when a call failed: the server's message and code, and its first issues. */
/** A refused call in words; a closed or future month in the reader's language (docs/api.md). */
export function failureText(failure: ApiFailure, lang: Lang = langFrom(undefined)): string {
  const timing = timingRefusalText(failure, lang);
  if (timing) return `${timing} [${failure.status} ${failure.code}]`;
  const issues = failure.issues?.slice(0, 5).map((i) => `  ${JSON.stringify(i.path)}: ${i.message}`) ?? [];
  const where = failure.status ? `${failure.status}${failure.code ? ` ${failure.code}` : ""}` : failure.kind;
  return [`${failure.message} [${where}]`, ...issues].join("\n");
}

/** The server's error message, from docs/api.md's `{ error: { code, message } }` shape. */
export function errorMessage(answer: ApiAnswer): string {
  const parsed = errorAnswer.safeParse(answer.body);
  if (!parsed.success) return `HTTP ${answer.status}`;
  const { error } = parsed.data;
  const issues = error.issues?.slice(0, 5).map((i) => `  ${JSON.stringify(i.path)}: ${i.message}`) ?? [];
  return [`${error.message} [${answer.status} ${error.code}]`, ...issues].join("\n");
}

/** The answer's body read with `schema`, or an error naming the call and what does not fit. */
export function parseAnswer<S extends z.ZodType>(schema: S, answer: ApiAnswer, call: string): z.infer<S> {
  const parsed = schema.safeParse(answer.body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
  throw new Error(`${call}: the server's answer is not what this version expects (${issues})`);
}

/** A call that must succeed (scripts and benchmarks): the answer read with `schema`, or an error saying why. */
export async function callApiOk<S extends z.ZodType>(
  method: string,
  url: string,
  token: string,
  schema: S,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<z.infer<S>> {
  const answer = await callApi(method, url, { token, body, headers });
  if (answer.status >= 300) throw new Error(`${method} ${url}: ${errorMessage(answer)}`);
  return parseAnswer(schema, answer, `${method} ${url}`);
}
