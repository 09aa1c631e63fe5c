/**
 * The worker thread of wal-checkpointer.ts: copies the WAL back into the database file on its own
 * connection every `intervalMs`, without waiting for or blocking the hub's writers (PASSIVE). A
 * checkpoint another connection holds is simply tried again at the next tick.
 */
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new Database(file, { fileMustExist: true, timeout: 0 });
const timer = setInterval(checkpoint, intervalMs);

function checkpoint(): void {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    if ((error as { code?: string }).code !== "SQLITE_BUSY") parentPort?.postMessage({ problem: String(error) });
  }
}

parentPort?.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
