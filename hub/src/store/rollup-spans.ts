/**
 * How a report's range of hours ("YYYY-MM-DDTHH", [from, to)) is read from the rollups: whole
 * calendar months from the monthly rollup, and hour spans from the hourly one, each added or
 * taken away. A month the range covers for the most part is read whole and the hours outside the
 * range taken away (a quarter starting at a British midnight, 23:00 UTC, reads the last hour of the
 * quarter hourly, not its last month); a month it covers for the lesser part is read hourly.
 */
export interface RollupSpans {
  /** Whole months [from, to) ("YYYY-MM"), empty when from = to. */
  months: { from: string; to: string };
  /** Hour spans [from, to), each non-empty, added (sign 1) or taken away (sign -1). */
  hours: HourSpan[];
}

export interface HourSpan {
  from: string;
  to: string;
  sign: 1 | -1;
}

export function rollupSpans(fromHour: string, toHour: string): RollupSpans {
  if (fromHour >= toHour) return { months: { from: fromHour.slice(0, 7), to: fromHour.slice(0, 7) }, hours: [] };
  const first = fromHour.slice(0, 7);
  const last = toHour.slice(0, 7);
  if (first === last && !startsMonth(fromHour) && !startsMonth(toHour)) return withinOneMonth(fromHour, toHour);
  const start = startSide(fromHour, toHour);
  const end = endSide(fromHour, toHour);
  return {
    months: { from: start.month, to: end.month },
    hours: [start.span, end.span].filter((span): span is HourSpan => span !== null),
  };
}

/** Both ends inside one month: that month's hours, or the month with the hours either side taken away. */
function withinOneMonth(fromHour: string, toHour: string): RollupSpans {
  const month = fromHour.slice(0, 7);
  const monthStart = startOf(month);
  const monthEnd = startOf(nextMonth(month));
  const outside = hoursBetween(monthStart, fromHour) + hoursBetween(toHour, monthEnd);
  if (outside >= hoursBetween(fromHour, toHour))
    return { months: { from: month, to: month }, hours: [{ from: fromHour, to: toHour, sign: 1 }] };
  return {
    months: { from: month, to: nextMonth(month) },
    hours: [
      { from: monthStart, to: fromHour, sign: -1 as const },
      { from: toHour, to: monthEnd, sign: -1 as const },
    ].filter((span) => span.from < span.to),
  };
}

/** The first month read whole, and the hours of the range's first month read or taken away. */
function startSide(fromHour: string, toHour: string): { month: string; span: HourSpan | null } {
  const month = fromHour.slice(0, 7);
  if (startsMonth(fromHour)) return { month, span: null };
  const monthEnd = startOf(nextMonth(month));
  const inside = hoursBetween(fromHour, monthEnd < toHour ? monthEnd : toHour);
  if (hoursBetween(startOf(month), fromHour) < inside)
    return { month, span: { from: startOf(month), to: fromHour, sign: -1 } };
  return { month: nextMonth(month), span: { from: fromHour, to: monthEnd, sign: 1 } };
}

/** The month after the last read whole, and the hours of the range's last month read or taken away. */
function endSide(fromHour: string, toHour: string): { month: string; span: HourSpan | null } {
  const month = toHour.slice(0, 7);
  if (startsMonth(toHour)) return { month, span: null };
  const monthEnd = startOf(nextMonth(month));
  const monthStart = startOf(month);
  const inside = hoursBetween(monthStart > fromHour ? monthStart : fromHour, toHour);
  if (hoursBetween(toHour, monthEnd) < inside)
    return { month: nextMonth(month), span: { from: toHour, to: monthEnd, sign: -1 } };
  return { month, span: { from: monthStart, to: toHour, sign: 1 } };
}

const startsMonth = (hour: string) => hour.endsWith("-01T00");
const startOf = (month: string) => `${month}-01T00`;
const hoursBetween = (from: string, to: string) =>
  (Date.parse(`${to}:00:00Z`) - Date.parse(`${from}:00:00Z`)) / 3_600_000;

/** The month after `month` ("YYYY-MM"). */
export function nextMonth(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, "0")}`;
}
