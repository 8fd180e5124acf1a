/** Scoring by the rubric (docs/rubric.md): full precision here, rounding only for display. */
import { compareIso } from "./dates.ts";
import { parseDeadline } from "./deadline.ts";
import type { ActivityRow, LandmarkRow } from "./extract.ts";
import type { Star } from "./lexicon.ts";
import { type Rubric, rubricMax, starsFor } from "./rubric-default.ts";
import { type Project, projectKey } from "./rules.ts";
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

/** A claim's state once the campaign office has looked at it (docs/rubric.md, "Verified scoring"). */
export type VerifiedState = "accepted" | "pending" | "returned";
export const verifiedStates: readonly VerifiedState[] = ["accepted", "pending", "returned"];

/**
 * How a list is scored besides its rubric — the hooks through which the server scores what was
 * verified rather than what was claimed (docs/rubric.md):
 *
 * - `expected`: the campaign's expected project count E; each project is worth points / max(N, E),
 *   so missing projects earn zero. Absent or null: E = N (plain `juxing validate`).
 * - `verified`: under `acceptance: "reviewed"`, each claim's verified state by its project key
 *   (`projectKey`); the claim's delivery factor becomes accepted → statusFactor.accepted, pending →
 *   review.pendingFactor, returned → review.returnedFactor. Absent: the workbook taken at its word.
 * - `activities`: the activities component's points computed elsewhere (judged events, under
 *   `activities: "judged"`), replacing the mean of the workbook's own 亮晒比评 rows.
 */
export interface ScoreOptions {
  expected?: number | null;
  verified?: (projectKey: string) => VerifiedState;
  activities?: number;
}

/** A claim: a project its branch reports done or accepted (已完成 / 已验收), which the office verifies. */
export function isClaim(project: Pick<Project, "status">): boolean {
  return project.status === "done" || project.status === "accepted";
}

/**
 * What one project earns: clarity always counts, delivery by status (or, for a claim, by its
 * verified state when one is given), halved when overdue, capped without evidence.
 */
export function projectPoints(
  project: Project,
  perProject: number,
  rubric: Rubric,
  state?: VerifiedState,
): number {
  if (!project.category) return 0;
  const r = rubric.projects;
  const clarity =
    (project.clear.owner ? r.clarity.owner : 0) +
    (project.clear.deadline ? r.clarity.deadline : 0) +
    (project.clear.target ? r.clarity.target : 0);
  let factor: number;
  if (state && isClaim(project)) {
    factor =
      state === "accepted"
        ? r.statusFactor.accepted
        : state === "returned"
          ? rubric.review.returnedFactor
          : rubric.review.pendingFactor;
  } else if (project.status === "in-progress") {
    factor =
      project.progress === null ? r.inProgress.withoutProgress : Math.min(project.progress, r.inProgress.cap);
  } else {
    factor = r.statusFactor[project.status];
  }
  if (project.overdue) factor *= r.overdueFactor;
  if (isClaim(project) && !project.hasEvidence) factor = Math.min(factor, r.noEvidenceCap);
  return perProject * (clarity + r.delivery * factor);
}

/** The share of one project: points / max(N, E). No projects → 0, never NaN. */
export function perProjectPoints(count: number, rubric: Rubric, expected?: number | null): number {
  const shares = Math.max(count, expected ?? count);
  return shares > 0 ? rubric.projects.points / shares : 0;
}

/**
 * A claim's points as claimed and in each verified state: what the server stores beside a
 * submission so that a review moves the score without scoring the list again.
 */
export function claimPoints(
  project: Project,
  perProject: number,
  rubric: Rubric,
): { self: number } & Record<VerifiedState, number> {
  return {
    self: projectPoints(project, perProject, rubric),
    accepted: projectPoints(project, perProject, rubric, "accepted"),
    pending: projectPoints(project, perProject, rubric, "pending"),
    returned: projectPoints(project, perProject, rubric, "returned"),
  };
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
  options: ScoreOptions = {},
): Score {
  const n = projects.length;
  const perProject = perProjectPoints(n, rubric, options.expected);
  const { verified } = options;
  const byCategory: Score["byCategory"] = { model: 0, service: 0, vanguard: 0, activities: 0, landmark: 0 };
  let clear = 0;
  let completed = 0;
  let overdue = 0;
  for (const project of projects) {
    if (project.category) {
      const state = verified && isClaim(project) ? verified(projectKey(project.name)) : undefined;
      byCategory[project.category] += projectPoints(project, perProject, rubric, state);
    }
    if (project.clear.owner && project.clear.deadline && project.clear.target) clear++;
    if (project.status === "done" || project.status === "accepted") completed++;
    if (project.overdue) overdue++;
  }
  byCategory.activities = options.activities ?? activityPoints(activities, ctx.year, ctx.asOf, rubric);
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

/**
 * A stored self-score moved by its claims' verified states and, when given, judged activities:
 * `delta` is, per star, the claims' points in their states minus their points as claimed. The
 * same result as scoring the list again with `verified` (a test holds the two equal), without
 * reading the list.
 */
export function adjustedScore(
  self: Score,
  delta: Partial<Record<Star, number>>,
  rubric: Rubric,
  activities?: number,
): Score {
  const byCategory = {
    ...self.byCategory,
    model: self.byCategory.model + (delta.model ?? 0),
    service: self.byCategory.service + (delta.service ?? 0),
    vanguard: self.byCategory.vanguard + (delta.vanguard ?? 0),
    activities: activities ?? self.byCategory.activities,
  };
  const total = Object.values(byCategory).reduce((a, b) => a + b, 0);
  return { ...self, total, stars: starsFor(total, rubric), byCategory };
}

/** Display rounding: two decimals, never "-0". */
export function round2(value: number): number {
  return Math.round(value * 100) / 100 + 0;
}
