import { formatLocalDate } from "./local-time.ts";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A period typed in a form as two dates covers the whole "to" day: "1 Dec to 7 Dec" ends at the
 * local midnight that starts 8 Dec. Reports store the end as that exclusive instant, so the form's
 * "to" becomes the day after; anything but a plain date is left as given (and refused later).
 */
export function inclusiveFormPeriod(from: string, to: string): { from: string; to: string } {
  const date = DATE.exec(to);
  if (!date) return { from, to };
  const next = new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]) + 1));
  return { from, to: next.toISOString().slice(0, 10) };
}

/** The last day a period covers, in `zone`: the day before its exclusive end. */
export function lastDayOf(periodTo: string, zone: string): string {
  return formatLocalDate(new Date(Date.parse(periodTo) - 1).toISOString(), zone);
}
