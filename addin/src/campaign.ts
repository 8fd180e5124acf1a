/**
 * The campaign's rubric and project count (`GET /api/v1/campaigns/:id`, SPEC §4, §5.2): every
 * branch scores with the same rules. The last good answer is cached in browser storage so that
 * Validate offline still uses the campaign's rubric.
 */
import { type Rubric, rubricSchema } from "../../shared/rubric.ts";
import type { FetchLike, KeyValueStorage } from "./outbox.ts";

export interface CampaignInfo {
  id: string;
  name: string;
  year: number;
  expectedProjects: number | null;
  rubric: Rubric;
  ranking: string;
}

export interface CachedCampaign extends CampaignInfo {
  server: string;
  fetchedAt: number;
}

export type CampaignFailure =
  | { kind: "network" }
  | { kind: "status"; status: number; message: string | null }
  | { kind: "invalid" };

export class CampaignError extends Error {
  readonly failure: CampaignFailure;
  constructor(failure: CampaignFailure) {
    super(failure.kind === "status" ? `HTTP ${failure.status}` : failure.kind);
    this.failure = failure;
  }
}

export function parseCampaign(data: unknown): CampaignInfo | null {
  if (typeof data !== "object" || data === null) return null;
  const d = data as Record<string, unknown>;
  const rubric = rubricSchema.safeParse(d.rubric ?? {});
  if (!rubric.success || typeof d.id !== "string") return null;
  const expected = d.expectedProjects;
  return {
    id: d.id,
    name: typeof d.name === "string" ? d.name : d.id,
    year: typeof d.year === "number" ? d.year : Number.NaN,
    expectedProjects: typeof expected === "number" && Number.isInteger(expected) ? expected : null,
    rubric: rubric.data,
    ranking: typeof d.ranking === "string" ? d.ranking : "dense",
  };
}

export async function fetchCampaign(
  fetcher: FetchLike,
  server: string,
  id: string,
  token: string,
  timeoutMs = 8000,
): Promise<CampaignInfo> {
  let res: Response;
  try {
    res = await fetcher(`${server}/api/v1/campaigns/${encodeURIComponent(id)}`, {
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new CampaignError({ kind: "network" });
  }
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    // handled below
  }
  if (!res.ok) {
    const message = (data as { error?: { message?: unknown } } | null)?.error?.message;
    throw new CampaignError({
      kind: "status",
      status: res.status,
      message: typeof message === "string" ? message : null,
    });
  }
  const campaign = parseCampaign(data);
  if (!campaign) throw new CampaignError({ kind: "invalid" });
  return campaign;
}

export function cacheKey(prefix: string): string {
  return `${prefix}juxing.campaign`;
}

export function readCachedCampaign(
  storage: KeyValueStorage,
  prefix: string,
  server: string,
  id: string,
): CachedCampaign | null {
  try {
    const raw = storage.getItem(cacheKey(prefix));
    if (!raw) return null;
    const data = JSON.parse(raw) as CachedCampaign;
    if (data.server !== server || data.id !== id) return null;
    const parsed = parseCampaign(data);
    return parsed ? { ...parsed, server, fetchedAt: Number(data.fetchedAt) || 0 } : null;
  } catch {
    return null;
  }
}

export function writeCachedCampaign(storage: KeyValueStorage, prefix: string, value: CachedCampaign): void {
  try {
    storage.setItem(cacheKey(prefix), JSON.stringify(value));
  } catch {
    // A cache: losing it only means the default rubric offline.
  }
}
