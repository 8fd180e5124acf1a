/**
 * What every command shares about its arguments: the error that prints the usage, and the
 * reader's language. Kept apart from main.ts, which imports every command, so no command has to
 * import main.ts back.
 */
import type { Lang } from "../shared/findings.ts";

export class UsageError extends Error {}

export function langFrom(value: string | undefined): Lang {
  if (value === undefined) return process.env.LANG?.startsWith("en") ? "en" : "zh-CN";
  if (value === "en" || value === "zh-CN") return value;
  throw new UsageError(`--lang must be zh-CN or en, not "${value}"`);
}
