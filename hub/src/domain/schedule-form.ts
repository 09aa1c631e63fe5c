import type { Role } from "./roles.ts";

/** Days of the week as cron numbers them (0 = Sunday), in the order a school week reads. */
export const WEEKDAYS = [
  { day: 1, name: "Monday" },
  { day: 2, name: "Tuesday" },
  { day: 3, name: "Wednesday" },
  { day: 4, name: "Thursday" },
  { day: 5, name: "Friday" },
  { day: 6, name: "Saturday" },
  { day: 0, name: "Sunday" },
] as const;

/** Roles as the schedule form names them. */
export const ROLE_LABELS: Record<Role, string> = {
  "ict-admin": "ICT administrators",
  dsl: "Designated Safeguarding Lead",
  "deputy-dsl": "Deputy DSLs",
  board: "Governors (board)",
  auditor: "Auditors",
  staff: "Staff",
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const ORDINALS = ["", "first", "second", "third", "fourth", "fifth"];

/** A schedule as the form reads it: a time of day, and the weekdays when it is a weekly one. */
export interface ScheduleForm {
  /** "HH:MM", in the site's zone. */
  time: string;
  /** Weekday numbers (0 = Sunday); null when the schedule runs on dates, not weekdays (termly, quarterly). */
  days: number[] | null;
}

interface CronFields {
  minute: number;
  hour: number;
  dayOfMonth: string;
  month: string;
  dayOfWeek: string;
}

/** The five fields of a cron expression whose minute and hour are single numbers; null for anything else. */
function fieldsOf(cron: string): CronFields | null {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5) return null;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = parts as [string, string, string, string, string];
  if (!/^\d{1,2}$/.test(minute) || !/^\d{1,2}$/.test(hour)) return null;
  const m = Number(minute);
  const h = Number(hour);
  if (m > 59 || h > 23) return null;
  return { minute: m, hour: h, dayOfMonth, month, dayOfWeek };
}

/** A plain weekday list ("1", "1,3,5", "1-5", "*"), as numbers; null for "1#1" and the like. */
function weekdaysOf(field: string): number[] | null {
  if (field === "*") return [0, 1, 2, 3, 4, 5, 6];
  const days = new Set<number>();
  for (const part of field.split(",")) {
    const range = /^(\d)(?:-(\d))?$/.exec(part);
    if (!range) return null;
    const from = Number(range[1]);
    const to = Number(range[2] ?? range[1]);
    if (from > 7 || to > 7 || to < from) return null;
    for (let d = from; d <= to; d++) days.add(d % 7);
  }
  return [...days].sort((a, b) => a - b);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The form's reading of a cron expression, or null when only the advanced (cron) view can show it. */
export function cronToForm(cron: string): ScheduleForm | null {
  const fields = fieldsOf(cron);
  if (!fields) return null;
  const time = `${pad(fields.hour)}:${pad(fields.minute)}`;
  if (fields.dayOfMonth === "*" && fields.month === "*") {
    const days = weekdaysOf(fields.dayOfWeek);
    return days ? { time, days } : null;
  }
  return { time, days: null };
}

/**
 * The cron expression for a form: the time replaces the minute and hour of `base`; weekdays, when
 * given, make it a weekly schedule. A schedule on dates (termly, quarterly) keeps its dates.
 */
export function formToCron(form: { time: string; days?: readonly number[] }, base = "0 7 * * 1"): string | null {
  const time = /^(\d{2}):(\d{2})$/.exec(form.time);
  const fields = fieldsOf(base);
  if (!time || !fields) return null;
  const [hour, minute] = [Number(time[1]), Number(time[2])];
  if (hour > 23 || minute > 59) return null;
  if (form.days === undefined) {
    return `${minute} ${hour} ${fields.dayOfMonth} ${fields.month} ${fields.dayOfWeek}`;
  }
  const days = [...new Set(form.days)].filter((d) => Number.isInteger(d) && d >= 0 && d <= 6).sort((a, b) => a - b);
  if (days.length === 0 || days.length !== form.days.length) return null;
  return `${minute} ${hour} * * ${days.length === 7 ? "*" : days.join(",")}`;
}

const dayName = (d: number) => WEEKDAYS.find((w) => w.day === d % 7)?.name ?? String(d);
/** "Monday", "Monday and Friday", "Monday, Wednesday and Friday"; Sunday last, as a school week reads. */
const dayNames = (days: readonly number[]) => {
  const names = [...days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7)).map(dayName);
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
};
const monthNames = (field: string) =>
  field === "*"
    ? "every month"
    : field
        .split(",")
        .map((m) => MONTHS[Number(m) - 1] ?? m)
        .join(", ");

/** The schedule in words: "every Monday at 07:00", "first Monday of Jan, Apr, Jul, Oct at 08:00". */
export function describeCron(cron: string): string {
  const fields = fieldsOf(cron);
  if (!fields) return `cron ${cron}`;
  const at = `at ${pad(fields.hour)}:${pad(fields.minute)}`;
  const { dayOfMonth, month, dayOfWeek } = fields;
  if (dayOfMonth === "*" && month === "*") {
    const days = weekdaysOf(dayOfWeek);
    if (days?.length === 7) return `every day ${at}`;
    if (days) return `every ${dayNames(days)} ${at}`;
  }
  const nth = /^(\d)#(\d)$/.exec(dayOfWeek);
  if (dayOfMonth === "*" && nth)
    return `${ORDINALS[Number(nth[2])]} ${dayName(Number(nth[1]))} of ${monthNames(month)} ${at}`;
  if (dayOfWeek === "*" && /^\d{1,2}(,\d{1,2})*$/.test(dayOfMonth) && /^\d{1,2}(,\d{1,2})*$/.test(month)) {
    const days = dayOfMonth.split(",").join(", ");
    return `on day ${days} of ${monthNames(month)} ${at}`;
  }
  return `cron ${cron}`;
}
