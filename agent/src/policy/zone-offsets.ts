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
  /** A header's six counts (RFC 8536 section 3.1). */
  const counts = (at: number) => {
    const count = (i: number) => view.getUint32(at + 20 + 4 * i);
    return { isut: count(0), isstd: count(1), leap: count(2), time: count(3), type: count(4), char: count(5) };
  };
  const v1 = counts(0);
  const second = 44 + v1.time * 5 + v1.type * 6 + v1.char + v1.leap * 8 + v1.isstd + v1.isut;
  if (!magic(second)) return null;
  const { isut, isstd, leap, time: timecnt, type: typecnt, char: charcnt } = counts(second);
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
      if (timecnt === 0) return fixedAfterLast ? initial : null;
      if (seconds < (transitions[0] as number)) return initial;
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
