/** Talking to the Juxing server from the command line: JSON in and out, bearer tokens, retries. */
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

/** The server's error message, from SPEC §5.2's `{ error: { code, message } }` shape. */
export function errorMessage(answer: ApiAnswer): string {
  const error = (
    answer.body as {
      error?: { code?: string; message?: string; issues?: { path: unknown; message: string }[] };
    }
  )?.error;
  if (!error) return `HTTP ${answer.status}`;
  const issues = error.issues?.slice(0, 5).map((i) => `  ${JSON.stringify(i.path)}: ${i.message}`) ?? [];
  return [`${error.message ?? error.code} [${answer.status} ${error.code}]`, ...issues].join("\n");
}

export function isRetryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Seconds from Retry-After, capped: a server asking for an hour should not hang a terminal. */
export function retryAfterMs(headers: Headers, fallbackMs: number): number {
  const value = headers.get("Retry-After");
  const seconds = value === null ? Number.NaN : Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, 30_000) : fallbackMs;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A call that must succeed (scripts and benchmarks): the answer's body, or an error saying why. */
export async function callApiOk(
  method: string,
  url: string,
  token: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<Record<string, unknown>> {
  const answer = await callApi(method, url, { token, body, headers });
  if (answer.status >= 300) throw new Error(`${method} ${url}: ${errorMessage(answer)}`);
  return answer.body as Record<string, unknown>;
}
