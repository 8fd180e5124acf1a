/** Scoring by the rubric (docs/rubric.md): full precision here, rounding only for display. */
import { compareIso } from "./dates.ts";
import { parseDeadline } from "./deadline.ts";
import type { ActivityRow, LandmarkRow } from "./extract.ts";
import type { Star } from "./lexicon.ts";
import { type Rubric, rubricMax, starsFor } from "./rubric-default.ts";
import type { Project } from "./rules.ts";
import { parseScoreValue, parseStatus, scalarText } from "./values.ts";

export interface Score {
  total: number;
  max: number;
  stars: number;
  byCategory: Record<Star | "activities" | "landmark", number>;
  clarityRate: number;
  completionRate: number;
  overdue: number;
}

/** What one project earns: clarity always counts, delivery by status, halved when overdue. */
export function projectPoints(project: Project, perProject: number, rubric: Rubric): number {
  if (!project.category) return 0;
  const r = rubric.projects;
  const clarity =
    (project.clear.owner ? r.clarity.owner : 0) +
    (project.clear.deadline ? r.clarity.deadline : 0) +
    (project.clear.target ? r.clarity.target : 0);
  let factor: number;
  if (project.status === "in-progress") {
    factor =
      project.progress === null ? r.inProgress.withoutProgress : Math.min(project.progress, r.inProgress.cap);
  } else {
    factor = r.statusFactor[project.status];
  }
  if (project.overdue) factor *= r.overdueFactor;
  if ((project.status === "done" || project.status === "accepted") && !project.hasEvidence) {
    factor = Math.min(factor, r.noEvidenceCap);
  }
  return perProject * (clarity + r.delivery * factor);
}

/** The mean competition score of the campaign year up to the as-of date, scaled to the rubric's points. */
export function activityPoints(rows: ActivityRow[], year: number, asOf: string, rubric: Rubric): number {
  const scores: number[] = [];
  for (const row of rows) {
    const date = parseDeadline(row.values.date ?? null, { year });
    const score = parseScoreValue(row.values.score ?? null);
    if (date.kind !== "date" || score === null || score < 0 || score > 100) continue;
    if (Number(date.date.slice(0, 4)) !== year || compareIso(date.date, asOf) > 0) continue;
    scores.push(score);
  }
  if (scores.length === 0) return 0;
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  return (mean / 100) * rubric.activities.points;
}

/** 四个一: each standard done or accepted with evidence earns its share. */
export function landmarkPoints(rows: LandmarkRow[], rubric: Rubric): number {
  const perItem = rubric.landmark.points / rubric.landmark.items;
  let earned = 0;
  for (const row of rows.slice(0, rubric.landmark.items)) {
    const status = parseStatus(row.values.status ?? null);
    const evidence = scalarText(row.values.evidence ?? null);
    if ((status === "done" || status === "accepted") && evidence) earned += perItem;
  }
  return earned;
}

export function scoreReport(
  projects: Project[],
  activities: ActivityRow[],
  landmark: LandmarkRow[],
  ctx: { year: number; asOf: string },
  rubric: Rubric,
): Score {
  const n = projects.length;
  const perProject = n > 0 ? rubric.projects.points / n : 0;
  const byCategory: Score["byCategory"] = { model: 0, service: 0, vanguard: 0, activities: 0, landmark: 0 };
  let clear = 0;
  let completed = 0;
  let overdue = 0;
  for (const project of projects) {
    if (project.category) byCategory[project.category] += projectPoints(project, perProject, rubric);
    if (project.clear.owner && project.clear.deadline && project.clear.target) clear++;
    if (project.status === "done" || project.status === "accepted") completed++;
    if (project.overdue) overdue++;
  }
  byCategory.activities = activityPoints(activities, ctx.year, ctx.asOf, rubric);
  byCategory.landmark = landmarkPoints(landmark, rubric);
  const total = Object.values(byCategory).reduce((a, b) => a + b, 0);
  return {
    total,
    max: rubricMax(rubric),
    stars: starsFor(total, rubric),
    byCategory,
    clarityRate: n > 0 ? clear / n : 0,
    completionRate: n > 0 ? completed / n : 0,
    overdue,
  };
}

/** Display rounding: two decimals, never "-0". */
export function round2(value: number): number {
  return Math.round(value * 100) / 100 + 0;
}
