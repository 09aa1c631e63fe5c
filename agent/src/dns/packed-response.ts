import type { ResponseLayout } from "./response-records.ts";

/**
 * An upstream response as relayed and cached: its bytes, then the offset of every TTL field (two
 * bytes each, big-endian), in one one-byte string. A string is a single small object on the
 * JavaScript heap; a byte array held by the cache costs a buffer object, a native backing store
 * and its bookkeeping, and a layout object and its offsets array on top: about four times the
 * memory per cached answer (`pnpm bench:cache`).
 */
export interface PackedResponse {
  /** The response's bytes then its TTL offsets, one character per byte. */
  wire: string;
  /** How many of `wire`'s characters are the response; the rest are TTL offsets. */
  length: number;
  /** Start of the OPT record when it is the last record; -1 if none; -2 if elsewhere. */
  optStart: number;
}

/** Packs a response whose layout has been read. */
export function packResponse(bytes: Uint8Array, layout: ResponseLayout): PackedResponse {
  const offsets = layout.ttlOffsets;
  const packed = Buffer.allocUnsafe(bytes.length + offsets.length * 2);
  packed.set(bytes);
  let at = bytes.length;
  for (const offset of offsets) {
    packed[at++] = offset >> 8;
    packed[at++] = offset & 0xff;
  }
  return { wire: packed.toString("latin1", 0, at), length: bytes.length, optStart: layout.optStart };
}
