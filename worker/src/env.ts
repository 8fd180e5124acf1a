/** The Worker's bindings (wrangler.jsonc, .dev.vars) and the per-request variables. */

export interface Bindings {
  DB: D1Database;
  ASSETS: Fetcher;
  RATE_LIMITER: RateLimit;
  /** Failed authentication per client IP (limiter.ts): 20 a minute. */
  AUTH_LIMITER: RateLimit;
  /** Secret: the campaign office's bearer token. Unset or empty disables the admin API. */
  ADMIN_TOKEN?: string;
  /** Secret: the leaders' viewer key. Unset or empty leaves only sessions (none) and public mode. */
  VIEWER_KEY?: string;
  /** "true" opens the rankings (and the other viewer reads) to anyone. */
  PUBLIC_RANKINGS?: string;
  /** The site's public address, for the links in reminders (the cron has no request to take it from). */
  PUBLIC_URL?: string;
  /** Local rehearsals only: the day the reminders and /supervision take as today (notify/clock.ts). */
  NOTIFY_TODAY?: string;
  /** Other servers the task pane served here may send to (https origins, space-separated). */
  PANE_SERVERS?: string;
}

/** Who is asking, as the auth middleware resolved it. */
export type Principal =
  | { kind: "admin" }
  | { kind: "viewer"; via: "key" | "session" | "public" }
  | { kind: "branch"; code: string; campaign: string; name: string }
  /** A judge of one event (jxj_ token or judge session): scores that event, reads nothing else. */
  | { kind: "judge"; id: number; event: number; name: string; via: "token" | "session" }
  /** The campaign office's inspector (roles.ts): reads its campaign as a viewer does, and reviews. */
  | { kind: "reviewer"; id: string; campaign: string; name: string; via: "token" | "session" };

export interface AppEnv {
  Bindings: Bindings;
  Variables: { principal: Principal };
}
