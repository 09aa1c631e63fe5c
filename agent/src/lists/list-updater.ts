import { applySourceSet, type SourceSetChanges, sourceProblems } from "@fenceline/shared";
import type { ListInfo, SnapshotMeta } from "@fenceline/shared/matcher";
import type { Logger } from "pino";
import { compileListsOffThread } from "./compile-off-thread.ts";
import { loadManifest, loadTaxonomy } from "./list-data.ts";
import { writeSnapshotFile } from "./snapshot-file.ts";
import type { SourceOrigin } from "./source-bytes.ts";

export interface ListUpdateOptions {
  manifestPath: string;
  taxonomyPath?: string;
  origin: SourceOrigin;
  snapshotPath: string;
  /** Refuse a source whose entries fell by more than this share since the lists in force. */
  maxShrink: number;
  skipMissing: boolean;
  /** The site's changes to the manifest's sources, from its policy (the hub's, when it sends one). */
  sourceSet?: () => SourceSetChanges | undefined;
}

/** The outcome of one update, kept for /health and the hub's heartbeat. */
export interface ListUpdateResult {
  at: string;
  ok: boolean;
  version: string | null;
  errors: string[];
}

/**
 * Fetches every source (conditional GETs), compiles a new snapshot off the DNS thread, checks it
 * (no failed source, no list shrunk past `maxShrink`) and only then writes it over the snapshot
 * file, atomically. Any failure leaves the lists in force alone. Runs never overlap.
 */
export class ListUpdater {
  private readonly options: ListUpdateOptions;
  private readonly current: () => SnapshotMeta | null;
  private readonly log: Logger;
  private running: Promise<ListUpdateResult> | null = null;
  last: ListUpdateResult | null = null;

  constructor(options: ListUpdateOptions, current: () => SnapshotMeta | null, log: Logger) {
    this.options = options;
    this.current = current;
    this.log = log;
  }

  update(): Promise<ListUpdateResult> {
    this.running ??= this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<ListUpdateResult> {
    const at = new Date().toISOString();
    this.log.info("list update started");
    let result: ListUpdateResult;
    try {
      const taxonomy = await loadTaxonomy(this.options.taxonomyPath);
      const manifest = await loadManifest(this.options.manifestPath, taxonomy);
      const sources = applySourceSet(manifest, this.options.sourceSet?.());
      const problems = sourceProblems(sources, taxonomy);
      if (problems.length > 0) throw new Error(`the site's list sources are invalid: ${problems.join("; ")}`);
      const compiled = await compileListsOffThread({
        categories: taxonomy.categories,
        sources,
        origin: this.options.origin,
        skipMissing: this.options.skipMissing,
      });
      const errors = compiled.reports
        .filter((r) => r.status === "failed" || r.status === "missing")
        .map((r) => `${r.id}: ${r.error}`);
      if (compiled.meta)
        errors.push(...shrinkProblems(this.current()?.lists ?? [], compiled.meta.lists, this.options.maxShrink));
      if (errors.length > 0 || !compiled.snapshot || !compiled.meta) {
        result = { at, ok: false, version: null, errors };
      } else {
        await writeSnapshotFile(this.options.snapshotPath, compiled.snapshot);
        result = { at, ok: true, version: compiled.meta.version, errors: [] };
      }
    } catch (error) {
      result = { at, ok: false, version: null, errors: [(error as Error).message] };
    }
    if (result.ok) this.log.info({ version: result.version }, "list update finished");
    else this.log.error({ errors: result.errors }, "list update failed; the lists in force stay");
    this.last = result;
    return result;
  }
}

/** Sources whose entry count fell by more than `maxShrink` against the lists in force. */
function shrinkProblems(before: readonly ListInfo[], after: readonly ListInfo[], maxShrink: number): string[] {
  const previous = new Map(before.map((list) => [list.id, list.entries]));
  return after
    .filter((list) => {
      const old = previous.get(list.id);
      return old !== undefined && old > 0 && list.entries < old * (1 - maxShrink);
    })
    .map(
      (list) =>
        `${list.id}: shrank from ${previous.get(list.id)} to ${list.entries} entries (more than ${Math.round(maxShrink * 100)}%); refusing it`,
    );
}
