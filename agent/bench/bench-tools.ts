import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createSocket, type Socket } from "node:dgram";
import { readFileSync } from "node:fs";
import { nameToWire } from "../src/dns/response-packet.ts";

/** Installs the Debian packages a benchmark needs when their commands are missing. */
export function ensureCommands(packages: Record<string, string>): void {
  const missing = Object.entries(packages).filter(([command]) => {
    try {
      execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length === 0) return;
  console.log(`installing ${missing.map(([, p]) => p).join(" ")} ...`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "ignore" });
  execFileSync("apt-get", ["install", "-y", "-qq", ...missing.map(([, p]) => p)], {
    stdio: "ignore",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : 0;
}

/** Starts a long-running command pinned to one CPU (or free, with null); the child's pid is the server's. */
export function startPinned(cpu: number | null, command: string, args: string[]): ChildProcess {
  const child =
    cpu === null
      ? spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] })
      : spawn("taskset", ["-c", String(cpu), command, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  child.stderr?.on("data", (chunk) => {
    errors += chunk;
    if (errors.length > 20_000) errors = errors.slice(-10_000);
  });
  child.on("exit", (code) => {
    if (code && code !== 0 && code !== 143) console.error(`${command} exited with ${code}: ${errors.slice(-2000)}`);
  });
  return child;
}

/** Milliseconds until the server at port answers a query (polling every 5 ms), or throws after `limitMs`. */
export async function waitForAnswer(port: number, limitMs = 60_000): Promise<number> {
  const started = performance.now();
  const packet = queryPacket(0x1234, "probe.test", 1);
  const socket = createSocket("udp4");
  try {
    for (;;) {
      if ((await askUdp(socket, port, packet, 5)) !== null) return performance.now() - started;
      if (performance.now() - started > limitMs) throw new Error(`no answer on port ${port} after ${limitMs} ms`);
    }
  } finally {
    socket.close();
  }
}

/** The answer to `packet` (the first datagram with its ID) from the server at port, or null after `timeoutMs`. */
export function askUdp(socket: Socket, port: number, packet: Buffer, timeoutMs: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const onMessage = (message: Buffer) => {
      if (message.length < 12 || message.readUInt16BE(0) !== packet.readUInt16BE(0)) return;
      finish(message);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    const finish = (answer: Buffer | null) => {
      clearTimeout(timer);
      socket.off("message", onMessage);
      resolve(answer);
    };
    socket.on("message", onMessage);
    socket.send(packet, port, "127.0.0.1");
  });
}

/** A recursion-desired query for `name` of `type`, class IN. */
export function queryPacket(id: number, name: string, type: number): Buffer {
  const header = Buffer.from([id >> 8, id & 0xff, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]);
  return Buffer.concat([header, nameToWire(name), Buffer.from([type >> 8, type & 0xff, 0, 1])]);
}

export interface DnsperfResult {
  qps: number;
  queries: number;
  lost: number;
  averageLatencyMs: number;
  latenciesMs: number[];
}

/** Runs dnsperf pinned to one CPU and reads its summary (and per-query latencies with `verbose`). */
export function dnsperf(
  cpu: number | null,
  port: number,
  file: string,
  seconds: number,
  extra: string[] = [],
  verbose = false,
): DnsperfResult {
  const args = dnsperfArgs(port, file, seconds, extra);
  if (verbose) args.push("-v");
  const [command, commandArgs] =
    cpu === null ? ["dnsperf", args] : ["taskset", ["-c", String(cpu), "dnsperf", ...args]];
  const output = execFileSync(command, commandArgs as string[], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  return dnsperfSummary(output, verbose);
}

/** CPU per query, in µs, of the server and of dnsperf, over the middle of a run. */
export interface CpuSplit {
  serverMicros: number;
  loadMicros: number;
}

/**
 * Runs dnsperf on any CPU, as `dnsperf` does, and samples the CPU time of dnsperf and of the
 * server from one second in to one second before the end (a quarter of a run under 4 s): what
 * each costs a query while the load is steady, leaving out dnsperf's start (reading its query
 * file) and its wait for late answers.
 */
export async function dnsperfWithCpu(
  serverPid: number,
  port: number,
  file: string,
  seconds: number,
  extra: string[],
): Promise<DnsperfResult & CpuSplit> {
  const args = dnsperfArgs(port, file, seconds, extra);
  // stdbuf (which execs dnsperf, keeping the pid) makes dnsperf write its status lines as they happen.
  const child = spawn("stdbuf", ["-oL", "dnsperf", ...args], { stdio: ["ignore", "pipe", "ignore"] });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  let running = true;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      running = false;
      resolve();
    }),
  );
  const sample = () => ({ server: cpuSeconds(serverPid), load: cpuSeconds(child.pid as number) });
  // dnsperf starts sending once it has read its query file; its first report line says so.
  while (running && !output.includes("Sending queries")) await new Promise((resolve) => setTimeout(resolve, 10));
  // A second in and a second before the end; a quarter of the run each way for runs under 4 s.
  const margin = Math.min(1, seconds / 4);
  await new Promise((resolve) => setTimeout(resolve, margin * 1000));
  const before = sample();
  const sampledAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, (seconds - 2 * margin) * 1000));
  const after = sample();
  const sampledSeconds = (performance.now() - sampledAt) / 1000;
  await exited;
  const summary = dnsperfSummary(output, false);
  const perQuery = (cpu: number) => (cpu / (summary.qps * sampledSeconds)) * 1e6;
  return {
    ...summary,
    serverMicros: perQuery(after.server - before.server),
    loadMicros: perQuery(after.load - before.load),
  };
}

function dnsperfArgs(port: number, file: string, seconds: number, extra: string[]): string[] {
  return ["-s", "127.0.0.1", "-p", String(port), "-d", file, "-l", String(seconds), "-t", "2", ...extra];
}

function dnsperfSummary(output: string, verbose: boolean): DnsperfResult {
  const number = (label: RegExp) => Number(label.exec(output)?.[1] ?? Number.NaN);
  const latenciesMs = verbose
    ? [...output.matchAll(/^> \S+ \S+ \S+ ([0-9.]+)$/gm)].map((m) => Number(m[1]) * 1000)
    : [];
  return {
    qps: number(/Queries per second:\s+([0-9.]+)/),
    queries: number(/Queries completed:\s+(\d+)/),
    lost: number(/Queries lost:\s+(\d+)/),
    averageLatencyMs: number(/Average Latency \(s\):\s+([0-9.]+)/) * 1000,
    latenciesMs,
  };
}

export function percentile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}
