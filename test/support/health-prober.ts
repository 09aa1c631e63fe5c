import { Worker } from "node:worker_threads";

/**
 * Times GET /health every `everyMs` from a worker thread, so the probes wait on the hub alone and
 * not on this thread, which is busy writing hostile bodies. `stop()` returns each probe's time in ms.
 */
export function startHealthProber(url: string, everyMs = 20): { ready: Promise<void>; stop: () => Promise<number[]> } {
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
const times = [];
let running = true;
parentPort.on("message", () => { running = false; });
(async () => {
  // A first, untimed probe: the worker's fetch and connection are set up here, not in a timed probe.
  await (await fetch(workerData.url + "/health")).arrayBuffer();
  parentPort.postMessage("ready");
  while (running) {
    const started = performance.now();
    try {
      const response = await fetch(workerData.url + "/health");
      await response.arrayBuffer();
      times.push(response.ok ? performance.now() - started : Infinity);
    } catch {
      times.push(Infinity);
    }
    await new Promise((resolve) => setTimeout(resolve, workerData.everyMs));
  }
  parentPort.postMessage(times);
})();`,
    { eval: true, workerData: { url, everyMs } },
  );
  const ready = new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    worker.once("error", reject);
  });
  const finished = ready.then(
    () =>
      new Promise<number[]>((resolve, reject) => {
        worker.once("message", (times: number[]) => {
          void worker.terminate();
          resolve(times);
        });
        worker.once("error", reject);
      }),
  );
  return {
    ready,
    stop: () => {
      worker.postMessage("stop");
      return finished;
    },
  };
}
