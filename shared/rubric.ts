/**
 * The rubric is data: the campaign's lives on the server and every client scores with it.
 * Defaults are docs/rubric.md (`shared/rubric-default.ts`); a partial rubric fills in the rest.
 * Unknown keys are refused, naming the key: a typo such as `pionts` must not silently leave the
 * default in place.
 */
import * as z from "zod";
import { defaultRubric, type Rubric } from "./rubric-default.ts";

export { defaultRubric, type Rubric, rubricMax, starsFor } from "./rubric-default.ts";

const { projects } = defaultRubric;
const fraction = z.number().min(0).max(1);
const points = z.number().min(0).max(1000);

export const rubricSchema = z.strictObject({
  projects: z
    .strictObject({
      points: points.default(projects.points),
      clarity: z
        .strictObject({
          owner: fraction.default(projects.clarity.owner),
          deadline: fraction.default(projects.clarity.deadline),
          target: fraction.default(projects.clarity.target),
        })
        .prefault({}),
      delivery: fraction.default(projects.delivery),
      statusFactor: z
        .strictObject({
          accepted: fraction.default(projects.statusFactor.accepted),
          done: fraction.default(projects.statusFactor.done),
          "not-started": fraction.default(projects.statusFactor["not-started"]),
          unknown: fraction.default(projects.statusFactor.unknown),
        })
        .prefault({}),
      inProgress: z
        .strictObject({
          cap: fraction.default(projects.inProgress.cap),
          withoutProgress: fraction.default(projects.inProgress.withoutProgress),
        })
        .prefault({}),
      overdueFactor: fraction.default(projects.overdueFactor),
      noEvidenceCap: fraction.default(projects.noEvidenceCap),
    })
    .prefault({}),
  /**
   * Under a campaign's `acceptance: "reviewed"`, a claim's delivery factor by its verified state
   * (accepted → statusFactor.accepted); docs/rubric.md.
   */
  review: z
    .strictObject({
      pendingFactor: fraction.default(defaultRubric.review.pendingFactor),
      returnedFactor: fraction.default(defaultRubric.review.returnedFactor),
    })
    .prefault({}),
  activities: z.strictObject({ points: points.default(defaultRubric.activities.points) }).prefault({}),
  landmark: z
    .strictObject({
      points: points.default(defaultRubric.landmark.points),
      items: z.number().int().min(1).max(20).default(defaultRubric.landmark.items),
    })
    .prefault({}),
  stars: z
    .array(z.strictObject({ min: z.number().min(0), stars: z.number().int().min(1).max(5) }))
    .max(5)
    .default(() => defaultRubric.stars.map((level) => ({ ...level }))),
});

export type RubricInput = z.input<typeof rubricSchema>;

// The schema's output is exactly the default rubric's shape: a part added to one and not the other
// fails to compile here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const outputIsRubric: Same<z.output<typeof rubricSchema>, Rubric> = true;
void outputIsRubric;
