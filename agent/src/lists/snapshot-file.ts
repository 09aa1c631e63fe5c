import { readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { type CompiledLists, decodeSnapshot } from "@fenceline/shared/matcher";

/** Writes a snapshot so that readers see the old file or the new one, never half of one. */
export async function writeSnapshotFile(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}

/**
 * Opens a snapshot with one read: the table stays in the file's buffer, viewed by typed arrays.
 * Throws SnapshotError for a damaged file and the fs error for a missing one.
 */
export function readSnapshotFile(path: string): CompiledLists {
  return decodeSnapshot(readFileSync(path));
}
