/** What `pnpm bench:dns` prints: its measurements as tables, with the agent's ratios to the others. */
import type { BlockCheck } from "./block-check.ts";

/** One dnsperf run against one server: queries a second and server CPU per query. */
export interface Run {
  qps: number;
  cpuMicros: number;
  lost: number;
}

/** One unpinned dnsperf run: queries a second, and CPU per query of the server and of dnsperf itself. */
export interface UnpinnedRun {
  qps: number;
  serverMicros: number;
  loadMicros: number;
}

/** A server's start, memory and latency at a fixed rate. */
export interface ServerFigures {
  startMs: number;
  startRss: number;
  rss: number;
  /** Answers the agent had cached at the end (null for the other servers). */
  cached: number | null;
  p50: number;
  p90: number;
  p99: number;
  avg: number;
}

export interface DnsBenchResults {
  seconds: number;
  rounds: number;
  /** Query file labels in the order they ran. */
  labels: string[];
  /** Pinned runs, by server and query file, one per round. */
  pinned: Record<string, Record<string, Run[]>>;
  /** Unpinned runs, by server and query file, one per round. */
  unpinned: Record<string, Record<string, UnpinnedRun[]>>;
  figures: Record<string, ServerFigures>;
  /** What each server answered itself of blocked names asked as each record type. */
  blocking: Record<string, BlockCheck>;
}

const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(2)}×` : "-");

/** The query files the unpinned runs use. */
export const UNPINNED_LABELS = ["cached allowed", "realistic mix"];
const UNPINNED_SERVERS = ["dnsmasq", "unbound, 2 threads", "agent, 1 worker", "agent, 2 workers"];

export function medianBy<T extends { qps: number }>(list: T[] | undefined): T | undefined {
  return list?.length ? [...list].sort((x, y) => x.qps - y.qps)[Math.floor(list.length / 2)] : undefined;
}

function middle(values: readonly number[]): number {
  return [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] as number;
}

const middleOf = (values: readonly number[] | undefined) => (values?.length ? middle(values) : undefined);

export function printDnsBench(results: DnsBenchResults): void {
  const { seconds, rounds, labels, pinned, unpinned, figures, blocking } = results;
  const pinnedMedian = (server: string, label: string) => medianBy(pinned[server]?.[label]);
  console.log(
    `\nQPS (dnsperf on CPU 0, server on CPU 1, ${seconds} s each, median of ${rounds} rounds) and server CPU per query`,
  );
  const cell = (r: Run | undefined) =>
    r ? `${Math.round(r.qps).toLocaleString()} (${r.cpuMicros.toFixed(1)} µs)` : "-";
  const pinnedServers = ["dnsmasq", "dnsmasq, NXDOMAIN", "dnsmasq, logging", "unbound", "agent"];
  const headings = ["dnsmasq", "dnsmasq NXDOMAIN", "dnsmasq logging", "unbound", "agent"];
  const ratioHeadings = ["agent/dnsmasq", "/NXDOMAIN", "/logging", "/unbound"];
  console.log(
    `${"query file".padEnd(25)} ${headings.map((h) => h.padStart(19)).join(" ")} ${ratioHeadings.map((h) => h.padStart(13)).join(" ")}`,
  );
  for (const label of labels) {
    const [d, n, l, u, a] = pinnedServers.map((server) => pinnedMedian(server, label));
    const ratios = [d, n, l, u].map((other) => ratio(a?.qps, other?.qps).padStart(13));
    console.log(
      `${label.padEnd(25)} ${[d, n, l, u, a].map((r) => cell(r).padStart(19)).join(" ")} ${ratios.join(" ")}`,
    );
  }
  printBlocking(blocking);
  console.log(
    `\nQPS unpinned (dnsperf and server share both CPUs; unbound runs 2 threads, the agent 1 or 2 DNS threads), median of ${rounds} rounds; agent (2 workers)/dnsmasq, and in each round`,
  );
  const unpinnedQps = (server: string, label: string) => unpinned[server]?.[label]?.map((run) => run.qps);
  for (const label of UNPINNED_LABELS) {
    const [d, u, a1, a] = UNPINNED_SERVERS.map((server) => unpinnedQps(server, label));
    const qps = (runs: number[] | undefined) => {
      const value = middleOf(runs);
      return (value ? Math.round(value).toLocaleString() : "-").padStart(9);
    };
    const perRound = (a ?? []).map((agent, i) => ratio(agent, d?.[i])).join(", ");
    console.log(
      `${label.padEnd(16)} dnsmasq ${qps(d)}   unbound ${qps(u)}   agent 1 worker ${qps(a1)}   2 workers ${qps(a)}   agent/dnsmasq ${ratio(middleOf(a), middleOf(d))} (${perRound})   agent/unbound ${ratio(middleOf(a), middleOf(u))}`,
    );
  }
  console.log(
    "\nCPU per query unpinned (median round): server + dnsperf = total, and the CPUs the server kept busy; two CPUs shared by both allow at most 2 s ÷ total queries a second",
  );
  for (const label of UNPINNED_LABELS) {
    console.log(label);
    for (const server of UNPINNED_SERVERS) {
      const run = medianBy(unpinned[server]?.[label]);
      if (!run) continue;
      const total = run.serverMicros + run.loadMicros;
      const busy = (run.serverMicros * run.qps) / 1e6;
      console.log(
        `  ${server.padEnd(20)} ${run.serverMicros.toFixed(1).padStart(5)} + ${run.loadMicros.toFixed(1).padStart(5)} = ${total.toFixed(1).padStart(5)} µs   ${busy.toFixed(2)} CPUs   ≤ ${Math.round(2e6 / total).toLocaleString()}`,
      );
    }
  }
  console.log(
    `\nlatency at a fixed 2,000 QPS on the realistic mix, RSS at the first answer and after all the runs above, start to first answer`,
  );
  for (const [name, e] of Object.entries(figures)) {
    const cached = e.cached === null ? "" : ` (${e.cached.toLocaleString()} answers cached)`;
    console.log(
      `${name.padEnd(18)} p50 ${e.p50.toFixed(3)} ms  p90 ${e.p90.toFixed(3)} ms  p99 ${e.p99.toFixed(3)} ms  avg ${e.avg.toFixed(3)} ms  RSS ${(e.startRss / 1048576).toFixed(1)} → ${(e.rss / 1048576).toFixed(1)} MB${cached}  start ${e.startMs.toFixed(0)} ms`,
    );
  }
}

function printBlocking(blocking: Record<string, BlockCheck>): void {
  const checked = Object.entries(blocking);
  if (checked.length === 0) return;
  console.log(
    "blocked names asked as A, AAAA and HTTPS: answered by the server itself (the rest it sent upstream, unblocked)",
  );
  for (const [name, check] of checked) {
    const types = Object.entries(check).map(([type, { asked, blocked }]) => `${type} ${blocked}/${asked}`);
    console.log(`  ${name.padEnd(18)} ${types.join("   ")}`);
  }
}
