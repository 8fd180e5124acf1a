/**
 * 督办 data for many branches at once (docs/operations.md "Reminders"), shared by the daily run
 * and the /supervision page: each branch's latest projects (one query for a whole campaign), who
 * sent a list for the month whose window is closing, and the returned reviews. A fixed number of
 * queries whatever the number of branches and projects.
 */
import { type BranchItems, notSubmittedItem, projectItems } from "../../../shared/notify/items.ts";
import type { DigestRow } from "../../../shared/notify/message.ts";
import type { Project } from "../../../shared/rules.ts";
import { unpack } from "../pack.ts";

/** A campaign as of one day: the month whose window may be closing, and its last accepted day. */
export interface SupervisedCampaign {
  id: string;
  name: string;
  day: string;
  closing: { period: string; closes: string | null };
}

export type Reader = <T>(statement: D1PreparedStatement) => Promise<T[]>;

export const plainRead: Reader = async <T>(statement: D1PreparedStatement) =>
  (await statement.all<T>()).results;

export const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(", ");

/**
 * The claims of each branch's latest list whose review in force is a return, with the reviewer's
 * reason (docs/api.md "Reviews": the latest review of the claim's key and content hash decides).
 * One query for all the campaigns.
 */
async function returnedReviews(
  db: D1Database,
  read: Reader,
  campaigns: string[],
): Promise<Map<string, BranchItems["returned"]>> {
  const rows = await read<{ campaign: string; branch: string; name: string; owner: string; reason: string }>(
    db
      .prepare(
        `WITH latest AS (
          SELECT id, campaign, branch FROM (
            SELECT id, campaign, branch,
              ROW_NUMBER() OVER (PARTITION BY campaign, branch ORDER BY period DESC, seq DESC) AS rn
            FROM submissions WHERE campaign IN (${placeholders(campaigns.length)})
          ) WHERE rn = 1
        )
        SELECT l.campaign, l.branch, c.name, c.owner, v.reason FROM latest l
        JOIN submission_claims c ON c.submission_id = l.id
        JOIN reviews v ON v.seq = (
          SELECT MAX(r.seq) FROM reviews r
          WHERE r.campaign = l.campaign AND r.branch = l.branch AND r.project_key = c.project_key
            AND r.content_hash = c.content_hash
        )
        WHERE v.decision = 'return'
        ORDER BY l.campaign, l.branch, c.ord`,
      )
      .bind(...campaigns),
  );
  const out = new Map<string, BranchItems["returned"]>();
  for (const r of rows) {
    const key = `${r.campaign}:${r.branch}`;
    out.set(key, [...(out.get(key) ?? []), { name: r.name, owner: r.owner, reason: r.reason }]);
  }
  return out;
}

/**
 * Each branch's items per campaign, branches in the order given, and whether it has sent a list
 * for the campaign's closing month (the page lists every branch that has not; a message speaks of
 * it only while the window closes).
 */
export async function supervisionRows(
  db: D1Database,
  read: Reader,
  campaigns: SupervisedCampaign[],
  branches: { code: string; name: string; campaign: string }[],
): Promise<Map<string, (DigestRow & { reported: boolean })[]>> {
  const out = new Map<string, (DigestRow & { reported: boolean })[]>();
  if (campaigns.length === 0) return out;
  const ids = campaigns.map((c) => c.id);
  const latest = await read<{ campaign: string; branch: string; data: string }>(
    db
      .prepare(
        `WITH latest AS (
          SELECT id, campaign, branch,
            ROW_NUMBER() OVER (PARTITION BY campaign, branch ORDER BY period DESC, seq DESC) AS rn
          FROM submissions WHERE campaign IN (${placeholders(ids.length)})
        )
        SELECT l.campaign, l.branch, d.data FROM latest l
        JOIN submission_details d ON d.submission_id = l.id AND d.part = 'projects'
        WHERE l.rn = 1`,
      )
      .bind(...ids),
  );
  const projectsOf = new Map<string, Project[]>();
  await Promise.all(
    latest.map(async (row) =>
      projectsOf.set(`${row.campaign}:${row.branch}`, await unpack<Project[]>(row.data)),
    ),
  );
  const submitted = new Set<string>();
  const reported = await read<{ campaign: string; branch: string }>(
    db
      .prepare(
        `SELECT DISTINCT campaign, branch FROM submissions WHERE ${campaigns.map(() => "(campaign = ? AND period = ?)").join(" OR ")}`,
      )
      .bind(...campaigns.flatMap((c) => [c.id, c.closing.period])),
  );
  for (const r of reported) submitted.add(`${r.campaign}:${r.branch}`);
  const returned = await returnedReviews(db, read, ids);

  for (const campaign of campaigns) {
    const rows: (DigestRow & { reported: boolean })[] = [];
    for (const branch of branches) {
      if (branch.campaign !== campaign.id) continue;
      const key = `${campaign.id}:${branch.code}`;
      const items: BranchItems = {
        ...projectItems(projectsOf.get(key) ?? [], campaign.day),
        returned: returned.get(key) ?? [],
        notSubmitted: submitted.has(key)
          ? null
          : notSubmittedItem(campaign.closing.period, campaign.closing.closes, campaign.day),
      };
      rows.push({ branch: { code: branch.code, name: branch.name }, items, reported: submitted.has(key) });
    }
    out.set(campaign.id, rows);
  }
  return out;
}
