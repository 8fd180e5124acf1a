/**
 * Failed authentication, limited per client IP across every way in (docs/security.md): a wrong
 * bearer token of any kind (admin, viewer key, branch — and reviewer or judge tokens, which will
 * resolve in auth.ts's principalOfToken and so count with no change here), a malformed
 * Authorization header, a wrong viewer key at /login. 20 failures a minute → 429 with
 * Retry-After, for every credential from that address until its minute is over.
 *
 * Each failure is counted twice: in this isolate, and in the AUTH_LIMITER rate-limit binding,
 * which sees every isolate of the Cloudflare location (one call per failure, so successes cost
 * nothing). The isolate's own count decides before any work: an address whose failures (plus,
 * past half the allowance, its checks still under way) reach the limit is refused at once — no
 * D1 lookup, no hashing — so neither the 21st guess in a row nor the 21st of eight at a time
 * reaches the database. The
 * binding catches an address that spreads its guesses over isolates: when it says no, the
 * isolate locks the address too (that one check has already cost its lookup).
 */
import type { Bindings } from "./env.ts";
import { ApiError } from "./errors.ts";

export const AUTH_FAILURES_PER_MINUTE = 20;
const WINDOW_MS = 60_000;
const MAX_ADDRESSES = 10_000;

interface Address {
  /** Start of the current window (ms since epoch) and the failures counted in it. */
  since: number;
  failures: number;
  /** Credential checks started and not yet finished. */
  checking: number;
  /** Refused outright until then (the binding said no), 0 when not. */
  lockedUntil: number;
}

const addresses = new Map<string, Address>();

interface Asking {
  req: { header(name: string): string | undefined };
}
type RequestContext = Asking & { env: Bindings };

/** The client as Cloudflare reports it; "local" under a plain `wrangler dev` without the header. */
export function clientIp(c: Asking): string {
  return c.req.header("CF-Connecting-IP") ?? "local";
}

/** This address's state, its window renewed when over; the map stays bounded. */
function stateOf(ip: string, now: number): Address {
  let state = addresses.get(ip);
  if (!state) {
    if (addresses.size >= MAX_ADDRESSES) {
      for (const [key, s] of addresses) {
        if (s.checking === 0 && now - s.since >= WINDOW_MS && s.lockedUntil <= now) addresses.delete(key);
      }
      if (addresses.size >= MAX_ADDRESSES) addresses.delete(addresses.keys().next().value as string);
    }
    state = { since: now, failures: 0, checking: 0, lockedUntil: 0 };
    addresses.set(ip, state);
  } else if (now - state.since >= WINDOW_MS) {
    state.since = now;
    state.failures = 0;
  }
  return state;
}

function tooMany(until: number, now: number): ApiError {
  const seconds = Math.max(1, Math.ceil((until - now) / 1000));
  return new ApiError(
    429,
    "too_many_failures",
    `Too many failed sign-ins from this address; try again in ${seconds} s.`,
    { headers: { "Retry-After": String(seconds) } },
  );
}

/**
 * 429 when this address is over the limit, or — once it has used half its allowance — when one
 * more check could be its 21st failure; no D1, no hashing. An office behind one address sending
 * many requests at once with good tokens is never held up; guesses eight at a time stop at 20.
 */
export function assertNotLockedOut(c: Asking, now = Date.now()): void {
  const state = stateOf(clientIp(c), now);
  if (state.lockedUntil > now) throw tooMany(state.lockedUntil, now);
  const atRisk = state.failures >= AUTH_FAILURES_PER_MINUTE / 2 ? state.checking : 0;
  if (state.failures + atRisk >= AUTH_FAILURES_PER_MINUTE) throw tooMany(state.since + WINDOW_MS, now);
}

/** Counts one failure here and in the binding; 429 when the binding finds the address over. */
export async function recordAuthFailure(c: RequestContext, now = Date.now()): Promise<void> {
  const state = stateOf(clientIp(c), now);
  state.failures += 1;
  if (!c.env.AUTH_LIMITER) return;
  const { success } = await c.env.AUTH_LIMITER.limit({ key: `auth:${clientIp(c)}` });
  if (!success) {
    state.lockedUntil = now + WINDOW_MS;
    throw tooMany(state.lockedUntil, now);
  }
}

/** Runs a credential check; a 401 from it counts as a failure (and may become the 429). */
export async function countingFailures<T>(c: RequestContext, check: () => Promise<T>): Promise<T> {
  assertNotLockedOut(c);
  const state = stateOf(clientIp(c), Date.now());
  state.checking += 1;
  let result: T;
  try {
    result = await check();
  } catch (err) {
    state.checking -= 1;
    if (err instanceof ApiError && err.status === 401) await recordAuthFailure(c);
    throw err;
  }
  state.checking -= 1;
  return result;
}
