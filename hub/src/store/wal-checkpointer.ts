import { Worker } from "node:worker_threads";
import type { SqliteHubDatabase } from "./open-database.ts";

/**
 * How large the WAL may grow (pages) before a writer copies it back itself, when the checkpointer
 * does: a backstop for a checkpointer that cannot keep up, far above SQLite's default of 1,000.
 */
export const BACKSTOP_CHECKPOINT_PAGES = 25_000;

export interface WalCheckpointer {
  stop(): void;
}

/**
 * On SQLite: the WAL is copied back into the database file by a worker thread of its own, a few
 * times a second, instead of by the ingest transaction that happens to commit past SQLite's
 * threshold, which then also writes and syncs the pages of every commit before it (a fifth of a
 * busy hub's ingest time). `db` is the hub's connection, whose own checkpoints become the backstop.
 */
export function startWalCheckpointer(
  db: SqliteHubDatabase,
  onProblem: (message: string) => void,
  intervalMs = 200,
): WalCheckpointer {
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  const worker = new Worker(new URL("./wal-checkpoint-worker.ts", import.meta.url), {
    workerData: { file: db.name, intervalMs },
  });
  worker.unref();
  worker.on("message", (message: { problem?: string }) => {
    if (message.problem) onProblem(`WAL checkpoint failed: ${message.problem}`);
  });
  worker.on("error", (error) => onProblem(`WAL checkpointer stopped: ${error.message}`));
  return { stop: () => worker.postMessage("stop") };
}
