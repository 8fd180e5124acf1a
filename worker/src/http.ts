/** Reading requests: JSON bodies and query strings, every failure a 4xx in the error shape. */
import type { Context } from "hono";
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

export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parseBody(schema, await readJsonBody(c));
}

/** Query parameters checked by a schema: 400 with the issues when they do not fit. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) {
    throw new ApiError(400, "invalid_query", "The query parameters are not valid.", {
      issues: issuesOf(result.error),
    });
  }
  return result.data;
}

export function json(body: string, status: number, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...headers },
  });
}
