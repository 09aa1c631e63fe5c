import { DEFAULT_TIME_ZONE, localInputValue } from "../../domain/local-time.ts";

export { localInputValue };

/** The local calendar date of an instant, as a date input's value. */
export function localDateValue(iso: string | Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return localInputValue(iso, timeZone).slice(0, 10);
}
