/** Which months of a campaign hold submissions (for the rankings page's default and its menus). */

/** Months (YYYY-MM) with at least one submission from an enabled branch, ascending. */
export async function monthsWithData(db: D1Database, campaign: string): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT DISTINCT s.period FROM submissions s JOIN branches b ON b.code = s.branch AND b.disabled = 0
      WHERE s.campaign = ? ORDER BY s.period`,
    )
    .bind(campaign)
    .all<{ period: string }>();
  return results.map((r) => r.period);
}
