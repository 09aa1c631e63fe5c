import type { ListSource, Taxonomy } from "@fenceline/shared";
import type { CategoryCoverage } from "../domain/coverage.ts";
import { DEFAULT_TIME_ZONE, formatLocalDate, formatLocalTime, timeZoneOfPolicy } from "../domain/local-time.ts";
import type { ReportItem, ReportSection } from "../domain/report-document.ts";
import type { CoverageDays } from "../store/coverage-history-store.ts";
import type { CheckRun } from "../store/filter-check-store.ts";
import type { ReportStore } from "../store/report-store.ts";
import type { ReviewRequest } from "../store/review-request-store.ts";
import type { PreviousReview } from "./carried-review-actions.ts";
import type { Period } from "./report-period.ts";

/** Everything a report builder reads: the data, the scope, the period and the one before it. */
export interface ReportContext {
  data: ReportStore;
  taxonomy: Taxonomy;
  /** The shipped list sources, for category coverage. */
  sources: readonly ListSource[];
  sites: { id: string; name: string }[];
  period: Period;
  previous: Period;
  now: Date;
  staleListsAfterDays: number;
  offlineAfterSeconds: number;
  /** Whether the reader may see individual cases and identities (the DSL's copy). */
  safeguarding: boolean;
  /** Whether the reader is on the route of the site's restricted incidents (concerns about staff), and may see their lines. */
  seesRestricted: (siteId: string) => boolean;
  /** Filled while building: the sites whose restricted lines this copy holds (see restricted-incidents.ts). */
  restrictedShown: Set<string>;
  policies: (siteId: string) => unknown;
  /** Each category at the site as measured now: sources configured, loaded, with entries. */
  coverage: (siteId: string) => CategoryCoverage[];
  auditIntact: () => boolean;
  /** Users by role, for the annual review's list of who holds which role. */
  people: () => { name: string; email: string; role: string; sites: string[] | null }[];
  /** A site's last annual review record before a year, for the actions it carries (carried-review-actions.ts). */
  previousReview: (siteId: string, year: number) => PreviousReview;
  /** Per category, a site's recorded and covered days from one local date to another, both included. */
  coverageDays: (siteId: string, fromDay: string, toDay: string) => CoverageDays[];
  /** A site's review requests made or decided in [from, to). */
  reviewRequests: (siteId: string, from: string, to: string) => ReviewRequest[];
  /** A site's filtering check runs requested in [from, to). */
  filterChecks: (siteId: string, from: string, to: string) => CheckRun[];
}

/** The body of a report: what the builder decides; the service adds the rest. */
export interface ReportBody {
  title: string;
  audience: string;
  introduction: string;
  landscape?: boolean;
  sections: ReportSection[];
}

export function range(ctx: ReportContext, period = ctx.period) {
  return { sites: ctx.sites.map((s) => s.id), from: period.from.toISOString(), to: period.to.toISOString() };
}

export function categoryName(ctx: ReportContext, id: unknown): string {
  if (id === "" || id === null || id === undefined) return "(none)";
  return ctx.taxonomy.byId.get(String(id))?.name ?? String(id);
}

export function siteName(ctx: ReportContext, id: unknown): string {
  return ctx.sites.find((s) => s.id === id)?.name ?? String(id);
}

export const num = (value: unknown): number => Number(value ?? 0);

export function sum(rows: readonly { n?: unknown }[]): number {
  return rows.reduce((total, row) => total + num(row.n), 0);
}

export function table(title: string, columns: string[], rows: (string | number)[][], empty: string): ReportItem {
  return { kind: "table", title, columns, rows, empty };
}

export function bars(
  title: string,
  rows: readonly Record<string, unknown>[],
  label: (key: unknown) => string,
): ReportItem {
  return { kind: "bars", title, data: rows.map((r) => ({ label: label(r.key), value: num(r.n) })) };
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? "–" : `${((100 * part) / whole).toFixed(1)}%`;
}

/** A local calendar date ("2026-07-01"), in the zone given (a site's; else Europe/London). */
export function day(iso: unknown, timeZone: string = DEFAULT_TIME_ZONE): string {
  return iso === null || iso === undefined ? "–" : formatLocalDate(String(iso), timeZone);
}

/** The zone a site's times are read in: its policy's, else Europe/London. */
export function siteZone(ctx: ReportContext, siteId: unknown): string {
  return timeZoneOfPolicy(ctx.policies(String(siteId)));
}

/** A stored UTC time at a site, as its people read it, labelled: "2026-07-01 10:30 BST". */
export function siteTime(ctx: ReportContext, siteId: unknown, iso: unknown): string {
  return iso === null || iso === undefined ? "–" : formatLocalTime(String(iso), siteZone(ctx, siteId));
}

/** A stored UTC time at a site as a local date, for tables that show only the day. */
export function siteDay(ctx: ReportContext, siteId: unknown, iso: unknown): string {
  return day(iso, siteZone(ctx, siteId));
}

/** The report's zone: the one its sites share; Europe/London when they differ (each row is labelled). */
export function reportZone(ctx: ReportContext): string {
  const zones = new Set(ctx.sites.map((s) => siteZone(ctx, s.id)));
  const [only] = zones;
  return zones.size === 1 && only ? only : DEFAULT_TIME_ZONE;
}

/** A time column's header naming its zone, so a CSV says how to read it: "Date (Europe/London)". */
export function timeColumn(ctx: ReportContext, name: string): string {
  const zones = new Set(ctx.sites.map((s) => siteZone(ctx, s.id)));
  return zones.size > 1 ? `${name} (each site's local time)` : `${name} (${reportZone(ctx)})`;
}

export function minutesBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 60_000;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function duration(minutes: number | null): string {
  if (minutes === null) return "–";
  if (minutes < 60) return `${Math.round(minutes)} min`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} h`;
  return `${(minutes / 1440).toFixed(1)} days`;
}

/** The policy changes of the period as a table, each at its site's local day, or minute (labelled). */
export function policyChangesTable(
  ctx: ReportContext,
  changes: readonly Record<string, unknown>[],
  precision: "day" | "minute",
  empty: string,
): ReportItem {
  return table(
    "Policy changes",
    [timeColumn(ctx, "When"), "Site", "By", "Reason"],
    changes.map((c) => [
      precision === "day" ? siteDay(ctx, c.siteId, c.at) : siteTime(ctx, c.siteId, c.at),
      siteName(ctx, c.siteId),
      String(c.changedBy),
      String(c.reason),
    ]),
    empty,
  );
}
