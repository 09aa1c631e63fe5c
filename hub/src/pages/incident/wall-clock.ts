import { DEFAULT_TIME_ZONE } from "../../domain/local-time.ts";

/**
 * A UTC instant as a datetime-local input's value on the site's wall clock ("2026-07-01T10:30"
 * for 09:30Z in Europe/London): what `localToUtc` turns back into the instant.
 */
export function localInputValue(iso: string | Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const date = typeof iso === "string" ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return "";
  let format: Intl.DateTimeFormat;
  try {
    format = formatter(timeZone);
  } catch {
    format = formatter(DEFAULT_TIME_ZONE);
  }
  const p: Record<string, string> = {};
  for (const part of format.formatToParts(date)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** The local calendar date of an instant, as a date input's value. */
export function localDateValue(iso: string | Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return localInputValue(iso, timeZone).slice(0, 10);
}

const formatter = (timeZone: string) =>
  new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
