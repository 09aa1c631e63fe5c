import type { CompiledLists } from "@fenceline/shared/matcher";
import { readSnapshotFile } from "./snapshot-file.ts";

export type ReloadResult = { ok: true; version: string } | { ok: false; error: Error; keptVersion: string | null };

/**
 * The lists in force. A reload opens the new snapshot completely before swapping it in, in one
 * assignment; a snapshot that fails to open leaves the last good one serving.
 */
export class CurrentLists {
  private lists: CompiledLists | null;

  constructor(initial: CompiledLists | null = null) {
    this.lists = initial;
  }

  get(): CompiledLists | null {
    return this.lists;
  }

  reload(path: string): ReloadResult {
    try {
      const next = readSnapshotFile(path);
      this.lists = next;
      return { ok: true, version: next.meta.version };
    } catch (error) {
      return { ok: false, error: error as Error, keptVersion: this.lists?.meta.version ?? null };
    }
  }
}
