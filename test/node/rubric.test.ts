/** The default rubric is plain data (scoring loads no zod); the schema must fill in exactly it. */
import { describe, expect, it } from "vitest";
import { rubricSchema } from "../../shared/rubric.ts";
import { defaultRubric, rubricMax } from "../../shared/rubric-default.ts";

describe("rubric", () => {
  it("an empty rubric file means the default rubric of docs/rubric.md", () => {
    const parsed = rubricSchema.parse({});
    expect(parsed).toStrictEqual(defaultRubric);
    expect(rubricMax(parsed)).toBe(100);
    expect(parsed.stars.map((level) => level.min)).toEqual([95, 85, 75, 65, 60]);
  });

  it("a partial rubric keeps every default it leaves out, and never shares the default's star levels", () => {
    const parsed = rubricSchema.parse({ projects: { clarity: { owner: 0.2 } }, landmark: { items: 5 } });
    expect(parsed.projects.clarity).toEqual({ ...defaultRubric.projects.clarity, owner: 0.2 });
    expect(parsed.projects.points).toBe(defaultRubric.projects.points);
    expect(parsed.landmark).toEqual({ points: defaultRubric.landmark.points, items: 5 });
    parsed.stars.push({ min: 50, stars: 1 });
    expect(defaultRubric.stars).toHaveLength(5);
  });
});
