import { DEFAULT_TIME_ZONE, formatLocalDate, localToUtc } from "../domain/local-time.ts";
import type { ReportKind } from "../domain/report-document.ts";

export interface Period {
  from: Date;
  to: Date;
  label: string;
}

export interface Term {
  name: string;
  from: string;
  to: string;
}

const DAY = 86_400_000;

/**
 * Periods run from local midnight to local midnight in the report's zone: a July week starts at
 * 00:00 BST (23:00 UTC the day before), as the people reading it count days. `local(y, m, d)` is
 * that midnight (months from 0, days past the month's end roll over); `dateOf` the local date.
 */
function calendar(zone: string) {
  const local = (y: number, m: number, d = 1) => {
    const date = new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);
    return new Date(localToUtc(`${date}T00:00`, zone) ?? `${date}T00:00:00Z`);
  };
  const dateOf = (at: Date) => formatLocalDate(at.toISOString(), zone);
  return { local, dateOf, dayBefore: (at: Date) => dateOf(new Date(at.getTime() - 1)) };
}

/** The term containing `at`, from the configured dates, or the usual English terms when none are set. */
function termAt(terms: readonly Term[], at: Date, zone: string): Period {
  const { local, dateOf } = calendar(zone);
  const [y, m, d] = dateOf(at).split("-").map(Number) as [number, number, number];
  const day = local(y, m - 1, d);
  const configured = terms.find((t) => {
    const [fy, fm, fd] = t.from.split("-").map(Number) as [number, number, number];
    const [ty, tm, td] = t.to.split("-").map(Number) as [number, number, number];
    return local(fy, fm - 1, fd) <= day && day < local(ty, tm - 1, td + 1);
  });
  if (configured) {
    const [fy, fm, fd] = configured.from.split("-").map(Number) as [number, number, number];
    const [ty, tm, td] = configured.to.split("-").map(Number) as [number, number, number];
    return { from: local(fy, fm - 1, fd), to: local(ty, tm - 1, td + 1), label: configured.name };
  }
  if (m - 1 >= 8) return { from: local(y, 8), to: local(y + 1, 0), label: `Autumn term ${y}` };
  if (m - 1 < 3) return { from: local(y, 0), to: local(y, 3), label: `Spring term ${y}` };
  return { from: local(y, 3), to: local(y, 8), label: `Summer term ${y}` };
}

/**
 * The period a report covers by default, ending at the start of `at`'s day in `zone`: the week,
 * term, quarter or academic year just gone.
 */
export function defaultPeriod(kind: ReportKind, at: Date, terms: readonly Term[], zone = DEFAULT_TIME_ZONE): Period {
  const { local, dateOf, dayBefore } = calendar(zone);
  const [y, m, d] = dateOf(at).split("-").map(Number) as [number, number, number];
  const today = local(y, m - 1, d);
  if (kind === "weekly-ict" || kind === "dsl-digest") {
    const from = local(y, m - 1, d - 7);
    return { from, to: today, label: `week ${dateOf(from)} to ${dayBefore(today)}` };
  }
  if (kind === "termly-incidents") return termAt(terms, new Date(today.getTime() - 1), zone);
  if (kind === "board-quarterly") {
    const q = Math.floor((m - 1) / 3);
    const to = local(y, q * 3);
    const from = local(y, q * 3 - 3);
    return { from, to, label: `quarter ${dateOf(from)} to ${dayBefore(to)}` };
  }
  // The academic year (September to August) that yesterday falls in, up to today if it is not over.
  const [yy, ym] = dayBefore(today).split("-").map(Number) as [number, number];
  const startYear = ym - 1 >= 8 ? yy : yy - 1;
  const from = local(startYear, 8);
  const end = local(startYear + 1, 8);
  const to = end.getTime() < today.getTime() ? end : today;
  return { from, to, label: `academic year ${startYear}/${String(startYear + 1).slice(2)}` };
}

/** The period of the same length just before: for trends. */
export function previousPeriod(
  period: Period,
  terms: readonly Term[],
  kind: ReportKind,
  zone = DEFAULT_TIME_ZONE,
): Period {
  if (kind === "termly-incidents") return termAt(terms, new Date(period.from.getTime() - DAY), zone);
  const length = period.to.getTime() - period.from.getTime();
  return { from: new Date(period.from.getTime() - length), to: period.from, label: "the period before" };
}

/** A period typed as dates ("2026-06-29") starts and ends at local midnight in `zone`; a time with its offset is kept as given. */
export function parsePeriod(from: string, to: string, zone = DEFAULT_TIME_ZONE): Period {
  const { dateOf, dayBefore } = calendar(zone);
  const instant = (value: string) =>
    new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? (localToUtc(`${value}T00:00`, zone) ?? value) : value);
  const start = instant(from);
  const end = instant(to);
  return { from: start, to: end, label: `${dateOf(start)} to ${dayBefore(end)}` };
}
