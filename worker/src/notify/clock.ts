/**
 * The moment the 督办 run and the /supervision page take as now: the real clock, unless the
 * NOTIFY_TODAY variable names a day (YYYY-MM-DD) — a rehearsal setting for local use, which
 * `npm start` sets to a day inside the historical demo campaign so its reminders have something
 * to say. Never set it when deployed (docs/operations.md "Reminders").
 */
import type { Bindings } from "../env.ts";

export function notifyNow(env: Bindings, real: Date): Date {
  const day = env.NOTIFY_TODAY;
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return real;
  // 08:30 in Beijing on that day: the hour the Cron Trigger fires.
  return new Date(`${day}T00:30:00Z`);
}
