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

const MAX_PROBE_DISTANCE = 255;
export const MAX_VALUE = 0xffffff;

/**
 * Lays out (a, b, value) triples, given in ascending order of `a >>> 0`, as a SuffixTable with
 * `capacity` slots. Home slots rise with `a`, so each key simply takes the first free slot at or
 * after its home, in one sequential pass: that is the Robin Hood arrangement. Keys that run past
 * the end wrap to the front, which is reserved for them before the pass. Returns null when a key
 * would sit further than MAX_PROBE_DISTANCE from home (the caller grows and retries).
 */
export function layOutSortedSuffixTable(
  keysA: Int32Array,
  keysB: Int32Array,
  values: Int32Array,
  count: number,
  capacity: number,
): SuffixTable | null {
  if (count > capacity) return null;
  let front = 0;
  for (;;) {
    const wrapped = countWrapped(keysA, count, capacity, front);
    if (wrapped === front) break;
    front = wrapped;
  }
  const slots = new Int32Array(2 * capacity);
  let last = front - 1;
  for (let k = 0; k < count; k++) {
    const home = homeSlot(keysA[k] as number, capacity);
    const at = Math.max(home, last + 1);
    const distance = at - home + 1;
    if (distance > MAX_PROBE_DISTANCE) return null;
    const slot = at >= capacity ? at - capacity : at;
    slots[2 * slot] = keysB[k] as number;
    slots[2 * slot + 1] = (distance << 24) | (values[k] as number);
    last = at;
  }
  return new SuffixTable(slots);
}

/** How many keys run past the table's end when the first `front` slots are taken. */
function countWrapped(keysA: Int32Array, count: number, capacity: number, front: number): number {
  let last = front - 1;
  let wrapped = 0;
  for (let k = 0; k < count; k++) {
    last = Math.max(homeSlot(keysA[k] as number, capacity), last + 1);
    if (last >= capacity) wrapped++;
  }
  return wrapped;
}
