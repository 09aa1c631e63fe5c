/**
 * Grades of concern, most severe first: the order categories are weighed in (the worst decides)
 * and incidents are listed in. The one definition; the other order is derived from it.
 */
export const SEVERITIES_MOST_SEVERE_FIRST = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES_MOST_SEVERE_FIRST)[number];

/** The same grades, lowest first: a grade's index is its rank, so one grade up is one index up. */
export const SEVERITIES_LOWEST_FIRST: readonly Severity[] = [...SEVERITIES_MOST_SEVERE_FIRST].reverse();
