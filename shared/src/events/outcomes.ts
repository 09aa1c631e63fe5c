/**
 * What happened to a query: a closed set that the agent's answers carry and events, metrics,
 * incidents and reports read. The hub's wire schema accepts exactly these.
 */
export const OUTCOMES = ["resolved", "cached", "blocked", "safesearch", "circumvention", "error"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export function isOutcome(value: string): value is Outcome {
  return (OUTCOMES as readonly string[]).includes(value);
}
