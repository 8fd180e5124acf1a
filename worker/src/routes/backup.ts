/**
 * Backups through the admin API (docs/operations.md "Backups"): `GET /export?table=&after=` pages
 * through every table in key order; `POST /import { table, rows, first? }` inserts rows exactly as
 * exported. `first: true` (the command line sends it with its first batch) is refused unless the
 * database holds nothing yet, so an import never mixes into live data.
 */
import { Hono } from "hono";
import { z } from "zod";
import { importRequest } from "../../../shared/api/admin.ts";
import { backupTables, backupTablesEmpty, columnsOf, insertRows, pageOf, type Row } from "../db/backup.ts";
import { isUniqueViolation } from "../db/util.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { jsonBody, queryOf } from "../http.ts";
import { invalidateRankings } from "../rankings.ts";

const table = z.enum(Object.keys(backupTables) as [keyof typeof backupTables]);

export const backup = new Hono<AppEnv>()
  .get(
    "/export",
    queryOf(
      z.object({
        table,
        after: z.string().max(2000).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
      }),
    ),
    async (c) => {
      const q = c.req.valid("query");
      let after: (string | number)[] | null = null;
      if (q.after !== undefined) {
        let value: unknown = null;
        try {
          value = JSON.parse(q.after);
        } catch {
          // refused below
        }
        const parsed = z.array(z.union([z.string(), z.number()])).safeParse(value);
        if (!parsed.success || parsed.data.length !== backupTables[q.table].length) {
          throw new ApiError(400, "invalid_query", "`after` is the `next` of the previous page.");
        }
        after = parsed.data;
      }
      const rows = await pageOf(c.env.DB, q.table, after, q.limit);
      const last = rows.at(-1);
      const next =
        rows.length === q.limit && last ? JSON.stringify(backupTables[q.table].map((k) => last[k])) : null;
      return c.json({ table: q.table, rows, next });
    },
  )
  .post("/import", jsonBody(importRequest(table)), async (c) => {
    const body = c.req.valid("json");
    if (body.first && !(await backupTablesEmpty(c.env.DB))) {
      throw new ApiError(
        409,
        "database_not_empty",
        "Import into an empty database only: this one holds data.",
      );
    }
    const columns = await columnsOf(c.env.DB, body.table);
    for (const row of body.rows) {
      const unknown = Object.keys(row).filter((k) => !columns.has(k));
      if (unknown.length > 0) {
        throw new ApiError(
          422,
          "validation_failed",
          `Unknown column(s) of ${body.table}: ${unknown.join(", ")}.`,
        );
      }
    }
    try {
      await insertRows(c.env.DB, body.table, body.rows as Row[]);
    } catch (err) {
      if (isUniqueViolation(err) || /append-only/.test(String(err))) {
        throw new ApiError(
          409,
          "row_exists",
          `A row of ${body.table} is already there; import into an empty database.`,
        );
      }
      throw err;
    }
    invalidateRankings();
    return c.json({ table: body.table, imported: body.rows.length });
  });
