import { homeSlot } from "./label-hash.ts";

/**
 * The compiled suffix table: Robin Hood open addressing over one Int32Array of two words a slot,
 * `[fingerprint (lane B), probeDistance << 24 | value]`. Distance is 1-based, so a zero second
 * word is an empty slot; `value` is the entry's rule-set id. Robin Hood order lets a miss stop as soon as it meets a richer slot, which keeps
 * misses (most lookups) short at high load. Immutable once built.
 */
export class SuffixTable {
  readonly slots: Int32Array;
  readonly capacity: number;

  constructor(slots: Int32Array) {
    this.slots = slots;
    this.capacity = slots.length >>> 1;
  }

  /** The value stored for the suffix hashed to (a, b), or -1 when the table does not hold it. */
  find(a: number, b: number): number {
    const slots = this.slots;
    const capacity = this.capacity;
    let i = homeSlot(a, capacity);
    for (let d = 1; ; d++) {
      const meta = slots[2 * i + 1] as number;
      const distance = meta >>> 24;
      if (distance < d) return -1;
      if (distance === d && slots[2 * i] === b) return meta & 0xffffff;
      if (++i === capacity) i = 0;
    }
  }

  /** Bytes held by the table. */
  get byteLength(): number {
    return this.slots.byteLength;
  }
}

export const MAX_PROBE_DISTANCE = 255;
export const MAX_VALUE = 0xffffff;

/**
 * Lays out (a, b, value) triples as a SuffixTable with `capacity` slots, or returns null when
 * some key would sit further than MAX_PROBE_DISTANCE from home (the caller grows and retries).
 */
export function layOutSuffixTable(
  keysA: Int32Array,
  keysB: Int32Array,
  values: Int32Array,
  count: number,
  capacity: number,
): SuffixTable | null {
  const slots = new Int32Array(2 * capacity);
  for (let k = 0; k < count; k++) {
    let b = keysB[k] as number;
    let meta = (1 << 24) | (values[k] as number);
    let i = homeSlot(keysA[k] as number, capacity);
    for (;;) {
      const here = slots[2 * i + 1] as number;
      if (here === 0) {
        slots[2 * i] = b;
        slots[2 * i + 1] = meta;
        break;
      }
      if (here >>> 24 < meta >>> 24) {
        // Robin Hood: the resident is closer to home than we are; it moves on instead.
        const residentB = slots[2 * i] as number;
        slots[2 * i] = b;
        slots[2 * i + 1] = meta;
        b = residentB;
        meta = here;
      }
      if (meta >>> 24 >= MAX_PROBE_DISTANCE) return null;
      meta += 1 << 24;
      if (++i === capacity) i = 0;
    }
  }
  return new SuffixTable(slots);
}
