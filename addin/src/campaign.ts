/**
 * The campaign's rubric and project count (`GET /api/v1/campaigns/:id`, docs/rubric.md, docs/api.md): every
 * branch scores with the same rules. The last good answer is cached in browser storage so that
 * Validate offline still uses the campaign's rubric.
 */
import { ApiFailure, apiClient, type FetchLike, systemTimers } from "../../shared/api/client.ts";
import type { KeyValueStorage } from "../../shared/api/outbox.ts";
import { type CampaignAnswer, campaignAnswer } from "../../shared/api/schemas.ts";

export type CampaignInfo = CampaignAnswer;

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

/** The campaign's answer (or a cached copy of it) read with the API's schema; null when it does not fit. */
export function parseCampaign(data: unknown): CampaignInfo | null {
  const parsed = campaignAnswer.safeParse(data);
  return parsed.success ? parsed.data : null;
}

export async function fetchCampaign(
  fetcher: FetchLike,
  server: string,
  id: string,
  token: string,
  timeoutMs = 8000,
): Promise<CampaignInfo> {
  try {
    return await apiClient({ server, token, fetch: fetcher, timers: systemTimers, timeoutMs }).campaign(id);
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    if (error.kind === "network" || error.kind === "timeout") throw new CampaignError({ kind: "network" });
    if (error.kind === "invalid-answer") throw new CampaignError({ kind: "invalid" });
    throw new CampaignError({ kind: "status", status: error.status ?? 0, message: error.serverMessage });
  }
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
