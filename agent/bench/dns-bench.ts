/**
 * `pnpm bench:dns`: the agent against dnsmasq (the engine under Pi-hole) and unbound, same lists,
 * same query files, same local upstream, in one run. dnsperf runs on CPU 0, the server under test
 * on CPU 1; then all share both CPUs. Installs dnsperf, dnsmasq and unbound (Debian) when missing.
 * Traffic stays on 127.0.0.1.
 */
import { type ChildProcess, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseList } from "@fenceline/shared";
import { addressRecordData } from "../src/dns/address-bytes.ts";
import { compileLists } from "../src/lists/compile-lists.ts";
import { DEFAULT_MANIFEST_PATH, loadManifest, loadTaxonomy } from "../src/lists/list-data.ts";
import {
  cpuSeconds,
  dnsperf,
  dnsperfWithCpu,
  ensureCommands,
  percentile,
  rssBytes,
  startPinned,
  waitForAnswer,
} from "./bench-tools.ts";
import { type BlockCheck, CHECKED_TYPES, checkBlocking } from "./block-check.ts";
import { isBlocked, serverPid, stopChild } from "./child-process.ts";
import {
  medianBy,
  printDnsBench,
  type Run,
  type ServerFigures,
  UNPINNED_LABELS,
  type UnpinnedRun,
} from "./dns-bench-report.ts";
import { type DohRun, dohAgentConfig, dohBench, printDohBench } from "./doh-bench.ts";
import { identityServer, printIdentityComparison, writeIdentityConfig } from "./identity-bench.ts";
import { namesInFolder, random } from "./realistic-names.ts";
import {
  type BenchServer,
  dnsmasqLoggingServer,
  dnsmasqServer,
  unboundServer,
  writeDnsmasqConfig,
  writeUnboundConfig,
} from "./reference-servers.ts";

const corpus = resolve(process.env.FENCELINE_CORPUS ?? join(import.meta.dirname, "../../../shared/corpus"));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
/** Pinned runs are repeated in rounds, the two servers taking turns; the median run is reported. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** BENCH_SERVERS=agent,dnsmasq runs only the servers named (the default is all of them). */
const only = process.env.BENCH_SERVERS?.split(",").map((name) => name.trim());
const chosen = (server: BenchServer) => !only || only.some((name) => server.name.startsWith(name));
/** What the benchmark upstream answers for every name: a forwarded query is known by these. */
const UPSTREAM_ADDRESSES = { v4: "192.0.2.1", v6: "2001:db8::1" };
const upstreamAnswers = Object.values(UPSTREAM_ADDRESSES).map((address) =>
  Buffer.from(addressRecordData(address) as Uint8Array),
);
const ports = { upstream: 15300, dnsmasq: 15301, agent: 15302, unbound: 15303, agentHttp: 15310, radius: 15312 };
// The agent as deployed: the esbuild bundle (pnpm build), with the systemd unit's V8 flag and compile cache.
const agentBundle = join(import.meta.dirname, "../dist/fenceline-agent.mjs");

ensureCommands({ dnsperf: "dnsperf", dnsmasq: "dnsmasq-base", unbound: "unbound", taskset: "util-linux" });
execFileSync(process.execPath, [join(import.meta.dirname, "../../scripts/build.mjs")], { stdio: "inherit" });
const work = mkdtempSync(join(tmpdir(), "fenceline-dns-bench-"));
// As the systemd unit runs it: with Node's compile cache (filled by the first start).
process.env.NODE_COMPILE_CACHE = join(work, "node-compile-cache");
const children: ChildProcess[] = [];
const stopAll = () => {
  for (const child of children) child.kill("SIGTERM");
};
process.on("exit", stopAll);

