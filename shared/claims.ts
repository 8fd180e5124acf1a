/**
 * Claims and their fingerprints (docs/api.md, "Reviews"): a claim is a project its branch reports
 * done or accepted; the office reviews it under its key (the normalized name) and its content hash,
 * so that changing anything the review looked at puts the project back to pending.
 */

import type { Rubric } from "./rubric.ts";
import type { Project } from "./rules.ts";
import { projectKey } from "./rules.ts";
import { claimPoints, isClaim, perProjectPoints, type VerifiedState } from "./score.ts";

export { isClaim, projectKey };

/** What a review looks at, in a fixed order: the fields the content hash covers. */
export function hashedFields(project: Project): (string | number | null)[] {
  return [
    projectKey(project.name),
    project.target,
    project.owner,
    project.deadlineText,
    project.status,
    project.progress,
    project.evidence,
  ];
}

function hex(bytes: ArrayBuffer): string {
  let out = "";
  for (const b of new Uint8Array(bytes)) out += b.toString(16).padStart(2, "0");
  return out;
}

/** SHA-256 (hex) of the project's normalized name, target, owner, deadline text, status, progress and evidence. */
export async function contentHash(project: Project): Promise<string> {
  const text = JSON.stringify(hashedFields(project));
  return hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

export interface Claim {
  /** Position in the list (0-based): two rows may share a key (project.duplicate). */
  index: number;
  key: string;
  contentHash: string;
  project: Project;
  /** Its points as claimed and in each verified state (score.ts, claimPoints). */
  points: { self: number } & Record<VerifiedState, number>;
}

/** The claims of a scored list, with their hashes and points under the rubric and expected count. */
export async function claimsOf(
  projects: Project[],
  rubric: Rubric,
  expected?: number | null,
): Promise<Claim[]> {
  const perProject = perProjectPoints(projects.length, rubric, expected);
  const claims: Claim[] = [];
  for (const [index, project] of projects.entries()) {
    if (!isClaim(project)) continue;
    claims.push({
      index,
      key: projectKey(project.name),
      contentHash: await contentHash(project),
      project,
      points: claimPoints(project, perProject, rubric),
    });
  }
  return claims;
}
