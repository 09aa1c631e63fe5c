import { homeSlot } from "./label-hash.ts";
import { buildSuffixFilter, type SuffixFilter } from "./suffix-filter.ts";
import { layOutSuffixTable, MAX_VALUE, type SuffixTable } from "./suffix-table.ts";

/** Target share of used slots in the compiled table: compact, and misses still stop early. */
const COMPILED_LOAD = 0.8;
/** Most used share of build slots before the table grows. */
const BUILD_LOAD = 0.6;
/** Words a build slot: lane A, lane B, value + 1 (0 = empty, so a new table needs no fill), padding to 16 bytes. */
const STRIDE = 4;

/**
 * Collects suffixes and their values while lists are read: a growable linear-probing table that
 * keeps both hash lanes (one slot = one cache line fetch) so it can rehash, then compiles into a
 * compact SuffixTable. Build-time memory is ~2× the compiled table's, and only while compiling.
 */
export class SuffixSetBuilder {
  private slots: Int32Array;
  private capacity: number;
  private limit: number;
  private used = 0;

  constructor(expectedSuffixes = 1024) {
    this.capacity = Math.max(1024, Math.ceil(expectedSuffixes / BUILD_LOAD));
    this.limit = Math.floor(this.capacity * BUILD_LOAD);
    this.slots = touchedSlots(this.capacity);
  }

  get size(): number {
    return this.used;
  }

  /** Slot of suffix (a, b), adding it with value 0 (no lists yet) when it is new. */
  slotOf(a: number, b: number): number {
    if (this.used >= this.limit) this.grow();
    const slots = this.slots;
    const capacity = this.capacity;
    let i = homeSlot(a, capacity);
    for (;;) {
      const at = i * STRIDE;
      if (slots[at + 2] === 0) {
        slots[at] = a;
        slots[at + 1] = b;
        slots[at + 2] = 1;
        this.used++;
        return at;
      }
      if (slots[at] === a && slots[at + 1] === b) return at;
      if (++i === capacity) i = 0;
    }
  }

  valueAt(slot: number): number {
    return (this.slots[slot + 2] as number) - 1;
  }

  setValue(slot: number, value: number): void {
    if (value > MAX_VALUE) throw new RangeError(`suffix value ${value} is over ${MAX_VALUE}`);
    this.slots[slot + 2] = value + 1;
  }

  /** The compact, immutable table for lookups, and the filter in front of it. */
  compile(): { table: SuffixTable; filter: SuffixFilter } {
    const count = this.used;
    const a = new Int32Array(count);
    const b = new Int32Array(count);
    const v = new Int32Array(count);
    const slots = this.slots;
    let k = 0;
    for (let at = 0; at < slots.length; at += STRIDE) {
      const stored = slots[at + 2] as number;
      if (stored === 0) continue;
      a[k] = slots[at] as number;
      b[k] = slots[at + 1] as number;
      v[k] = stored - 1;
      k++;
    }
    const filter = buildSuffixFilter(a, b, count);
    let capacity = Math.max(16, Math.ceil(count / COMPILED_LOAD));
    for (;;) {
      const table = layOutSuffixTable(a, b, v, count, capacity);
      if (table) return { table, filter };
      capacity = Math.ceil(capacity * 1.1);
    }
  }

  private grow(): void {
    const old = this.slots;
    const capacity = this.capacity * 2;
    const slots = touchedSlots(capacity);
    for (let from = 0; from < old.length; from += STRIDE) {
      if (old[from + 2] === 0) continue;
      let i = homeSlot(old[from] as number, capacity);
      while (slots[i * STRIDE + 2] !== 0) if (++i === capacity) i = 0;
      slots[i * STRIDE] = old[from] as number;
      slots[i * STRIDE + 1] = old[from + 1] as number;
      slots[i * STRIDE + 2] = old[from + 2] as number;
    }
    this.slots = slots;
    this.capacity = capacity;
    this.limit = Math.floor(capacity * BUILD_LOAD);
  }
}

/**
 * A zeroed slot array whose pages are already mapped: writing it once in order costs far less
 * than taking each page fault later at a random place inside the insert loop.
 */
function touchedSlots(capacity: number): Int32Array {
  return new Int32Array(capacity * STRIDE).fill(0);
}
