import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningAgent, startAgent } from "@fenceline/agent/src/agent.ts";
import { validateConfig } from "@fenceline/agent/src/config/load-config.ts";
import { type HostPort, parseHostPort, parseTaxonomy } from "@fenceline/shared";
import { encodeSnapshot, type InMemoryList, listsFromEntries } from "@fenceline/shared/matcher";
import { pino } from "pino";
import { freePort } from "./free-port.ts";
import { TestUpstream } from "./test-upstream.ts";

/** Lists for resolver tests, in the real taxonomy's categories. */
export const TEST_LISTS: InMemoryList[] = [
  { id: "test-adult", kind: "block", category: "adult", entries: ["adult.test", "porn.blogspot.test"] },
  { id: "test-csam", kind: "block", category: "child-abuse", entries: ["csam.test"] },
  { id: "test-self-harm", kind: "block", category: "self-harm", entries: ["selfharm.test"] },
  { id: "test-doh", kind: "block", category: "doh", entries: ["doh.test"] },
  { id: "test-social", kind: "block", category: "social-networks", entries: ["social.test"] },
  { id: "test-games", kind: "block", category: "games", entries: ["game.test"] },
  { id: "test-streaming", kind: "block", category: "streaming", entries: ["video.test"] },
  { id: "test-sex-ed", kind: "allow", allows: ["adult"], entries: ["health.adult.test"] },
];

export interface Harness {
  agent: RunningAgent;
  upstream: TestUpstream;
  dns: { host: string; port: number };
  httpPort: number;
  snapshotPath: string;
  stop(): Promise<void>;
}

/** Clients: students on 127.0.0.0/24, staff on 127.0.1.0/24, everyone else is a guest. */
export const STUDENT = "127.0.0.1";
export const STAFF = "127.0.1.1";
export const GUEST = "127.0.2.1";

/**
 * The harness's groups, one per block mode: students (block page; their allow list holds a locked
 * and an unlocked name), staff (null address, a block override, moderate YouTube) and guests.
 */
export const TEST_GROUPS = [
  {
    id: "students",
    kind: "student",
    cidrs: ["127.0.0.0/24"],
    blockMode: "blockpage",
    allow: ["csam.test", "adult.test"],
  },
  {
    id: "staff",
    kind: "staff",
    cidrs: ["127.0.1.0/24"],
    blockMode: "null-address",
    block: ["blocked-for-staff.test"],
    safeSearch: { enabled: true, youtube: "moderate" },
  },
  { id: "guests", kind: "guest", blockMode: "nxdomain" },
];

/** Writes a snapshot of TEST_LISTS into `dir`, in the real taxonomy; returns its path. */
export function writeTestSnapshot(dir: string): string {
  const taxonomy = parseTaxonomy(readFileSync(new URL("../../blocklists/categories.yaml", import.meta.url), "utf8"));
  const lists = listsFromEntries(taxonomy.categories, TEST_LISTS, [0x51ed, 0x5eed]);
  const path = join(dir, "lists.snapshot");
  writeFileSync(path, encodeSnapshot(lists.matcher, lists.meta));
  return path;
}

/** Starts a test upstream and an agent in this process, on loopback ports chosen by the OS. */
export async function startHarness(
  overrides: {
    policy?: Record<string, unknown>;
    upstreams?: string[];
    forwardZones?: { zone: string; upstreams: string[]; allowByDefault?: boolean }[];
    upstreamMaxInFlight?: number;
    /** How long the agent waits on an upstream (300 ms unless set: the upstream tests time out quickly). */
    upstreamTimeoutMs?: number;
    upstreamProbeMs?: number;
    /** DNS threads: the main one and `workers - 1` worker threads on the same port. */
    workers?: number;
    cache?: Record<string, unknown>;
    tcp?: Record<string, unknown>;
    leases?: { file: string; format: "dnsmasq" | "isc" };
    identity?: Record<string, unknown>;
    outbox?: { file: string; maxEvents: number; flushMs: number };
    lists?: Record<string, unknown>;
    /** DNS over HTTPS for roaming devices: listen address, certificate and key files. */
    doh?: { listen: string; cert: string; key: string };
    hub?: {
      url: string;
      credentialFile: string;
      heartbeatSeconds: number;
      policyPollSeconds?: number;
      checkPollSeconds?: number;
      policyCacheFile?: string;
    };
  } = {},
): Promise<Harness> {
  const upstream = await new TestUpstream().start();
  const work = mkdtempSync(join(tmpdir(), "fenceline-agent-"));
  const snapshotPath = writeTestSnapshot(work);
  const config = validateConfig({
    // UDP and TCP share the port: a number outside the ephemeral range, which no outgoing
    // connection can hold, rather than port 0 (UDP's pick may be taken for TCP meanwhile).
    listen: [`127.0.0.1:${await freePort()}`],
    upstreams: overrides.upstreams ?? [upstream.url],
    upstreamTimeoutMs: overrides.upstreamTimeoutMs ?? 300,
    snapshot: snapshotPath,
    http: "127.0.0.1:0",
    ...(overrides.forwardZones ? { forwardZones: overrides.forwardZones } : {}),
    ...(overrides.upstreamMaxInFlight ? { upstreamMaxInFlight: overrides.upstreamMaxInFlight } : {}),
    ...(overrides.upstreamProbeMs ? { upstreamProbeMs: overrides.upstreamProbeMs } : {}),
    ...(overrides.workers ? { workers: overrides.workers } : {}),
    ...(overrides.cache ? { cache: overrides.cache } : {}),
    ...(overrides.tcp ? { tcp: overrides.tcp } : {}),
    ...(overrides.leases ? { leases: overrides.leases } : {}),
    ...(overrides.identity ? { identity: overrides.identity } : {}),
    ...(overrides.outbox ? { outbox: overrides.outbox } : {}),
    ...(overrides.lists ? { lists: overrides.lists } : {}),
    ...(overrides.hub ? { hub: overrides.hub } : {}),
    ...(overrides.doh ? { doh: overrides.doh } : {}),
    policy: {
      defaultGroup: "guests",
      blockPage: {
        ipv4: "10.99.99.99",
        ipv6: "fd99::99",
        reviewUrl: "https://hub.test/review",
        reportUrl: "https://hub.test/report-a-problem?site=school-a",
      },
      groups: TEST_GROUPS,
      ...overrides.policy,
    },
    logLevel: "silent",
  });
  const agent = await startAgent(config, pino({ level: "silent" }));
  return {
    agent,
    upstream,
    dns: listeningOn(agent.dns.udp[0] as string),
    httpPort: agent.httpPort as number,
    snapshotPath,
    async stop() {
      await agent.stop();
      await upstream.stop();
    },
  };
}

/** Host and port of an address the agent reports it listens on (`127.0.0.1:5353`, `[::1]:5353`). */
export function listeningOn(address: string): HostPort {
  const parsed = parseHostPort(address);
  if (!parsed.ok) throw new Error(`the agent reported listening on ${parsed.problem}`);
  return parsed.value;
}
