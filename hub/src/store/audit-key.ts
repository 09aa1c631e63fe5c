import { randomBytes } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";

const KEY_BYTES = 32;

/** The audit key's default place: a file beside the database, never inside it. */
export function defaultAuditKeyFile(database: string): string {
  return `${database}.audit-key`;
}

/**
 * The key sealing the audit log's head, read from `file`; created there (32 random bytes, mode
 * 0600, never overwritten) when there is none yet. A throwaway in-memory database gets a throwaway key.
 */
export function loadAuditKey(database: string, file: string = defaultAuditKeyFile(database)): Buffer {
  if (database === ":memory:") return randomBytes(KEY_BYTES);
  try {
    writeFileSync(file, randomBytes(KEY_BYTES), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as { code?: string }).code !== "EEXIST") throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0)
    throw new Error(`${file}: the audit key must be readable by the hub's user only (chmod 600)`);
  const key = readFileSync(file);
  if (key.length < KEY_BYTES) throw new Error(`${file}: the audit key must hold at least ${KEY_BYTES} bytes`);
  return key;
}
