import type { ReportItem } from "../domain/report-document.ts";
import { type LogIncident, personLabel } from "./incident-log-fields.ts";
import { num, type ReportContext, range, siteDay, siteName, table } from "./report-context.ts";

type Row = Record<string, string | number | null>;

/** The person an incident row names (the report store's columns), or null when the hub did not know them. */
export function personOf(row: Record<string, unknown>): LogIncident["person"] {
  if (row.personName === null || row.personName === undefined) return null;
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return { name: String(row.personName), yearGroup: text(row.yearGroup), tutorGroup: text(row.tutorGroup) };
}

/**
 * Who keeps coming back: people with more than one incident (all their devices counted together),
 * and, where the hub did not know the person, clients by address. Reported concerns are no one's repeat.
 */
export function repeatPeople(incidents: readonly Row[]): [string, number][] {
  const counts = new Map<string, { label: string; n: number }>();
  for (const i of incidents) {
    const person = personOf(i);
    if (!person && !i.clientAddress) continue;
    const key = person ? `person:${i.personId}` : `client:${i.siteId}|${i.clientAddress}`;
    const label = person ? personLabel(person) : `client ${i.clientAddress}`;
    const entry = counts.get(key) ?? { label, n: 0 };
    entry.n += 1;
    counts.set(key, entry);
  }
  return [...counts.values()]
    .filter((entry) => entry.n > 1)
    .sort((a, b) => b.n - a.n || a.label.localeCompare(b.label))
    .map((entry) => [entry.label, entry.n]);
}

/** The DSL digest's watch list: each person with their reason, review date (overdue flagged) and what is new. */
export function watchListTable(ctx: ReportContext): ReportItem {
  const today = (siteId: unknown) => siteDay(ctx, siteId, ctx.now.toISOString());
  const rows = ctx.data.watchList(range(ctx)).map((w) => {
    const overdue = String(w.reviewOn) < today(w.siteId);
    return [
      personOf(w) ? personLabel(personOf(w) as NonNullable<LogIncident["person"]>) : String(w.personId),
      siteName(ctx, w.siteId),
      String(w.reason),
      overdue ? `${w.reviewOn} (overdue)` : String(w.reviewOn),
      num(w.newIncidents),
      num(w.flaggedEvents),
    ];
  });
  return table(
    "People on the watch list",
    ["Person", "Site", "Why watched", "Review on", "New incidents", "Flagged look-ups"],
    rows,
    "No one is on the watch list.",
  );
}
