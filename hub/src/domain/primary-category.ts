/**
 * The one category an event is counted under in the rollups and reports: the first category that
 * blocked (or flagged) it, or for an allowed lookup its first monitored category; "" for none.
 * The migration that fills the rollups and RollupStore.rebuildFromEvents apply the same rule in SQL.
 */
export function primaryCategory(event: {
  outcome: string;
  categories: readonly string[];
  monitored: readonly string[];
}): string {
  return (event.outcome === "resolved" || event.outcome === "cached" ? event.monitored[0] : event.categories[0]) ?? "";
}
