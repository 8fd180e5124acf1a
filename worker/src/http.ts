/**
 * Reading requests through Hono's validator (hono/validator) with the contract's zod schemas
 * (shared/api/): every failure a 4xx in the error shape `{ error: { code, message, issues? } }`
 * (docs/api.md) — 415 for a body that is not JSON, 400 when it does not parse, 422 with zod's
 * issue paths when it does not fit, 400 `invalid_query` for query parameters.
 */
import type { Context } from "hono";
import { validator } from "hono/validator";
import type { z } from "zod";
import { ApiError, issuesOf, validationError } from "./errors.ts";

/** The body parsed as JSON: 415 for another content type, 400 when it is not JSON. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header("Content-Type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      "Send the body as JSON (Content-Type: application/json).",
    );
  }
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.");
  }
}

export function parseBody<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/**
 * The JSON body checked by `schema` (`c.req.valid("json")` in the handler). Its media type and
 * syntax are checked first, so those failures keep their own codes rather than the validator's.
 */
export function jsonBody<S extends z.ZodType>(schema: S) {
  const validate = validator("json", (value: z.input<S>): z.output<S> => parseBody(schema, value));
  const checked: typeof validate = async (c, next) => {
    await readJsonBody(c);
    return validate(c, next);
  };
  return checked;
}

/** Query parameters checked by `schema` (`c.req.valid("query")`): 400 with the issues when they do not fit. */
export function queryOf<S extends z.ZodType>(schema: S) {
  return validator("query", (value: Record<string, string | string[]>): z.output<S> => {
    const result = schema.safeParse(value);
    if (!result.success) {
      throw new ApiError(400, "invalid_query", "The query parameters are not valid.", {
        issues: issuesOf(result.error),
      });
    }
    return result.data;
  });
}

export function json(body: string, status: number, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
  });
}
