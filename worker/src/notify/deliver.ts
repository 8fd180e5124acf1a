/**
 * One message to one channel: POST the platform's body, read its answer (WeCom and DingTalk say
 * `errcode: 0`, Feishu `code: 0`, even on a 200), and say what went wrong in words that never
 * carry the channel's URL or secret (the error is stored and shown to the office).
 */
import type { Message } from "../../../shared/notify/message.ts";
import { buildRequest, type ChannelKind } from "./platforms.ts";

export type Fetcher = (url: string, init: RequestInit) => Promise<Response>;

export interface ChannelTarget {
  kind: ChannelKind;
  url: string;
  secret: string | null;
}

export interface Delivery {
  ok: boolean;
  status: number | null;
  error: string | null;
}

const TIMEOUT_MS = 10_000;
const MAX_ERROR = 300;

/** The platform's own verdict in a 2xx answer: `errcode`/`code` other than 0 is a refusal. */
function platformRefusal(text: string): string | null {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof answer !== "object" || answer === null) return null;
  const a = answer as Record<string, unknown>;
  const code = a.errcode ?? a.code ?? a.StatusCode;
  if (code === undefined || code === 0) return null;
  return `platform refused: ${String(code)} ${String(a.errmsg ?? a.msg ?? a.StatusMessage ?? "")}`.trim();
}

function scrub(text: string, channel: ChannelTarget): string {
  let out = text.replaceAll(channel.url, "<url>");
  if (channel.secret) out = out.replaceAll(channel.secret, "<secret>");
  return out.slice(0, MAX_ERROR);
}

export async function deliver(
  fetcher: Fetcher,
  channel: ChannelTarget,
  message: Message,
  now: Date,
  data: unknown = {},
): Promise<Delivery> {
  const request = await buildRequest(channel, message, now, data);
  try {
    const res = await fetcher(request.url, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: request.body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    if (!res.ok)
      return { ok: false, status: res.status, error: scrub(`HTTP ${res.status} ${text}`.trim(), channel) };
    const refusal = platformRefusal(text);
    return refusal
      ? { ok: false, status: res.status, error: scrub(refusal, channel) }
      : { ok: true, status: res.status, error: null };
  } catch (err) {
    const name = err instanceof Error ? err.name : "Error";
    const reason =
      name === "TimeoutError"
        ? `no answer within ${TIMEOUT_MS / 1000} s`
        : `${name}: ${(err as Error)?.message ?? String(err)}`;
    return { ok: false, status: null, error: scrub(reason, channel) };
  }
}

/** Only https, or http to this machine (a local receiver); no credentials in the URL. */
export function channelUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "The channel URL is not a valid URL.";
  }
  if (url.username || url.password) return "The channel URL must not carry a user name or password.";
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && local) return null;
  return "The channel URL must use https (http only to localhost, for a local receiver).";
}
