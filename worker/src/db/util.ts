/** Small helpers shared by the query modules. */

/** D1 reports a UNIQUE or PRIMARY KEY violation in the error message. */
export function isUniqueViolation(err: unknown): boolean {
  const message =
    err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : String(err);
  return /UNIQUE constraint failed|PRIMARY KEY constraint failed/i.test(message);
}

export function nowIso(): string {
  return new Date().toISOString();
}
