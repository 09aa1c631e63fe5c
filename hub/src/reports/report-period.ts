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
const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d = 1) => new Date(Date.UTC(y, m, d));

/** The term containing `at`, from the configured dates, or the usual English terms when none are set. */
export function termAt(terms: readonly Term[], at: Date): Period {
  const configured = terms.find((t) => Date.parse(t.from) <= at.getTime() && at.getTime() < Date.parse(t.to) + DAY);
  if (configured)
    return { from: new Date(configured.from), to: new Date(Date.parse(configured.to) + DAY), label: configured.name };
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  if (m >= 8) return { from: utc(y, 8), to: utc(y + 1, 0), label: `Autumn term ${y}` };
  if (m < 3) return { from: utc(y, 0), to: utc(y, 3), label: `Spring term ${y}` };
  return { from: utc(y, 3), to: utc(y, 8), label: `Summer term ${y}` };
}

/** The period a report covers by default, ending at `at`: the week, term, quarter or academic year just gone. */
export function defaultPeriod(kind: ReportKind, at: Date, terms: readonly Term[]): Period {
  const today = utc(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  if (kind === "weekly-ict" || kind === "dsl-digest") {
    const from = new Date(today.getTime() - 7 * DAY);
    return { from, to: today, label: `week ${iso(from)} to ${iso(new Date(today.getTime() - DAY))}` };
  }
  if (kind === "termly-incidents") return termAt(terms, new Date(today.getTime() - DAY));
  if (kind === "board-quarterly") {
    const q = Math.floor(today.getUTCMonth() / 3);
    const to = utc(today.getUTCFullYear(), q * 3);
    const from = utc(to.getUTCFullYear(), to.getUTCMonth() - 3);
    return { from, to, label: `quarter ${iso(from)} to ${iso(new Date(to.getTime() - DAY))}` };
  }
  // The academic year (September to August) that yesterday falls in, up to today if it is not over.
  const yesterday = new Date(today.getTime() - DAY);
  const startYear = yesterday.getUTCMonth() >= 8 ? yesterday.getUTCFullYear() : yesterday.getUTCFullYear() - 1;
  const from = utc(startYear, 8);
  const end = utc(startYear + 1, 8);
  const to = end.getTime() < today.getTime() ? end : today;
  return { from, to, label: `academic year ${startYear}/${String(startYear + 1).slice(2)}` };
}

/** The period of the same length just before: for trends. */
export function previousPeriod(period: Period, terms: readonly Term[], kind: ReportKind): Period {
  if (kind === "termly-incidents") {
    const before = termAt(terms, new Date(period.from.getTime() - DAY));
    return before;
  }
  const length = period.to.getTime() - period.from.getTime();
  return { from: new Date(period.from.getTime() - length), to: period.from, label: "the period before" };
}

export function parsePeriod(from: string, to: string): Period {
  const start = new Date(from);
  const end = new Date(to);
  return { from: start, to: end, label: `${iso(start)} to ${iso(new Date(end.getTime() - 1))}` };
}
