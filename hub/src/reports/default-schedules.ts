import type { ReportKind } from "../domain/report-document.ts";
import type { Role } from "../domain/roles.ts";
import type { Term } from "./report-period.ts";

export interface ScheduleSpec {
  kind: ReportKind;
  cron: string;
  roles: Role[];
  sites: string[];
}

/** Who a default schedule is recorded as added by. */
export const DEFAULT_SCHEDULE_AUTHOR = "fenceline (default)";

/**
 * Without term dates the hub counts the usual English terms as autumn (Sep–Dec), spring (Jan–Mar)
 * and summer (Apr–Aug), as report-period.ts does; each termly report runs the morning after one ends.
 */
const USUAL_TERM_ENDS = "0 7 1 1,4,9 *";

/**
 * The termly report's cron expressions: 07:00 the day after each configured term ends (a date
 * each year, one expression per distinct date), or after each usual English term without term dates.
 */
export function termEndCrons(terms: readonly Term[]): string[] {
  if (terms.length === 0) return [USUAL_TERM_ENDS];
  const crons = terms.map((term) => {
    const [y, m, d] = term.to.split("-").map(Number) as [number, number, number];
    const next = new Date(Date.UTC(y, m - 1, d + 1));
    return `0 7 ${next.getUTCDate()} ${next.getUTCMonth() + 1} *`;
  });
  return [...new Set(crons)];
}

/**
 * The reports a new site gets: the weekly ICT report (Monday 07:00 to ICT), the DSL digest
 * (Monday 07:30 to the DSL and deputies), the termly report at each term's end (to the DSLs: it
 * holds cases) and the board's quarterly report (first Monday of Jan, Apr, Jul and Oct, 08:00).
 * Times are in the site's zone.
 */
export function defaultSchedules(siteId: string, terms: readonly Term[]): ScheduleSpec[] {
  const sites = [siteId];
  return [
    { kind: "weekly-ict", cron: "0 7 * * 1", roles: ["ict-admin"], sites },
    { kind: "dsl-digest", cron: "30 7 * * 1", roles: ["dsl", "deputy-dsl"], sites },
    ...termEndCrons(terms).map(
      (cron): ScheduleSpec => ({ kind: "termly-incidents", cron, roles: ["dsl", "deputy-dsl"], sites }),
    ),
    { kind: "board-quarterly", cron: "0 8 * 1,4,7,10 1#1", roles: ["board"], sites },
  ];
}
