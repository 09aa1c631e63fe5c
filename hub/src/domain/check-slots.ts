import { formatLocalDate, localToUtc } from "./local-time.ts";

/** How far back a scheduled slot is still worth a run: a hub down all day asks for none of the day's. */
export const CHECK_SLOT_WINDOW_MS = 2 * 3_600_000;

/** Weekday (0 = Sunday) of a calendar date "YYYY-MM-DD". */
const weekdayOf = (date: string) => new Date(`${date}T00:00:00.000Z`).getUTCDay();

/**
 * The latest slot of a weekly schedule (weekdays, "HH:MM" on the site's wall clock in `zone`)
 * that has passed at `now` and is no older than `windowMs`, as a UTC ISO time; null when none is.
 * Only the local dates of `now` and of the window's start can hold such a slot.
 */
export function dueCheckSlot(
  schedule: { days: readonly number[]; time: string },
  zone: string,
  now: Date,
  windowMs = CHECK_SLOT_WINDOW_MS,
): string | null {
  const dates = new Set([formatLocalDate(now.toISOString(), zone)]);
  dates.add(formatLocalDate(new Date(now.getTime() - windowMs).toISOString(), zone));
  const slots = [...dates]
    .filter((date) => schedule.days.includes(weekdayOf(date)))
    .map((date) => localToUtc(`${date}T${schedule.time}`, zone))
    .filter((slot): slot is string => slot !== null)
    .filter((slot) => {
      const age = now.getTime() - Date.parse(slot);
      return age >= 0 && age <= windowMs;
    })
    .sort();
  return slots.at(-1) ?? null;
}
