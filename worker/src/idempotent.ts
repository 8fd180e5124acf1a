/**
 * `Idempotency-Key` for the API's writes (submissions, reviews; docs/api.md): the key is checked,
 * the body hashed in canonical form, and a stored first answer replayed byte for byte — another
 * body under the same key is 409. Keys are scoped per writer (a branch code, `reviewer:<id>`).
 */
import type { Context } from "hono";
import { canonicalJson, sha256Hex, TooDeepError } from "./crypto.ts";
import type { StoredAnswer } from "./db/idempotency.ts";
import { ApiError } from "./errors.ts";
import { json, readJsonBody } from "./http.ts";

/** Printable ASCII, 1–200 characters: a UUID, or whatever the client uses as its key. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e](?:[\x20-\x7e]{0,198}[\x21-\x7e])?$/;

export function idempotencyKeyOf(c: Context): string {
  const key = c.req.header("Idempotency-Key")?.trim() ?? "";
  if (!key) {
    throw new ApiError(
      400,
      "idempotency_key_missing",
      "Send an Idempotency-Key header (a UUID per request).",
    );
  }
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError(
      400,
      "idempotency_key_invalid",
      "The Idempotency-Key must be 1–200 printable ASCII characters.",
    );
  }
  return key;
}

/** The JSON body and the SHA-256 of its canonical form (two bodies that mean the same hash the same). */
export async function hashedJsonBody(c: Context): Promise<{ raw: unknown; bodyHash: string }> {
  const raw = await readJsonBody(c);
  let canonical: string;
  try {
    canonical = canonicalJson(raw);
  } catch (err) {
    if (err instanceof TooDeepError)
      throw new ApiError(422, "validation_failed", "The body is nested too deeply.");
    throw err;
  }
  return { raw, bodyHash: await sha256Hex(canonical) };
}

export function replay(stored: StoredAnswer, bodyHash: string): Response {
  if (stored.bodyHash !== bodyHash) {
    throw new ApiError(
      409,
      "idempotency_conflict",
      "This Idempotency-Key was already used for a different body; use a new key.",
    );
  }
  return json(stored.response, stored.status, { "Idempotent-Replayed": "true" });
}
