/**
 * How a report's range of hours ("YYYY-MM-DDTHH", [from, to)) is read from the rollups: the
 * calendar months wholly inside it from the monthly rollup, and the hours before and after those
 * months from the hourly one. Without a whole month, every hour is read hourly.
 */
export interface RollupSpans {
  /** Whole months [from, to) ("YYYY-MM"), empty when from = to. */
  months: { from: string; to: string };
  /** Hour spans [from, to) read hourly: before the whole months, and after them. */
  hours: [{ from: string; to: string }, { from: string; to: string }];
}

export function rollupSpans(fromHour: string, toHour: string): RollupSpans {
  const fromMonth = fromHour.slice(0, 7);
  const firstWhole = fromHour === `${fromMonth}-01T00` ? fromMonth : nextMonth(fromMonth);
  const endWhole = toHour.slice(0, 7);
  if (firstWhole >= endWhole)
    return {
      months: { from: firstWhole, to: firstWhole },
      hours: [
        { from: fromHour, to: toHour },
        { from: toHour, to: toHour },
      ],
    };
  return {
    months: { from: firstWhole, to: endWhole },
    hours: [
      { from: fromHour, to: `${firstWhole}-01T00` },
      { from: `${endWhole}-01T00`, to: toHour },
    ],
  };
}

/** The month after `month` ("YYYY-MM"). */
export function nextMonth(month: string): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, "0")}`;
}
