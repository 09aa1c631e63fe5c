import { WEEKDAYS } from "../config/agent-config.ts";
import { systemZoneOffsets, type ZoneOffsets } from "./zone-offsets.ts";

/** Day of week (0 = Monday) and minute of day at a site, in its time zone. */
export interface SiteTime {
  day: number;
  minute: number;
}

/**
 * Reads the site's local time: from the system's tz database when it has the zone (no ICU, see
 * zone-offsets.ts), else, or past the dates the file lists, from one `Intl.DateTimeFormat` built
 * the first time it is needed.
 */
export function siteClock(
  timeZone: string,
  zones: ZoneOffsets | null = systemZoneOffsets(timeZone),
): (at: number) => SiteTime {
  let intl: ((at: number) => SiteTime) | null = null;
  return (at) => {
    const offset = zones?.offsetAt(at);
    if (offset === undefined || offset === null) {
      intl ??= intlClock(timeZone);
      return intl(at);
    }
    const local = new Date(at + offset * 1000);
    return { day: (local.getUTCDay() + 6) % 7, minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
  };
}

/** Local time by ICU. */
export function intlClock(timeZone: string): (at: number) => SiteTime {
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  return (at) => {
    let day = 0;
    let hour = 0;
    let minute = 0;
    for (const part of format.formatToParts(at)) {
      if (part.type === "weekday")
        day = WEEKDAYS.indexOf(part.value.toLowerCase().slice(0, 3) as (typeof WEEKDAYS)[number]);
      else if (part.type === "hour") hour = Number(part.value);
      else if (part.type === "minute") minute = Number(part.value);
    }
    return { day, minute: hour * 60 + minute };
  };
}

/**
 * Whether a window that opens at `from` on each of `days` and closes at `to` (minutes of the day)
 * is open at `now`. A window whose `to` is not after `from` runs past midnight into the next day.
 */
export function windowOpen(days: readonly number[], from: number, to: number, now: SiteTime): boolean {
  if (from < to) return days.includes(now.day) && now.minute >= from && now.minute < to;
  if (days.includes(now.day) && now.minute >= from) return true;
  const yesterday = (now.day + 6) % 7;
  return days.includes(yesterday) && now.minute < to;
}

export function minuteOfDay(clock: string): number {
  const [hours, minutes] = clock.split(":").map(Number) as [number, number];
  return hours * 60 + minutes;
}
