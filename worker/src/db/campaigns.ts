/**
 * Campaigns: name, year, expected project count, rubric (JSON, fully defaulted), ranking method,
 * and the settings of verification and timing (docs/api.md): acceptance, activities, timezone,
 * windowDays.
 */
import { type Rubric, rubricSchema } from "../../../shared/rubric.ts";
import type { RankingMethod } from "../ranking.ts";
import { isUniqueViolation, nowIso } from "./util.ts";

export interface Campaign {
  id: string;
  name: string;
  year: number;
  expectedProjects: number | null;
  ranking: RankingMethod;
  rubric: Rubric;
  /** "reviewed": claims count by their verified state; "self": as the workbook states them. */
  acceptance: Acceptance;
  /** "judged": the judges' results replace the workbook's 亮晒比评 numbers; "self": they count. */
  activities: ActivitiesSource;
  /** IANA zone the server's "today" is taken in. */
  timezone: string;
  /** Days into the next month a month stays open; null: always open. */
  windowDays: number | null;
  createdAt: string;
  updatedAt: string;
}

export type Acceptance = "reviewed" | "self";
export type ActivitiesSource = "judged" | "self";

interface CampaignRow {
  id: string;
  name: string;
  year: number;
  expected_projects: number | null;
  ranking: RankingMethod;
  rubric: string;
  acceptance: Acceptance;
  activities: ActivitiesSource;
  timezone: string;
  window_days: number | null;
  created_at: string;
  updated_at: string;
}

function fromRow(row: CampaignRow): Campaign {
  return {
    id: row.id,
    name: row.name,
    year: row.year,
    expectedProjects: row.expected_projects,
    ranking: row.ranking,
    // Parsed again so a rubric stored before a new field existed gets that field's default.
    rubric: rubricSchema.parse(JSON.parse(row.rubric)),
    acceptance: row.acceptance,
    activities: row.activities,
    timezone: row.timezone,
    windowDays: row.window_days,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function getCampaign(db: D1Database, id: string): Promise<Campaign | null> {
  const row = await db.prepare("SELECT * FROM campaigns WHERE id = ?").bind(id).first<CampaignRow>();
  return row ? fromRow(row) : null;
}

export interface CampaignSummary {
  id: string;
  name: string;
  year: number;
  expectedProjects: number | null;
  ranking: RankingMethod;
}

export async function listCampaigns(db: D1Database): Promise<CampaignSummary[]> {
  const { results } = await db
    .prepare("SELECT id, name, year, expected_projects, ranking FROM campaigns ORDER BY year DESC, id")
    .all<Omit<CampaignRow, "rubric" | "created_at" | "updated_at">>();
  return results.map((r) => ({
    id: r.id,
    name: r.name,
    year: r.year,
    expectedProjects: r.expected_projects,
    ranking: r.ranking,
  }));
}

export type NewCampaign = Pick<
  Campaign,
  | "id"
  | "name"
  | "year"
  | "expectedProjects"
  | "ranking"
  | "rubric"
  | "acceptance"
  | "activities"
  | "timezone"
  | "windowDays"
>;

/** Null when the id is taken. */
export async function insertCampaign(db: D1Database, campaign: NewCampaign): Promise<Campaign | null> {
  const now = nowIso();
  try {
    await db
      .prepare(
        `INSERT INTO campaigns (id, name, year, expected_projects, ranking, rubric, acceptance, activities,
          timezone, window_days, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .bind(
        campaign.id,
        campaign.name,
        campaign.year,
        campaign.expectedProjects,
        campaign.ranking,
        JSON.stringify(campaign.rubric),
        campaign.acceptance,
        campaign.activities,
        campaign.timezone,
        campaign.windowDays,
        now,
        now,
      )
      .run();
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
  return { ...campaign, createdAt: now, updatedAt: now };
}

export type CampaignPatch = Partial<Omit<NewCampaign, "id">>;

/** Null when there is no such campaign. */
export async function updateCampaign(
  db: D1Database,
  id: string,
  patch: CampaignPatch,
): Promise<Campaign | null> {
  const sets: string[] = [];
  const values: (string | number | null)[] = [];
  const set = (column: string, value: string | number | null) => {
    sets.push(`${column} = ?`);
    values.push(value);
  };
  if (patch.name !== undefined) set("name", patch.name);
  if (patch.year !== undefined) set("year", patch.year);
  if (patch.expectedProjects !== undefined) set("expected_projects", patch.expectedProjects);
  if (patch.ranking !== undefined) set("ranking", patch.ranking);
  if (patch.rubric !== undefined) set("rubric", JSON.stringify(patch.rubric));
  if (patch.acceptance !== undefined) set("acceptance", patch.acceptance);
  if (patch.activities !== undefined) set("activities", patch.activities);
  if (patch.timezone !== undefined) set("timezone", patch.timezone);
  if (patch.windowDays !== undefined) set("window_days", patch.windowDays);
  sets.push("updated_at = ?");
  values.push(nowIso());
  const row = await db
    .prepare(`UPDATE campaigns SET ${sets.join(", ")} WHERE id = ? RETURNING *`)
    .bind(...values, id)
    .first<CampaignRow>();
  return row ? fromRow(row) : null;
}
