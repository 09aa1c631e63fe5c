import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A time zone's UTC offsets through time, as the system's time zone database records them. */
export interface ZoneOffsets {
  /** The zone's UTC offset in seconds at `at` (ms since the epoch), or null past what the file spells out. */
  offsetAt(at: number): number | null;
}

/** Zone names as the tz database spells them: no "..", nothing outside its folder. */
const ZONE_NAME = /^[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)*$/;

/**
 * The offsets of `timeZone` from its file in the system's tz database (TZDIR, else
 * /usr/share/zoneinfo; Debian's tzdata), or null when there is none or it cannot be read.
 * Reading the file keeps the agent off ICU's `Intl.DateTimeFormat`, which costs some 8 MB of
 * resident memory the moment it is built; a few kilobytes of transitions do the same job.
 */
export function systemZoneOffsets(
  timeZone: string,
  dir = process.env.TZDIR || "/usr/share/zoneinfo",
): ZoneOffsets | null {
  if (!ZONE_NAME.test(timeZone)) return null;
  try {
    return parseTzif(readFileSync(join(dir, timeZone)));
  } catch {
    return null;
  }
}

/**
 * Reads a TZif file (RFC 8536), version 2 or later: its 64-bit transitions and their offsets.
 * Past the last transition the footer's rule holds: a fixed offset is answered, a rule with
 * summer time is not (null), and the caller asks ICU instead. Debian's files list transitions
 * up to 2037; "slim" files elsewhere stop earlier, and their zones fall back sooner.
 */
export function parseTzif(bytes: Uint8Array): ZoneOffsets | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = (at: number) => view.byteLength >= at + 44 && view.getUint32(at) === 0x545a6966; // "TZif"
  if (!magic(0) || bytes[4] === 0) return null;
  const counts = (at: number) => Array.from({ length: 6 }, (_, i) => view.getUint32(at + 20 + 4 * i));
  const [isut1, isstd1, leap1, time1, type1, char1] = counts(0) as [number, number, number, number, number, number];
  const second = 44 + time1 * 5 + type1 * 6 + char1 + leap1 * 8 + isstd1 + isut1;
  if (!magic(second)) return null;
  const [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(second) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (typecnt === 0) return null;
  const timesAt = second + 44;
  const indexAt = timesAt + timecnt * 8;
  const typesAt = indexAt + timecnt;
  const footerAt = typesAt + typecnt * 6 + charcnt + leap * 12 + isstd + isut;
  if (footerAt > bytes.length) return null;
  const offsetOfType = (type: number) => (type < typecnt ? view.getInt32(typesAt + type * 6) : Number.NaN);
  const transitions = Array.from({ length: timecnt }, (_, i) => Number(view.getBigInt64(timesAt + i * 8)));
  const offsets = Array.from({ length: timecnt }, (_, i) => offsetOfType(bytes[indexAt + i] as number));
  if (offsets.some(Number.isNaN)) return null;
  const footer = Buffer.from(bytes.subarray(footerAt)).toString("latin1").trim();
  // A footer rule with a comma changes offset every year; without one the zone keeps its last offset.
  const fixedAfterLast = footer !== "" && !footer.includes(",");
  const initial = offsetOfType(0);
  return {
    offsetAt(at) {
      const seconds = Math.floor(at / 1000);
      if (timecnt === 0 || seconds < (transitions[0] as number))
        return timecnt === 0 && !fixedAfterLast ? null : initial;
      if (seconds >= (transitions[timecnt - 1] as number) && !fixedAfterLast) return null;
      let low = 0;
      let high = timecnt - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if ((transitions[middle] as number) <= seconds) low = middle;
        else high = middle - 1;
      }
      return offsets[low] as number;
    },
  };
}
