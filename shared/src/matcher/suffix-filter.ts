/** Filter bits per entry, at least: a few % false positives, small enough to stay in cache. */
const BITS_PER_KEY = 8;

/**
 * A blocked Bloom filter over the table's keys: one 32-bit word per key, two bits in it. Nearly
 * every suffix a lookup tries is not an entry (`com`, `google.com`, ...); the filter answers those
 * from cache, so the larger table is only touched for the few suffixes that may be entries.
 */
export class SuffixFilter {
  readonly words: Int32Array;
  private readonly mask: number;

  /** `words.length` must be a power of two. */
  constructor(words: Int32Array) {
    if ((words.length & (words.length - 1)) !== 0) throw new RangeError("filter size must be a power of two");
    this.words = words;
    this.mask = words.length - 1;
  }

  /** False when (a, b) is certainly not in the table. */
  mayContain(a: number, b: number): boolean {
    const word = this.words[b & this.mask] as number;
    return ((word >>> (a & 31)) & (word >>> ((a >>> 5) & 31)) & 1) === 1;
  }

  get byteLength(): number {
    return this.words.byteLength;
  }
}

export function buildSuffixFilter(keysA: Int32Array, keysB: Int32Array, count: number): SuffixFilter {
  let size = 1;
  while (size * 32 < count * BITS_PER_KEY) size *= 2;
  const words = new Int32Array(size);
  for (let k = 0; k < count; k++) {
    const a = keysA[k] as number;
    const at = (keysB[k] as number) & (size - 1);
    words[at] = (words[at] as number) | (1 << (a & 31)) | (1 << ((a >>> 5) & 31));
  }
  return new SuffixFilter(words);
}
