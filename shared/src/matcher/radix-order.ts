/** Entries as parallel arrays: lane A, lane B and list of each. */
export interface EntryKeys {
  a: Int32Array;
  b: Int32Array;
  lists: Uint16Array;
}

/**
 * The first `count` entries sorted by lane A as an unsigned number: an LSD radix sort in three
 * passes of 11 bits that moves the whole entry each time, so that whoever reads the result reads
 * it in order (gathering through a permutation would cost a cache miss per entry). Stable.
 */
export function sortByLaneA(keys: EntryKeys, count: number): EntryKeys {
  let from: EntryKeys = { a: keys.a, b: keys.b, lists: keys.lists };
  let to: EntryKeys = { a: new Int32Array(count), b: new Int32Array(count), lists: new Uint16Array(count) };
  let spare: EntryKeys | null = null;
  const counts = new Uint32Array(2048);
  for (const shift of [0, 11, 22]) {
    counts.fill(0);
    for (let i = 0; i < count; i++) {
      const digit = ((from.a[i] as number) >>> shift) & 2047;
      counts[digit] = (counts[digit] as number) + 1;
    }
    let total = 0;
    for (let d = 0; d < 2048; d++) {
      const n = counts[d] as number;
      counts[d] = total;
      total += n;
    }
    for (let i = 0; i < count; i++) {
      const a = from.a[i] as number;
      const digit = (a >>> shift) & 2047;
      const at = counts[digit] as number;
      counts[digit] = at + 1;
      to.a[at] = a;
      to.b[at] = from.b[i] as number;
      to.lists[at] = from.lists[i] as number;
    }
    // The caller's arrays are read only; after the first pass two work buffers alternate.
    const next: EntryKeys = spare ?? {
      a: new Int32Array(count),
      b: new Int32Array(count),
      lists: new Uint16Array(count),
    };
    spare = from === keys ? null : from;
    from = to;
    to = next;
  }
  return from;
}
