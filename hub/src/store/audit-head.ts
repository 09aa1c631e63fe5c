import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The audit log's head: its newest entry (sequence number and hash) and how many entries it
 * holds, sealed with a key kept outside the database. Deleting the newest entries (which the
 * hash chain alone cannot show) leaves a head that no longer matches, and without the key no
 * one can seal a new one.
 */
export interface AuditHead {
  seq: number;
  hash: string;
  count: number;
  /** HMAC-SHA256, hex, over seq, hash and count. */
  seal: string;
}

function sealOf(key: Buffer, seq: number, hash: string, count: number): Buffer {
  return createHmac("sha256", key).update(`fenceline-audit-head:${seq}:${hash}:${count}`).digest();
}

export function sealHead(key: Buffer, seq: number, hash: string, count: number): AuditHead {
  return { seq, hash, count, seal: sealOf(key, seq, hash, count).toString("hex") };
}

/** Whether the head was sealed with `key`. */
export function headSealed(key: Buffer, head: AuditHead): boolean {
  const expected = sealOf(key, head.seq, head.hash, head.count);
  const actual = Buffer.from(head.seal, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A stored head: a head, "pending" (the schema just added it: sealed at the next open), or null when absent or unreadable. */
export function parseHead(text: string | undefined): AuditHead | "pending" | null {
  if (text === "pending") return "pending";
  if (!text) return null;
  try {
    const head = JSON.parse(text) as AuditHead;
    return typeof head.seq === "number" &&
      typeof head.hash === "string" &&
      typeof head.count === "number" &&
      typeof head.seal === "string"
      ? head
      : null;
  } catch {
    return null;
  }
}