try {
  // Lists: the real corpus, compiled for the agent and written as address=/d/ lines for dnsmasq.
  const taxonomy = await loadTaxonomy();
  const sources = (await loadManifest(DEFAULT_MANIFEST_PATH, taxonomy)).filter((s) => s.kind === "block");
  const compiled = await compileLists({
    categories: taxonomy.categories,
    sources,
    origin: { mirror: corpus },
    skipMissing: true,
  });
  if (!compiled.snapshot) throw new Error("list compile failed");
  const snapshot = join(work, "lists.snapshot");
  writeFileSync(snapshot, compiled.snapshot);
  const blocked = new Set<string>();
  for (const source of sources) {
    if (!source.mirror) continue;
    try {
      parseList(readFileSync(join(corpus, source.mirror)), (name, length) => {
        blocked.add(Buffer.from(name.buffer, name.byteOffset, length).toString("latin1"));
      });
    } catch {
      // sources missing from the corpus are left out for both servers
    }
  }
  const blockedNames = [...blocked];
  const dnsmasqConf = writeDnsmasqConfig(work, blockedNames, ports.upstream);
  const dnsmasqNxdomainConf = writeDnsmasqConfig(work, blockedNames, ports.upstream, "");
  const unboundConf = (threads: number) =>
    writeUnboundConfig(work, blockedNames, ports.upstream, ports.unbound, threads);
  console.log(
    `lists: ${blockedNames.length.toLocaleString()} distinct blocked names, given to every server to answer with 0.0.0.0 (dnsmasq address=/d/0.0.0.0, unbound always_null, the agent null-address), and to dnsmasq also as address=/d/ (NXDOMAIN)`,
  );

  // Query files.
  const popular = namesInFolder(join(corpus, "allowed")).filter((n) => !isBlocked(n, blocked));
  const next = random(11);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)] as T;
  const hot = popular.slice(0, 2000);
  // Devices ask for A, AAAA and HTTPS records of each name they visit, one after the other.
  const types = Object.keys(CHECKED_TYPES);
  const askedByDevices = Array.from({ length: Math.floor(200_000 / types.length) }, () => pick(blockedNames));
  const files = {
    "all-blocked": Array.from({ length: 200_000 }, () => `${pick(blockedNames)} A`),
    "all-blocked, A/AAAA/HTTPS": askedByDevices.flatMap((name) => types.map((type) => `${name} ${type}`)),
    "cached allowed": Array.from({ length: 100_000 }, () => `${pick(hot.slice(0, 500))} A`),
    "realistic mix": Array.from({ length: 300_000 }, () => {
      const roll = next();
      if (roll < 0.85) return `${next() < 0.5 ? "www." : ""}${pick(hot)} A`;
      if (roll < 0.95) return `${pick(blockedNames)} A`;
      return `r${Math.floor(next() * 1e9).toString(36)}.${pick(popular)} A`;
    }),
  };
  const fileOf = (label: string) => join(work, `${label.replace(/\W+/g, "-")}.txt`);
  for (const [label, lines] of Object.entries(files)) writeFileSync(fileOf(label), `${lines.join("\n")}\n`);

  // The upstream: a dnsmasq answering every name itself, on CPU 0 beside dnsperf (it is cheap).
  children.push(
    startPinned(0, "dnsmasq", [
      "--keep-in-foreground",
      "--no-resolv",
      "--no-hosts",
      `--port=${ports.upstream}`,
      "--listen-address=127.0.0.1",
      "--bind-interfaces",
      `--address=/#/${UPSTREAM_ADDRESSES.v4}`,
      `--address=/#/${UPSTREAM_ADDRESSES.v6}`,
      "--local-ttl=300",
      "--conf-file=/dev/null",
      "--pid-file=",
    ]),
  );
  await waitForAnswer(ports.upstream);

  const agentConfig = join(work, "agent.yaml");
  const outboxFile = join(work, "outbox.sqlite");
  const doh = dohAgentConfig(work, 15311);
  writeFileSync(
    agentConfig,
    [
      `listen: ["127.0.0.1:${ports.agent}"]`,
      `upstreams: ["udp://127.0.0.1:${ports.upstream}"]`,
      `snapshot: ${snapshot}`,
      `http: "127.0.0.1:${ports.agentHttp}"`,
      "policy:",
      "  defaultGroup: everyone",
      "  groups:",
      "    - { id: everyone, kind: staff, blockMode: null-address, categories: { adult: block, gambling: block, malware: block, phishing: block, drugs: block, hate: block, doh: block, vpn: block, proxies: block, piracy: block, games: block, social-networks: block, chat: block, dating: block, streaming: block, shopping: block, news: block, leisure: block, education: block, technology: block, advertising: block, finance: block, webmail: block, downloads: block, file-sharing: block, generative-ai: block, crypto: block, url-shorteners: block, blogs-forums: block, remote-access: block, dynamic-dns: block, misinformation: block, cults: block, lingerie: block, adult-mixed: block, vaping: block, violence: block, gore: block, stalkerware: block, hacking: block }, safeSearch: { enabled: false } }",
      ...doh.policyLines,
      `outbox: { file: ${outboxFile}, maxEvents: 1000000 }`,
      ...doh.lines,
      "logLevel: warn",
    ].join("\n"),
  );

  /** The agent with a config, pinned to a CPU or not. */
  const agentServer = (name: string, cpu: number | null, config: string): BenchServer => ({
    name,
    port: ports.agent,
    start: () => {
      // Each run starts as a fresh install would: an empty outbox (there is no hub to empty it).
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${outboxFile}${suffix}`, { force: true });
      const flags = ["--max-semi-space-size=2", "--heap-growing-percent=50"];
      return startPinned(cpu, process.execPath, [...flags, agentBundle, "start", "--config", config]);
    },
  });
  const servers: BenchServer[] = [
    dnsmasqServer(dnsmasqConf, ports.dnsmasq, 1),
    dnsmasqServer(dnsmasqNxdomainConf, ports.dnsmasq, 1, "dnsmasq, NXDOMAIN"),
    dnsmasqLoggingServer(dnsmasqConf, ports.dnsmasq, 1, join(work, "dnsmasq-queries.log")),
    unboundServer(unboundConf(1), ports.unbound, 1),
    agentServer("agent", 1, agentConfig),
    identityServer(
      agentServer("agent, identity", 1, writeIdentityConfig(work, agentConfig, ports.radius)),
      ports.radius,
    ),
  ];
  const runs: Record<string, Record<string, Run[]>> = {};
  const extra: Record<string, ServerFigures> = {};
  const blocking: Record<string, BlockCheck> = {};
  const dohRuns: DohRun[] = [];
  for (let round = 0; round < ROUNDS; round++)
    for (const server of servers.filter(chosen)) {
      const started = performance.now();
      const child = server.start();
      children.push(child);
      await waitForAnswer(server.port);
      const startMs = performance.now() - started;
      await server.afterStart?.();
      const pid = serverPid(child);
      const startRss = rssBytes(pid);
      if (round === 0)
        blocking[server.name] = await checkBlocking(server.port, askedByDevices.slice(0, 100), upstreamAnswers);
      runs[server.name] ??= {};
      const byFile = runs[server.name] as Record<string, Run[]>;
      for (const label of Object.keys(files)) {
        dnsperf(0, server.port, fileOf(label), 2, ["-c", "8", "-q", "200"]); // warm up the cache and JIT
        const cpuBefore = cpuSeconds(pid);
        const run = dnsperf(0, server.port, fileOf(label), SECONDS, ["-c", "8", "-q", "200"]);
        const cpuMicros = ((cpuSeconds(pid) - cpuBefore) / run.queries) * 1e6;
        byFile[label] = [...(byFile[label] ?? []), { qps: run.qps, cpuMicros, lost: run.lost }];
      }
      if (server.name === "agent")
        dohRuns.push(await dohBench({ ...doh, pid, lines: files["realistic mix"], seconds: SECONDS }));
      const paced = dnsperf(0, server.port, fileOf("realistic mix"), 5, ["-Q", "2000"], true);
      extra[server.name] = {
        startMs,
        startRss,
        rss: rssBytes(pid),
        cached: server.name === "agent" ? await agentCacheEntries() : null,
        p50: percentile(paced.latenciesMs, 0.5),
        p90: percentile(paced.latenciesMs, 0.9),
        p99: percentile(paced.latenciesMs, 0.99),
        avg: paced.averageLatencyMs,
      };
      await stopChild(child);
    }

  // Unpinned: both CPUs shared by dnsperf and the server; the agent with one DNS worker per core.
  const workersConfig = join(work, "agent-workers.yaml");
  writeFileSync(workersConfig, `${readFileSync(agentConfig, "utf8")}\nworkers: 2\n`);
  const unpinned: Record<string, Record<string, UnpinnedRun[]>> = {};
  const unpinnedServers: BenchServer[] = [
    dnsmasqServer(dnsmasqConf, ports.dnsmasq, null),
    { ...unboundServer(unboundConf(2), ports.unbound, null), name: "unbound, 2 threads" },
    agentServer("agent, 1 worker", null, agentConfig),
    agentServer("agent, 2 workers", null, workersConfig),
  ];
  // Unpinned runs vary more than pinned ones (the scheduler places four busy threads on two
  // CPUs), so they too take turns in rounds.
  for (let round = 0; round < ROUNDS; round++)
    for (const server of unpinnedServers.filter(chosen)) {
      const child = server.start();
      children.push(child);
      await waitForAnswer(server.port);
      const pid = serverPid(child);
      unpinned[server.name] ??= {};
      const byFile = unpinned[server.name] as Record<string, UnpinnedRun[]>;
      // Two dnsperf threads, so that it can use both CPUs too.
      const load = ["-c", "16", "-q", "400", "-T", "2"];
      for (const label of UNPINNED_LABELS) {
        dnsperf(null, server.port, fileOf(label), 2, load);
        const { qps, serverMicros, loadMicros } = await dnsperfWithCpu(pid, server.port, fileOf(label), SECONDS, load);
        byFile[label] = [...(byFile[label] ?? []), { qps, serverMicros, loadMicros }];
      }
      await stopChild(child);
    }

  printDnsBench({
    seconds: SECONDS,
    rounds: ROUNDS,
    labels: Object.keys(files),
    pinned: runs,
    unpinned,
    figures: extra,
    blocking,
  });
  printDohBench("realistic mix", dohRuns, runs.agent?.["realistic mix"]);
  printIdentityComparison(Object.keys(files), (server, label) => medianBy(runs[server]?.[label]));
} finally {
  stopAll();
  // BENCH_KEEP=1 keeps the snapshot, configs and query files for runs by hand.
  if (process.env.BENCH_KEEP) console.log(`\nkept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

/** The agent's cache size, from its metrics. */
async function agentCacheEntries(): Promise<number | null> {
  const metrics = await (await fetch(`http://127.0.0.1:${ports.agentHttp}/metrics`)).text();
  const entries = /^fenceline_cache_entries (\d+)$/m.exec(metrics)?.[1];
  return entries === undefined ? null : Number(entries);
}
