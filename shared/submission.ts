/**
 * What a branch sends (docs/api.md): the normalized rows, not the file. One zod schema, used by the
 * add-in and the command line to build the body and by the Worker to check it.
 */
import * as z from "zod";
import type { EvaluateInput, Report } from "./analyze.ts";
import { parseIsoDate } from "./dates.ts";
import { cellOf, type Scalar, type SourceRow } from "./extract.ts";
import { activityFields, landmarkFields, taskFields } from "./lexicon.ts";
import { refuseUnsafeText, safeString } from "./safe-text.ts";

export const MAX_PROJECTS = 1000;
// Every text a branch sends is refused with NUL, broken UTF-16 or bidi controls (safe-text.ts).
const scalar = z
  .union([z.string().max(2000), z.number().finite(), z.boolean(), z.null()])
  .superRefine(refuseUnsafeText);
const cellRef = z.object({ cell: z.string().regex(/^[A-Z]{1,3}[1-9]\d{0,6}$/), value: scalar });

function cellsOf<K extends string>(fields: Record<K, unknown>) {
  const shape = Object.fromEntries(Object.keys(fields).map((f) => [f, cellRef.optional()])) as Record<
    K,
    z.ZodOptional<typeof cellRef>
  >;
  return z.strictObject(shape);
}

function sourceRow<K extends string>(fields: Record<K, unknown>) {
  return z.object({
    sheet: safeString(z.string().min(1).max(100)),
    row: z.number().int().min(1).max(1_048_576),
    cells: cellsOf(fields),
  });
}

export const isoDate = z
  .string()
  .refine((s) => parseIsoDate(s) !== null, { message: "expected a date YYYY-MM-DD" });
export const monthPeriod = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: "expected a month YYYY-MM" });
export const branchCode = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, { message: "expected a branch code" });
export const campaignId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, { message: "expected a campaign id" });

export const submissionSchema = z.object({
  campaign: campaignId,
  branch: branchCode,
  period: monthPeriod,
  asOf: isoDate,
  workbook: z.object({
    name: safeString(z.string().min(1).max(255)),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  labels: z
    .partialRecord(
      z.enum(Object.keys(taskFields) as [keyof typeof taskFields]),
      safeString(z.string().max(100)),
    )
    .optional(),
  projects: z.array(sourceRow(taskFields)).max(MAX_PROJECTS),
  activities: z.array(sourceRow(activityFields)).max(500),
  landmark: z.array(sourceRow(landmarkFields)).max(50),
  client: z.object({ app: z.enum(["addin", "cli", "web"]), version: safeString(z.string().min(1).max(32)) }),
});

export type Submission = z.output<typeof submissionSchema>;

/** The body a client sends for a report; the server re-scores it, so no score is included. */
export function submissionFromReport(
  report: Report,
  meta: {
    campaign: string;
    branch: string;
    period: string;
    workbook: { name: string; sha256: string };
    client: Submission["client"];
  },
): Submission {
  return {
    campaign: meta.campaign,
    branch: meta.branch,
    period: meta.period,
    asOf: report.asOf,
    workbook: meta.workbook,
    labels: report.labels,
    projects: report.rows.map(toWire),
    activities: report.activities.map(toWire),
    landmark: report.landmark.map(toWire),
    client: meta.client,
  };
}

/** What the server re-checks a submission with: its rows in the form the rules read. */
export function evaluationInput(body: Submission): EvaluateInput {
  return {
    period: body.period,
    projects: body.projects.map(fromWire),
    activities: body.activities.map(fromWire),
    landmark: body.landmark.map(fromWire),
    labels: body.labels,
  };
}

interface WireRow<F extends string> {
  sheet: string;
  row: number;
  cells: Partial<Record<F, { cell: string; value: Scalar }>>;
}

/** On the wire every value travels with its address: the server has no table to place it by. */
function toWire<F extends string>(source: SourceRow<F>): WireRow<F> {
  const cells: WireRow<F>["cells"] = {};
  for (const field of Object.keys(source.values) as F[]) {
    cells[field] = { cell: cellOf(source, field) as string, value: source.values[field] ?? null };
  }
  return { sheet: source.sheet, row: source.row, cells };
}

function fromWire<F extends string>(wire: WireRow<F>): SourceRow<F> {
  const values: SourceRow<F>["values"] = {};
  const at: NonNullable<SourceRow<F>["at"]> = {};
  for (const [field, ref] of Object.entries(wire.cells) as [
    F,
    { cell: string; value: Scalar } | undefined,
  ][]) {
    if (!ref) continue;
    values[field] = ref.value;
    at[field] = ref.cell;
  }
  return { sheet: wire.sheet, row: wire.row, values, columns: {}, at };
}

/** docs/api.md, “Period and as-of”: the as-of date lies in the period's month or at most 10 days after it, and not after receipt. */
export function asOfAllowed(period: string, asOf: string, receivedOn: string): boolean {
  const [year, month] = period.split("-").map(Number) as [number, number];
  const start = `${period}-01`;
  const end = new Date(Date.UTC(year, month, 0 + 10)).toISOString().slice(0, 10);
  return asOf >= start && asOf <= end && asOf <= receivedOn;
}
