/**
 * The rubric is data: the campaign's lives on the server and every client scores with it.
 * Defaults are docs/rubric.md; a partial rubric fills in the rest. Unknown keys are refused, naming the
 * key: a typo such as `pionts` must not silently leave the default in place.
 */
import * as z from "zod";

const fraction = z.number().min(0).max(1);
const points = z.number().min(0).max(1000);

export const rubricSchema = z.strictObject({
  projects: z
    .strictObject({
      points: points.default(80),
      clarity: z
        .strictObject({
          owner: fraction.default(0.1),
          deadline: fraction.default(0.1),
          target: fraction.default(0.1),
        })
        .prefault({}),
      delivery: fraction.default(0.7),
      statusFactor: z
        .strictObject({
          accepted: fraction.default(1),
          done: fraction.default(0.9),
          "not-started": fraction.default(0),
          unknown: fraction.default(0),
        })
        .prefault({}),
      inProgress: z
        .strictObject({ cap: fraction.default(0.8), withoutProgress: fraction.default(0.4) })
        .prefault({}),
      overdueFactor: fraction.default(0.5),
      noEvidenceCap: fraction.default(0.5),
    })
    .prefault({}),
  activities: z.strictObject({ points: points.default(10) }).prefault({}),
  landmark: z
    .strictObject({ points: points.default(10), items: z.number().int().min(1).max(20).default(4) })
    .prefault({}),
  stars: z
    .array(z.strictObject({ min: z.number().min(0), stars: z.number().int().min(1).max(5) }))
    .max(5)
    .default([
      { min: 95, stars: 5 },
      { min: 85, stars: 4 },
      { min: 75, stars: 3 },
      { min: 65, stars: 2 },
      { min: 60, stars: 1 },
    ]),
});

export type Rubric = z.output<typeof rubricSchema>;
export type RubricInput = z.input<typeof rubricSchema>;

export const defaultRubric: Rubric = rubricSchema.parse({});

export function rubricMax(rubric: Rubric): number {
  return rubric.projects.points + rubric.activities.points + rubric.landmark.points;
}

export function starsFor(total: number, rubric: Rubric): number {
  let best = 0;
  for (const level of rubric.stars) if (total >= level.min - 1e-9 && level.stars > best) best = level.stars;
  return best;
}
