/**
 * The resolvers the agent is measured against in `pnpm bench:dns`, each given the same blocked
 * names (answered 0.0.0.0) and the same local upstream: dnsmasq (the engine under Pi-hole) and
 * unbound (a validating recursive resolver, here forwarding, with its validator off); dnsmasq
 * also answering NXDOMAIN (which it does for every record type), and as Pi-hole runs it, logging
 * every query.
 */
import type { ChildProcess } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startPinned } from "./bench-tools.ts";

export interface BenchServer {
  name: string;
  port: number;
  start(): ChildProcess;
  /** Runs once the server answers, before it is measured (the agent with identity fills its RADIUS map). */
  afterStart?(): Promise<void>;
}

/**
 * A dnsmasq configuration answering the blocked names with `answer`: "0.0.0.0" (the usual form;
 * since 2.86 dnsmasq answers only A queries itself then and forwards the other types) or "" (NXDOMAIN
 * for every type).
 */
export function writeDnsmasqConfig(
  work: string,
  blockedNames: readonly string[],
  upstreamPort: number,
  answer: "0.0.0.0" | "" = "0.0.0.0",
): string {
  const file = join(work, answer ? "dnsmasq.conf" : "dnsmasq-nxdomain.conf");
  const lines = [
    "no-resolv",
    "no-hosts",
    `server=127.0.0.1#${upstreamPort}`,
    "cache-size=10000",
    ...blockedNames.map((n) => `address=/${n}/${answer}`),
  ];
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

/** dnsmasq on one CPU (or free, with null). It is single-threaded. */
export function dnsmasqServer(config: string, port: number, cpu: number | null, name = "dnsmasq"): BenchServer {
  return { name, port, start: () => startPinned(cpu, "dnsmasq", dnsmasqArgs(config, port)) };
}

/**
 * dnsmasq writing a line for every query to a file, as Pi-hole runs it: the nearest it has to the
 * agent's record of each blocked look-up. The file starts empty each time.
 */
export function dnsmasqLoggingServer(config: string, port: number, cpu: number | null, logFile: string): BenchServer {
  return {
    name: "dnsmasq, logging",
    port,
    start: () => {
      rmSync(logFile, { force: true });
      const logging = ["--log-queries", `--log-facility=${logFile}`, "--log-async=25"];
      return startPinned(cpu, "dnsmasq", [...dnsmasqArgs(config, port), ...logging]);
    },
  };
}

function dnsmasqArgs(config: string, port: number): string[] {
  return [
    "--keep-in-foreground",
    `--conf-file=${config}`,
    `--port=${port}`,
    "--listen-address=127.0.0.1",
    "--bind-interfaces",
    "--pid-file=",
  ];
}

/** An unbound configuration per thread count: `always_null` local zones answer 0.0.0.0 / ::. */
export function writeUnboundConfig(
  work: string,
  blockedNames: readonly string[],
  upstreamPort: number,
  port: number,
  threads: number,
): string {
  const file = join(work, `unbound-${threads}.conf`);
  const lines = [
    "server:",
    "  interface: 127.0.0.1",
    `  port: ${port}`,
    "  do-daemonize: no",
    '  username: ""',
    '  chroot: ""',
    `  directory: "${work}"`,
    '  pidfile: ""',
    "  use-syslog: no",
    '  logfile: ""',
    "  verbosity: 0",
    `  num-threads: ${threads}`,
    "  so-reuseport: yes",
    "  access-control: 127.0.0.0/8 allow",
    "  do-not-query-localhost: no",
    '  module-config: "iterator"',
    "  qname-minimisation: no",
    ...blockedNames.map((n) => `  local-zone: "${n}." always_null`),
    "forward-zone:",
    '  name: "."',
    `  forward-addr: 127.0.0.1@${upstreamPort}`,
  ];
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

export function unboundServer(config: string, port: number, cpu: number | null): BenchServer {
  return { name: "unbound", port, start: () => startPinned(cpu, "unbound", ["-c", config]) };
}
