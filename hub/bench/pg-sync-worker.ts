/**
 * The worker of `pg-roundtrip-bench.ts`'s second way: the pure-JS `pg` client on a worker thread,
 * answering one query at a time while the main thread blocks on Atomics.wait (the synckit
 * pattern). Benchmark code only: the hub runs on `PgDatabase`.
 */
import { type MessagePort, workerData } from "node:worker_threads";
import pg from "pg";

interface Request {
  name: string;
  text: string;
  values: unknown[];
}

const { port, flag, config } = workerData as { port: MessagePort; flag: Int32Array; config: pg.ClientConfig };
const client = new pg.Client(config);
await client.connect();

port.on("message", async (request: Request | "close") => {
  if (request === "close") {
    await client.end();
    port.close();
    return;
  }
  try {
    const result = await client.query({ name: request.name, text: request.text, values: request.values });
    port.postMessage({ rows: result.rows });
  } catch (error) {
    port.postMessage({ error: (error as Error).message });
  }
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
port.postMessage("ready");
