/**
 * The campaign office's requests and the backup answers (docs/api.md, "Admin" and "Backups"): the
 * Worker validates the bodies with these through Hono's validator; `juxing admin` and
 * `juxing admin export/import`, the demo seed and the benchmarks parse the answers with them.
 */
import * as z from "zod";
import { rubricSchema } from "../rubric.ts";
import { safeString } from "../safe-text.ts";
import { branchCode, campaignId } from "../submission.ts";
import { campaignSettingsInput } from "./reviews.ts";
import { rankingMethod } from "./schemas.ts";

const name = safeString(z.string().trim().min(1).max(200));
const year = z.number().int().min(2000).max(2100);
/** null switches the project-count check off. */
const expectedProjects = z.number().int().min(1).max(1000).nullable();

/** POST /api/v1/admin/campaigns. */
export const newCampaignRequest = z.strictObject({
  id: campaignId,
  name,
  year,
  expectedProjects: expectedProjects.optional(),
  ranking: rankingMethod.optional(),
  rubric: rubricSchema.optional(),
  ...campaignSettingsInput.shape,
});

/** PUT /api/v1/admin/campaigns/:id: the fields to change; a rubric replaces the whole rubric. */
export const campaignPatchRequest = z.strictObject({
  name: name.optional(),
  year: year.optional(),
  expectedProjects: expectedProjects.optional(),
  ranking: rankingMethod.optional(),
  rubric: rubricSchema.optional(),
  ...campaignSettingsInput.shape,
});

/** POST /api/v1/admin/branches. */
export const newBranchRequest = z.strictObject({ code: branchCode, name, campaign: campaignId });

/** A row as exported: column → text, number or null. */
export const backupRow = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));

/** GET /api/v1/admin/export?table=&after=: one page of a table in key order; `next` is the next page's `after`. */
export const exportPageAnswer = z.object({
  table: z.string(),
  rows: z.array(backupRow),
  next: z.string().nullable(),
});
export type ExportPageAnswer = z.infer<typeof exportPageAnswer>;

/** POST /api/v1/admin/import (`table` is one of the Worker's backup tables): `first: true` only into an empty database. */
export const importRequest = <T extends z.ZodType<string>>(table: T) =>
  z.strictObject({ table, rows: z.array(backupRow).max(1000), first: z.boolean().optional() });

export const importAnswer = z.object({ table: z.string(), imported: z.number().int() });
