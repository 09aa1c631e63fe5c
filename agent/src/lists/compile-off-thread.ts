import { Worker } from "node:worker_threads";
import type { CompileInput, CompileResult } from "./compile-lists.ts";

/**
 * Runs compileLists in a worker thread, so that lookups on the calling thread never wait for a
 * rebuild. The snapshot's buffer is transferred, not copied.
 */
export function compileListsOffThread(input: CompileInput): Promise<CompileResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile(), { workerData: input });
    let settled = false;
    worker.once("message", (result: CompileResult) => {
      settled = true;
      resolve(result);
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`list compiler worker exited with code ${code} before answering`));
    });
  });
}

/** From the sources, the worker's own file; from the bundle (`pnpm build`), the worker bundle beside it. */
function workerFile(): URL {
  return import.meta.url.endsWith(".ts")
    ? new URL("./compile-worker.ts", import.meta.url)
    : new URL("./fenceline-agent-compile-worker.mjs", import.meta.url);
}
