/**
 * Text the API refuses in names and free texts (docs/security.md): a NUL, which C-string tools
 * cut at; an unpaired UTF-16 surrogate, which storage silently turns into U+FFFD; and bidi
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make a name read
 * differently from what it is ("Trojan Source"). Refused with 422 rather than cleaned, so that
 * what is stored is exactly what was sent.
 */
import type * as z from "zod";

const rules: [RegExp, string][] = [
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding the NUL is the point
  [/\u0000/, "must not contain a NUL character"],
  [
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
    "must not contain an unpaired surrogate (broken UTF-16)",
  ],
  [/[\u202a-\u202e\u2066-\u2069]/, "must not contain bidi embedding, override or isolate characters"],
];

/** Why `text` is refused, or null when it is fine. */
export function unsafeTextReason(text: string): string | null {
  for (const [pattern, reason] of rules) if (pattern.test(text)) return reason;
  return null;
}

/** A zod check for any value that may be a string: strings must pass unsafeTextReason. */
export function refuseUnsafeText(value: unknown, ctx: z.core.$RefinementCtx): void {
  if (typeof value !== "string") return;
  const reason = unsafeTextReason(value);
  if (reason) ctx.addIssue({ code: "custom", message: reason, input: value });
}

/** A string schema that also refuses unsafe text. */
export function safeString<S extends z.ZodType<string>>(schema: S) {
  return schema.superRefine(refuseUnsafeText);
}
