/** Hashes, tokens and constant-time comparison with Web Crypto (workerd). */

const encoder = new TextEncoder();

export async function sha256(data: string | Uint8Array): Promise<Uint8Array> {
  const bytes = typeof data === "string" ? encoder.encode(data) : data;
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return toHex(await sha256(data));
}

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** 32 random bytes (256 bits), base64url, behind a prefix that says what the token is for. */
export function randomToken(prefix: string): string {
  return `${prefix}${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
}

/** Equal-length byte strings compared in constant time; different lengths are simply unequal. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return crypto.subtle.timingSafeEqual(a, b);
}

/** A secret compared to a presented value through their SHA-256 digests: constant time, any length. */
export async function secretMatches(presented: string, secret: string | undefined): Promise<boolean> {
  if (!secret) return false;
  const [a, b] = await Promise.all([sha256(presented), secretDigest(secret)]);
  return bytesEqual(a, b);
}

const digestCache = new Map<string, Promise<Uint8Array>>();
/** The configured secrets' digests are computed once per isolate. */
function secretDigest(secret: string): Promise<Uint8Array> {
  let digest = digestCache.get(secret);
  if (!digest) {
    if (digestCache.size > 8) digestCache.clear();
    digest = sha256(secret);
    digestCache.set(secret, digest);
  }
  return digest;
}

/** HMAC-SHA-256 of `message` under `key`, hex. */
export async function hmacSha256Hex(key: string, message: string): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey(
    "raw",
    encoder.encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return toHex(new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(message))));
}

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Deeper than this is no submission; refusing it keeps the recursion below bounded. */
export const MAX_JSON_DEPTH = 64;

export class TooDeepError extends Error {}

/**
 * JSON with object keys sorted at every level: two bodies that mean the same hash the same.
 * Throws TooDeepError past MAX_JSON_DEPTH levels.
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (depth >= MAX_JSON_DEPTH) throw new TooDeepError("nested too deeply");
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, depth + 1)).join(",")}]`;
  const record = value as Record<string, unknown>;
  const entries = Object.keys(record)
    .sort()
    .filter((key) => record[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key], depth + 1)}`);
  return `{${entries.join(",")}}`;
}
