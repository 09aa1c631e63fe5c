import { gzipSync } from "node:zlib";
import { Agent, request } from "undici";
import { v7 as uuidV7 } from "uuid";

/** The hardware address of bench pupil `n`'s laptop. */
export const macOf = (n: number) =>
  `02:00:00:00:${((n >> 8) & 255).toString(16).padStart(2, "0")}:${(n & 255).toString(16).padStart(2, "0")}`;

export interface LoadOptions {
  /** Each agent's hub (its base URL) and credential. */
  agents: readonly { url: string; credential: string }[];
  batch: number;
  seconds: number;
  /** Events carry a hardware address or a user name of one of `people` pupils. */
  identity: boolean;
  people: number;
  /** Distinct names in a batch (the batch's size: each event its own, the names rollup's worst case). */
  names?: number;
  /** Batches each agent sends before the clock starts (raising its incidents and their alerts). */
  warmup: number;
  /**
   * Batches each agent makes (ids, JSON, gzip) before the clock starts: agents run on the sites'
   * gateways, not on the hub's machine, so their work should not take the hub's cores while it is
   * timed. An agent that sends them all makes the rest as it goes.
   */
  prebuilt?: number;
  /** Called as the clock starts, once the warm-up batches are stored: where CPU figures start counting. */
  onClockStart?: () => void;
}

export interface LoadResult {
  /** Each batch's request time, ms, sorted. */
  latencies: number[];
  sent: number;
  seconds: number;
  /** Requests sent again after the hub closed the connection under them. */
  retries: number;
  /** Batches made while the clock ran, after an agent's pre-built ones ran out. */
  madeTimed: number;
}

/**
 * Every agent posts gzipped batches of blocked look-ups in a graded category to its hub, one after
 * another, until the time is up. Each agent has 250 clients, so a batch touches 250 incidents.
 */
export async function sendBatches(options: LoadOptions): Promise<LoadResult> {
  const dispatcher = new Agent({ connections: options.agents.length });
  const latencies: number[] = [];
  let sent = 0;
  let retries = 0;
  const post = async (url: string, credential: string, body: Buffer): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await request(`${url}/api/agents/events`, {
          method: "POST",
          dispatcher,
          headers: {
            "content-type": "application/json",
            "content-encoding": "gzip",
            authorization: `Bearer ${credential}`,
          },
          body,
        });
        const text = await response.body.text();
        if (response.statusCode !== 200) throw new Error(`hub answered ${response.statusCode}: ${text}`);
        return;
      } catch (error) {
        // A hub whose event loop was held up past its keep-alive timeout closes a connection as the
        // next request arrives on it; agents send such a batch again, and so does the bench.
        const code = (error as { code?: string }).code;
        if ((code !== "ECONNRESET" && code !== "UND_ERR_SOCKET") || attempt === 3) throw error;
        retries++;
      }
    }
  };
  // Made before the warm-up: connections left idle while they are made would meet the hub's keep-alive timeout.
  const ready = options.agents.map((_, a) => Array.from({ length: options.prebuilt ?? 0 }, () => bodyOf(options, a)));
  await Promise.all(
    options.agents.map(async ({ url, credential }, a) => {
      for (let b = 0; b < options.warmup; b++) await post(url, credential, bodyOf(options, a));
    }),
  );
  let madeTimed = 0;
  const nextBody = (a: number): Buffer => {
    const body = ready[a]?.shift();
    if (body) return body;
    madeTimed++;
    return bodyOf(options, a);
  };
  options.onClockStart?.();
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();
  await Promise.all(
    options.agents.map(async ({ url, credential }, a) => {
      while (performance.now() < deadline) {
        const body = nextBody(a);
        const t = performance.now();
        await post(url, credential, body);
        latencies.push(performance.now() - t);
        sent += options.batch;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await dispatcher.close();
  return { latencies: latencies.sort((x, y) => x - y), sent, seconds, retries, madeTimed };
}

function bodyOf(options: LoadOptions, a: number): Buffer {
  return gzipSync(JSON.stringify({ schemaVersion: 3, events: batchOf(options, a) }));
}

function batchOf(options: LoadOptions, a: number) {
  const { identity, people } = options;
  return Array.from({ length: options.batch }, (_, i) => ({
    // Time-ordered, as agents make them.
    id: uuidV7(),
    time: Date.now(),
    clientAddress: `10.0.${a}.${i % 250}`,
    group: "students",
    hostname: null,
    // The person behind each address (the laptop's address, or the user name RADIUS gave for it).
    mac: identity && i % 2 === 0 ? macOf((a * 250 + (i % 250)) % people) : null,
    ...(identity && i % 2 === 1 ? { user: `Pupil${(a * 250 + (i % 250)) % people}` } : {}),
    name: `n${i % (options.names ?? options.batch)}.blocked.example`,
    qtype: 1,
    outcome: "blocked",
    categories: ["adult"],
    monitored: [],
    list: "bench",
    listVersion: "v1",
    rule: "blocked.example",
    locked: false,
    detail: null,
  }));
}

/** The latency at quantile `q` of sorted `latencies`, ms. */
export function quantile(latencies: readonly number[], q: number): string | undefined {
  return latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(1);
}
