/**
 * The default rubric (docs/rubric.md) as plain data, with what scoring needs of a rubric. Scoring
 * a list never parses a rubric, so this module does not load zod: that is most of what
 * `juxing validate` of one list would otherwise spend loading modules. The schema that checks a
 * campaign's or a file's rubric, filling in these defaults, is `shared/rubric.ts`.
 */
export const defaultRubric = {
  projects: {
    points: 80,
    clarity: { owner: 0.1, deadline: 0.1, target: 0.1 },
    delivery: 0.7,
    statusFactor: { accepted: 1, done: 0.9, "not-started": 0, unknown: 0 },
    inProgress: { cap: 0.8, withoutProgress: 0.4 },
    overdueFactor: 0.5,
    noEvidenceCap: 0.5,
  },
  /** Under `acceptance: "reviewed"`: a pending claim's and a returned claim's delivery factor. */
  review: { pendingFactor: 0.8, returnedFactor: 0.4 },
  activities: { points: 10 },
  landmark: { points: 10, items: 4 },
  stars: [
    { min: 95, stars: 5 },
    { min: 85, stars: 4 },
    { min: 75, stars: 3 },
    { min: 65, stars: 2 },
    { min: 60, stars: 1 },
  ],
};

/** A whole rubric: every part present (the schema in `shared/rubric.ts` outputs exactly this). */
export type Rubric = typeof defaultRubric;

export function rubricMax(rubric: Rubric): number {
  return rubric.projects.points + rubric.activities.points + rubric.landmark.points;
}

export function starsFor(total: number, rubric: Rubric): number {
  let best = 0;
  for (const level of rubric.stars) if (total >= level.min - 1e-9 && level.stars > best) best = level.stars;
  return best;
}
