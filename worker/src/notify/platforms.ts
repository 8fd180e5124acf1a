/**
 * Each channel kind's own request (docs/operations.md "Reminders"): the body its group robot
 * expects, its signature and its size and rate limits, in one table.
 *
 * - WeCom (企业微信) group robot: `{ msgtype: "markdown", markdown: { content } }`, content at most
 *   4096 bytes of UTF-8, 20 messages a minute per robot; no signature (the key is in the URL).
 * - DingTalk (钉钉) custom robot: `{ msgtype: "markdown", markdown: { title, text } }`; with a
 *   signing secret, `&timestamp=<ms>&sign=<url-encoded base64 HMAC-SHA256(secret, ts + "\n" + secret)>`
 *   is appended to the URL; 20 messages a minute per robot.
 * - Feishu (飞书) custom robot: a `post` (rich text) message; with a signing secret, `timestamp`
 *   (seconds) and `sign` (base64 HMAC-SHA256 keyed by `ts + "\n" + secret` over an empty message)
 *   travel in the body; a body at most 20 KB; 100 a minute, 5 a second.
 * - webhook: the items as JSON (`type: "juxing.reminder"` or `"juxing.digest"`), for anything else.
 *
 * Pure but for Web Crypto's HMAC, present in workerd, Node and browsers alike.
 */
import { cut, lineCount, type Message } from "../../../shared/notify/message.ts";

export const channelKinds = ["wecom", "dingtalk", "feishu", "webhook"] as const;
export type ChannelKind = (typeof channelKinds)[number];

export interface OutgoingRequest {
  url: string;
  body: string;
}

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text).byteLength;

function base64(data: ArrayBuffer): string {
  let binary = "";
  for (const b of new Uint8Array(data)) binary += String.fromCharCode(b);
  return btoa(binary);
}

async function hmacSha256Base64(key: string, message: string): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey(
    "raw",
    encoder.encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return base64(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(message)));
}

/** DingTalk's `sign` query value: URL-encoded base64 of HMAC-SHA256(secret, `${ms}\n${secret}`). */
export async function dingtalkSign(secret: string, timestampMs: number): Promise<string> {
  return encodeURIComponent(await hmacSha256Base64(secret, `${timestampMs}\n${secret}`));
}

/** Feishu's `sign` body field: base64 of HMAC-SHA256 keyed by `${s}\n${secret}` over nothing. */
export async function feishuSign(secret: string, timestampSeconds: number): Promise<string> {
  return hmacSha256Base64(`${timestampSeconds}\n${secret}`, "");
}

function markdown(message: Message): string {
  const out = [`### ${message.title}`];
  for (const note of message.notes) out.push(`> ${note}`);
  for (const section of message.sections) {
    if (section.heading) out.push("", `**${section.heading}**`);
    for (const line of section.lines) out.push(`- ${line}`);
  }
  if (message.link) out.push("", `[${message.link.text}](${message.link.url})`);
  return out.join("\n");
}

function feishuPost(message: Message): unknown {
  const text = (t: string) => [{ tag: "text", text: t }];
  const rows: unknown[] = message.notes.map((n) => text(`⚠ ${n}`));
  for (const section of message.sections) {
    if (section.heading) rows.push(text(`【${section.heading}】`));
    for (const line of section.lines) rows.push(text(`· ${line}`));
  }
  if (message.link) rows.push([{ tag: "a", text: message.link.text, href: message.link.url }]);
  return { post: { zh_cn: { title: message.title, content: rows } } };
}

interface Platform {
  /** Messages a minute one robot accepts (null: no documented limit). */
  perMinute: number | null;
  /** The largest body the platform takes, measured as `measure` says. */
  maxBytes: number;
  /** The bytes the platform counts against maxBytes. */
  measure(message: Message): number;
  request(
    message: Message,
    channel: { url: string; secret: string | null },
    now: Date,
    data: unknown,
  ): Promise<OutgoingRequest>;
}

export const platforms: Record<ChannelKind, Platform> = {
  wecom: {
    perMinute: 20,
    maxBytes: 4096,
    measure: (m) => bytes(markdown(m)),
    request: async (m, ch) => ({
      url: ch.url,
      body: JSON.stringify({ msgtype: "markdown", markdown: { content: markdown(m) } }),
    }),
  },
  dingtalk: {
    perMinute: 20,
    maxBytes: 20_000,
    measure: (m) => bytes(markdown(m)),
    request: async (m, ch, now) => {
      let url = ch.url;
      if (ch.secret) {
        const ts = now.getTime();
        url += `${url.includes("?") ? "&" : "?"}timestamp=${ts}&sign=${await dingtalkSign(ch.secret, ts)}`;
      }
      return {
        url,
        body: JSON.stringify({ msgtype: "markdown", markdown: { title: m.title, text: markdown(m) } }),
      };
    },
  },
  feishu: {
    perMinute: 100,
    // 20 KB for the whole body; the signature and envelope take well under 1 KB of it.
    maxBytes: 19_000,
    measure: (m) => bytes(JSON.stringify(feishuPost(m))),
    request: async (m, ch, now) => {
      const signed: Record<string, string> = {};
      if (ch.secret) {
        const ts = Math.floor(now.getTime() / 1000);
        signed.timestamp = String(ts);
        signed.sign = await feishuSign(ch.secret, ts);
      }
      return { url: ch.url, body: JSON.stringify({ ...signed, msg_type: "post", content: feishuPost(m) }) };
    },
  },
  webhook: {
    perMinute: null,
    maxBytes: 1_000_000,
    measure: (m) => bytes(JSON.stringify(m)),
    request: async (m, ch, _now, data) => ({
      url: ch.url,
      body: JSON.stringify({ ...(data as object), message: m }),
    }),
  },
};

/** The message as it fits the platform: whole, or its most urgent lines and "…及另外 N 项". */
export function fitted(kind: ChannelKind, message: Message): Message {
  const platform = platforms[kind];
  if (platform.measure(message) <= platform.maxBytes) return message;
  let low = 0;
  let high = lineCount(message) - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (platform.measure(cut(message, mid)) <= platform.maxBytes) low = mid;
    else high = mid - 1;
  }
  return cut(message, low);
}

/** The request that delivers `message` on the channel, cut to its platform's size, signed if it signs. */
export function buildRequest(
  channel: { kind: ChannelKind; url: string; secret: string | null },
  message: Message,
  now: Date,
  data: unknown = {},
): Promise<OutgoingRequest> {
  return platforms[channel.kind].request(fitted(channel.kind, message), channel, now, data);
}
