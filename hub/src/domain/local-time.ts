/**
 * Times a person reads, in a site's time zone and labelled with the zone's short name
 * ("2026-07-01 10:30 BST"). Stored times stay UTC ISO strings; only display converts.
 * Records may go to the police, so an unlabelled UTC time an hour off UK time is not acceptable.
 */

/** The zone used when a site sets none: Fenceline is a UK product. */
export const DEFAULT_TIME_ZONE = "Europe/London";

/** A site's labelled wall-clock time. */
const LABELLED_TIME: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZoneName: "short",
};

const formatters = new WeakMap<Intl.DateTimeFormatOptions, Map<string, Intl.DateTimeFormat>>();

/**
 * The en-GB formatter of `options` (a module's constant) in `timeZone`, made once: making one costs
 * far more than using it. Throws for an unknown zone, as the constructor does.
 */
export function zoneFormatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let byZone = formatters.get(options);
  if (!byZone) {
    byZone = new Map();
    formatters.set(options, byZone);
  }
  let f = byZone.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { ...options, timeZone });
    byZone.set(timeZone, f);
  }
  return f;
}

const formatterFor = (timeZone: string) => zoneFormatter(timeZone, LABELLED_TIME);

function parts(iso: string, timeZone: string): Record<string, string> | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  let f: Intl.DateTimeFormat;
  try {
    f = formatterFor(timeZone);
  } catch {
    f = formatterFor(DEFAULT_TIME_ZONE); // an unknown zone must not break a page or a report
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(date)) out[p.type] = p.value;
  return out;
}

/** "2026-07-01 10:30 BST" for 2026-07-01T09:30Z in Europe/London; "–" when there is no time. */
export function formatLocalTime(iso: string | null | undefined, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (!iso) return "–";
  const p = parts(iso, timeZone);
  if (!p) return iso;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/**
 * A UTC instant as a datetime-local input's value on the site's wall clock ("2026-07-01T10:30"
 * for 09:30Z in Europe/London): what `localToUtc` turns back into the instant; "" for no time.
 */
export function localInputValue(iso: string | Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  const text = typeof iso === "string" ? iso : Number.isNaN(iso.getTime()) ? "" : iso.toISOString();
  const p = text ? parts(text, timeZone) : null;
  return p ? `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}` : "";
}

/** "2026-07-01": the local calendar date, for report periods. */
export function formatLocalDate(iso: string | null | undefined, timeZone: string = DEFAULT_TIME_ZONE): string {
  if (!iso) return "–";
  const p = parts(iso, timeZone);
  if (!p) return iso;
  return `${p.year}-${p.month}-${p.day}`;
}

/**
 * A site's zone: its policy's `timezone` (checked when the policy is saved), else Europe/London.
 * The policy is the one source; the alerting settings' zone only decides office hours.
 */
export function timeZoneOfPolicy(policy: unknown): string {
  const zone = (policy as { timezone?: unknown } | null)?.timezone;
  return typeof zone === "string" && zone !== "" ? zone : DEFAULT_TIME_ZONE;
}

/** The zone's offset from UTC at `at`, in minutes (60 for BST). */
function offsetMinutes(at: number, timeZone: string): number {
  const p = parts(new Date(at).toISOString(), timeZone);
  if (!p) return 0;
  const n = (type: string) => Number(p[type]);
  const wall = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"));
  return Math.round((wall - Math.floor(at / 60_000) * 60_000) / 60_000);
}

/**
 * "2026-07-01T10:30" as a person typed it, in the site's zone, to the UTC instant
 * ("2026-07-01T09:30:00.000Z"); null when it is not a date and time. A time the clocks skip
 * resolves to the offset before the change.
 */
export function localToUtc(local: string, timeZone: string = DEFAULT_TIME_ZONE): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  const back = new Date(wall);
  if (back.getUTCMonth() + 1 !== +m[2]! || back.getUTCDate() !== +m[3]! || back.getUTCHours() !== +m[4]!) return null;
  const first = wall - offsetMinutes(wall, timeZone) * 60_000;
  const utc = wall - offsetMinutes(first, timeZone) * 60_000;
  return new Date(utc).toISOString();
}
