/**
 * Seeded label hashing for the suffix table. A name's suffix `label.parent` hashes as
 * `end(step(...step(hash(parent), cLast)..., c0), length)`: labels right to left, and the bytes of
 * each label from its last to its first, so a lookup on a string is one backward pass and every
 * suffix costs one label's bytes. Two 32-bit lanes: lane A picks the
 * slot, lane B is stored as the fingerprint; together with the slot they identify a suffix by
 * ~55 bits. The seeds are random per build so that a hostile list cannot aim for collisions.
 *
 * Each step folds ASCII case by setting bit 5 (`c | 32`), without a branch: A-Z becomes a-z and
 * digits and `-` are unchanged. Of the other bytes, only DEL (0x7f) lands on a name byte: a query
 * holding it is read as if it held `_`. These functions are small enough for V8 to inline.
 */

export function stepA(a: number, c: number): number {
  return Math.imul(a ^ (c | 32), 0x01000193);
}

export function stepB(b: number, c: number): number {
  const h = Math.imul(b ^ (c | 32), 0x5bd1e995);
  return h ^ (h >>> 15);
}

export function endA(a: number, length: number): number {
  return fmix32(a ^ length);
}

export function endB(b: number, length: number): number {
  return fmix32(b ^ Math.imul(length, 0x27d4eb2d));
}

/** MurmurHash3's finaliser: full avalanche of a 32-bit state. Returns an int32. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Home slot of lane A in a table of `capacity` slots (multiply-shift range reduction). */
export function homeSlot(a: number, capacity: number): number {
  return Math.floor(((a >>> 0) * capacity) / 4294967296);
}
