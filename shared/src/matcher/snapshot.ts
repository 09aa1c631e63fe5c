import { createHash } from "node:crypto";
import { CompiledLists, type SnapshotMeta } from "./compiled-lists.ts";
import { DomainMatcher } from "./domain-matcher.ts";
import { SuffixFilter } from "./suffix-filter.ts";
import { SuffixTable } from "./suffix-table.ts";

/**
 * Snapshot file layout (little-endian), read with one file read into typed-array views:
 *   0  "FENCESNP"           magic
 *   8  u32 format version   SNAPSHOT_FORMAT
 *  12  u32 metadata bytes   (UTF-8 JSON, SnapshotMeta)
 *  16  u32 table slots
 *  20  u32 rule sets
 *  24  u32 rule-set members
 *  28  i32 seed A, i32 seed B
 *  36  u32 filter words
 *  40  32 bytes SHA-256 of bytes 0-39 and of everything from byte 72 to the end
 *  72  metadata, then the table (Int32 × 2 per slot), the filter (Int32), rule-set offsets
 *      (Uint32), members (Uint16), each section starting on an 8-byte boundary.
 */
const SNAPSHOT_FORMAT = 2;
const MAGIC = "FENCESNP";
const HEADER_BYTES = 72;
const BODY_START = HEADER_BYTES;

export type SnapshotErrorCode =
  | "snapshot-truncated"
  | "snapshot-not-a-snapshot"
  | "snapshot-format"
  | "snapshot-corrupt";

export class SnapshotError extends Error {
  readonly code: SnapshotErrorCode;
  constructor(code: SnapshotErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

const align8 = (n: number) => (n + 7) & ~7;

export function encodeSnapshot(matcher: DomainMatcher, meta: SnapshotMeta): Uint8Array {
  const metaBytes = new TextEncoder().encode(JSON.stringify(meta));
  const { slots } = matcher.table;
  const filter = matcher.filter.words;
  const { offsets, lists } = matcher.ruleSets;
  const metaAt = BODY_START;
  const slotsAt = align8(metaAt + metaBytes.length);
  const filterAt = align8(slotsAt + slots.byteLength);
  const offsetsAt = align8(filterAt + filter.byteLength);
  const listsAt = align8(offsetsAt + offsets.byteLength);
  const total = align8(listsAt + lists.byteLength);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, SNAPSHOT_FORMAT, true);
  view.setUint32(12, metaBytes.length, true);
  view.setUint32(16, matcher.table.capacity, true);
  view.setUint32(20, offsets.length - 1, true);
  view.setUint32(24, lists.length, true);
  view.setInt32(28, matcher.seedA, true);
  view.setInt32(32, matcher.seedB, true);
  view.setUint32(36, filter.length, true);
  out.set(metaBytes, metaAt);
  out.set(new Uint8Array(slots.buffer, slots.byteOffset, slots.byteLength), slotsAt);
  out.set(new Uint8Array(filter.buffer, filter.byteOffset, filter.byteLength), filterAt);
  out.set(new Uint8Array(offsets.buffer, offsets.byteOffset, offsets.byteLength), offsetsAt);
  out.set(new Uint8Array(lists.buffer, lists.byteOffset, lists.byteLength), listsAt);
  out.set(digest(out), 40);
  return out;
}

/**
 * Checks and opens a snapshot without copying its table: the returned lists view `bytes`.
 * Throws SnapshotError (truncated, not a snapshot, other format version, checksum mismatch).
 */
export function decodeSnapshot(bytes: Uint8Array): CompiledLists {
  if (bytes.length < HEADER_BYTES)
    throw new SnapshotError("snapshot-truncated", `snapshot is ${bytes.length} bytes, shorter than its header`);
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    throw new SnapshotError("snapshot-not-a-snapshot", "not a Fenceline list snapshot (bad magic)");
  }
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint32(8, true);
  if (format !== SNAPSHOT_FORMAT) {
    throw new SnapshotError(
      "snapshot-format",
      `snapshot format ${format} is not the supported format ${SNAPSHOT_FORMAT}; recompile the lists`,
    );
  }
  const metaLength = view.getUint32(12, true);
  const capacity = view.getUint32(16, true);
  const setCount = view.getUint32(20, true);
  const memberCount = view.getUint32(24, true);
  const filterWords = view.getUint32(36, true);
  const slotsAt = align8(BODY_START + metaLength);
  const filterAt = align8(slotsAt + capacity * 8);
  const offsetsAt = align8(filterAt + filterWords * 4);
  const listsAt = align8(offsetsAt + (setCount + 1) * 4);
  const total = align8(listsAt + memberCount * 2);
  if (bytes.length !== total) {
    throw new SnapshotError("snapshot-truncated", `snapshot is ${bytes.length} bytes; its header promises ${total}`);
  }
  const expected = bytes.subarray(40, 72);
  if (!Buffer.from(digest(bytes)).equals(expected)) {
    throw new SnapshotError("snapshot-corrupt", "snapshot checksum does not match its content; the file is damaged");
  }
  const meta = JSON.parse(
    new TextDecoder().decode(bytes.subarray(BODY_START, BODY_START + metaLength)),
  ) as SnapshotMeta;
  const base = bytes.byteOffset;
  const table = new SuffixTable(new Int32Array(bytes.buffer, base + slotsAt, capacity * 2));
  const ruleSets = {
    offsets: new Uint32Array(bytes.buffer, base + offsetsAt, setCount + 1),
    lists: new Uint16Array(bytes.buffer, base + listsAt, memberCount),
  };
  const filter = new SuffixFilter(new Int32Array(bytes.buffer, base + filterAt, filterWords));
  const matcher = new DomainMatcher(table, filter, view.getInt32(28, true), view.getInt32(32, true), ruleSets);
  return new CompiledLists(matcher, meta);
}

/** SHA-256 of the header fields before the digest and of the whole body. */
function digest(bytes: Uint8Array): Uint8Array {
  return createHash("sha256").update(bytes.subarray(0, 40)).update(bytes.subarray(BODY_START)).digest();
}
