/**
 * `pnpm bench:pg-roundtrip`: the round trip of a trivial prepared SELECT from synchronous code to a
 * throwaway PostgreSQL cluster on 127.0.0.1, two ways: `PgDatabase` (libpq's blocking calls on the
 * main thread) and the pure-JS `pg` client on a worker thread with the main thread blocking on
 * Atomics.wait. The hub's stores are synchronous, so either way each query blocks its caller.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { PgDatabase } from "../src/store/pg/pg-database.ts";
import { CLUSTER_SUPERUSER, startPostgresCluster } from "../src/testing/postgres-cluster.ts";

const QUERIES = Number(process.env.BENCH_QUERIES ?? 20_000);
const WARM_UP = 500;

/** Runs `query` WARM_UP times, then QUERIES times timed; prints and returns microseconds per query. */
function measure(label: string, query: (n: number) => unknown): number {
  for (let n = 0; n < WARM_UP; n++) query(n);
  const start = process.hrtime.bigint();
  for (let n = 0; n < QUERIES; n++) {
    if (query(n) !== n + 1) throw new Error(`${label}: wrong answer`);
  }
  const micros = Number(process.hrtime.bigint() - start) / 1000 / QUERIES;
  console.log(`${label.padEnd(44)} ${micros.toFixed(1).padStart(7)} µs per query  (${QUERIES} queries)`);
  return micros;
}

/** A synchronous query function over the worker: post, block until it answers, read. */
async function workerQuery(config: { host: string; port: number; user: string; database: string }) {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL("./pg-sync-worker.ts", import.meta.url), {
    workerData: { port: port2, flag, config },
    transferList: [port2],
  });
  const waitForAnswer = () => {
    if (Atomics.wait(flag, 0, 0, 30_000) === "timed-out") throw new Error("the pg worker did not answer in 30 s");
    Atomics.store(flag, 0, 0);
  };
  await new Promise((resolve, reject) => {
    worker.once("error", reject);
    port1.once("message", resolve);
  });
  return {
    query(n: number): unknown {
      port1.postMessage({ name: "bench_plus_one", text: "SELECT $1::int + 1 AS n", values: [n] });
      waitForAnswer();
      const answer = receiveMessageOnPort(port1)?.message as { rows?: { n: number }[]; error?: string };
      if (answer.error) throw new Error(answer.error);
      return answer.rows?.[0]?.n;
    },
    async close() {
      port1.postMessage("close");
      await worker.terminate();
    },
  };
}

const cluster = await startPostgresCluster();
try {
  const conninfo = cluster.createDatabase("bench");
  const db = new PgDatabase(conninfo);
  const plusOne = db.prepare("SELECT ?::int + 1").pluck();
  const direct = measure("PgDatabase (libpq, blocking, main thread)", (n) => plusOne.get(n));
  db.close();
  const viaWorker = await workerQuery({
    host: "127.0.0.1",
    port: cluster.port,
    user: CLUSTER_SUPERUSER,
    database: "bench",
  });
  const worker = measure("pg on a worker thread + Atomics.wait", (n) => viaWorker.query(n));
  await viaWorker.close();
  console.log(`PgDatabase is ${(worker / direct).toFixed(1)}× as fast per round trip`);
} finally {
  cluster.stop();
}
