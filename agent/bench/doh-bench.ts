/**
 * DNS over HTTPS under load, for `pnpm bench:dns`: an HTTP/2 client (node:http2) on 127.0.0.1
 * only, a few sessions with many concurrent streams each, POSTing queries from a query file to a
 * roaming token's path for a bounded time and count; the agent's CPU per query is read from /proc.
 */

import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { type ClientHttp2Session, connect } from "node:http2";
import { join } from "node:path";
import { cpuSeconds, queryPacket } from "./bench-tools.ts";

const QTYPES: Record<string, number> = { A: 1, AAAA: 28, HTTPS: 65 };

/** One DoH run: answers a second, agent CPU per answer, and requests that got no 200. */
export interface DohRun {
  qps: number;
  cpuMicros: number;
  failed: number;
}

/**
 * The agent config's DoH parts: a self-signed certificate in `work`, a device token, and the
 * policy's identity table naming it (indented to sit under `policy:`).
 */
export function dohAgentConfig(work: string, port: number) {
  const cert = join(work, "doh-cert.pem");
  const key = join(work, "doh-key.pem");
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"],
      ...["-keyout", key, "-out", cert, "-subj", "/CN=localhost"],
    ],
    { stdio: "ignore" },
  );
  const token = `fldoh_${randomBytes(32).toString("base64url")}`;
  const hash = createHash("sha256").update(token).digest("hex");
  return {
    port,
    path: `/dns-query/${token}`,
    lines: [`doh: { listen: "127.0.0.1:${port}", cert: ${cert}, key: ${key} }`],
    policyLines: [
      `  identity: { people: [{ id: "1" }], devices: [{ id: "1", mac: null, person: "1" }], roaming: [{ tokenHash: "${hash}", device: "1" }] }`,
    ],
  };
}

/**
 * Sends the queries of `lines` ("name TYPE") round and round over `sessions` HTTP/2 sessions with
 * `streams` requests in flight on each, for `seconds` or `maxQueries`, whichever ends first.
 */
export async function dohBench(options: {
  port: number;
  path: string;
  pid: number;
  lines: readonly string[];
  seconds: number;
  maxQueries?: number;
  sessions?: number;
  streams?: number;
}): Promise<DohRun> {
  const { sessions = 4, streams = 64, maxQueries = 2_000_000 } = options;
  const packets = options.lines.slice(0, 50_000).map((line, i) => {
    const [name = "", type = "A"] = line.split(" ");
    return queryPacket(i & 0xffff, name, QTYPES[type] ?? 1);
  });
  const open = Array.from({ length: sessions }, () => {
    const session = connect(`https://127.0.0.1:${options.port}`, { rejectUnauthorized: false });
    session.on("error", () => {});
    return session;
  });
  let sent = 0;
  let done = 0;
  let failed = 0;
  const deadline = performance.now() + options.seconds * 1000;
  const more = () => performance.now() < deadline && sent < maxQueries;
  const loop = async (session: ClientHttp2Session) => {
    while (more()) {
      const packet = packets[sent++ % packets.length] as Buffer;
      const ok = await post(session, options.path, packet);
      if (ok) done++;
      else failed++;
    }
  };
  // Warm up (JIT, cache, TLS) before measuring.
  await Promise.all(open.map((session) => post(session, options.path, packets[0] as Buffer)));
  const cpuBefore = cpuSeconds(options.pid);
  const started = performance.now();
  await Promise.all(open.flatMap((session) => Array.from({ length: streams }, () => loop(session))));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(options.pid) - cpuBefore;
  for (const session of open) session.close();
  return { qps: done / elapsed, cpuMicros: done > 0 ? (cpu / done) * 1e6 : 0, failed };
}

function post(session: ClientHttp2Session, path: string, packet: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    const stream = session.request({
      ":method": "POST",
      ":path": path,
      "content-type": "application/dns-message",
      accept: "application/dns-message",
    });
    let status = 0;
    stream.on("response", (headers) => {
      status = Number(headers[":status"]);
    });
    stream.on("data", () => {});
    stream.on("end", () => resolve(status === 200));
    stream.on("error", () => resolve(false));
    stream.end(packet);
  });
}

/** The DoH figures beside the agent's UDP ones (dnsperf, same query file, pinned the same way). */
export function printDohBench(label: string, doh: DohRun[], udp: { qps: number; cpuMicros: number }[] | undefined) {
  if (doh.length === 0) return;
  const median = <T>(runs: T[], by: (run: T) => number) =>
    [...runs].sort((a, b) => by(a) - by(b))[Math.floor(runs.length / 2)] as T;
  const d = median(doh, (run) => run.qps);
  console.log(`\nDNS over HTTPS (HTTP/2, TLS; agent pinned to CPU 1, ${label}, median of ${doh.length}):`);
  console.log("  transport   queries/s   CPU ms per query");
  if (udp && udp.length > 0) {
    const u = median(udp, (run) => run.qps);
    console.log(`  UDP         ${fmt(u.qps)}   ${(u.cpuMicros / 1000).toFixed(4)}`);
  }
  console.log(
    `  DoH         ${fmt(d.qps)}   ${(d.cpuMicros / 1000).toFixed(4)}${d.failed ? `   (${d.failed} not 200)` : ""}`,
  );
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-GB").padStart(9);
