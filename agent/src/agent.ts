import { readFileSync, unwatchFile, watchFile } from "node:fs";
import type { Logger } from "pino";
import { AnswerCache } from "./cache/answer-cache.ts";
import { parseLeases } from "./clients/dhcp-leases.ts";
import type { AgentConfig } from "./config/agent-config.ts";
import { BoundedQueue } from "./events/bounded-queue.ts";
import { isFlagged, type OutcomeEvent, outcomeEvent } from "./events/outcome-event.ts";
import { agentHttpApp, startAgentHttp } from "./http/agent-http.ts";
import { createAgentMetrics, queryRecorder } from "./http/agent-metrics.ts";
import { CurrentLists } from "./lists/current-lists.ts";
import { CompiledPolicy } from "./policy/compiled-policy.ts";
import { loadCircumventionRules, loadSafeSearchRules } from "./policy/name-rules.ts";
import { createResolver } from "./resolver/resolver-chain.ts";
import type { LeaseInfo } from "./resolver/stages/identify.ts";
import { type DnsServers, startDnsServers } from "./server/dns-servers.ts";
import { parseListenAddress } from "./server/listen-address.ts";
import { packetHandler } from "./server/packet-handler.ts";
import { createUpstream } from "./upstream/create-upstream.ts";
import { UpstreamPool } from "./upstream/upstream-pool.ts";

export interface RunningAgent {
  dns: DnsServers["addresses"];
  httpPort: number | null;
  events: BoundedQueue<OutcomeEvent>;
  /** Loads the snapshot file again; on failure the lists in force stay. */
  reloadLists(): { ok: boolean; error?: string };
  stop(): Promise<void>;
}

/** Flagged events waiting for the outbox; drained continuously, so a burst of minutes fits. */
const EVENT_QUEUE_CAPACITY = 10_000;

/** Builds every part from the configuration, wires them together and starts serving. */
export async function startAgent(config: AgentConfig, log: Logger): Promise<RunningAgent> {
  const lists = new CurrentLists();
  const loaded = lists.reload(config.snapshot);
  if (!loaded.ok) {
    throw new Error(
      `cannot load the list snapshot ${config.snapshot}: ${loaded.error.message} (build one with "fenceline lists compile")`,
    );
  }
  let policy = new CompiledPolicy(config.policy, lists.get() as NonNullable<ReturnType<CurrentLists["get"]>>);
  const metrics = createAgentMetrics();
  const events = new BoundedQueue<OutcomeEvent>(EVENT_QUEUE_CAPACITY);
  const cache = new AnswerCache(config.cache);
  const upstreams = new UpstreamPool(config.upstreams.map(createUpstream), {
    timeoutMs: config.upstreamTimeoutMs,
    downAfter: 3,
    observe: (url, ms, result) => metrics.upstreamLatency.observe({ upstream: url, result }, ms / 1000),
  });
  const leases = leaseReader(config, log);
  const countQuery = queryRecorder(metrics);
  const resolve = createResolver({
    log: log.child({ module: "resolver" }),
    currentPolicy: () => policy,
    leaseOf: leases.lookup,
    sink: (context, answer, elapsedMs) => {
      countQuery(answer.outcome, answer.label, context.client.group, elapsedMs / 1000);
      if (isFlagged(context, answer)) events.push(outcomeEvent(context, answer));
    },
    circumvention: await loadCircumventionRules(),
    safeSearchRules: await loadSafeSearchRules(),
    cache,
    upstreams,
  });
  const handle = packetHandler(resolve, {
    malformed: (kind) => metrics.malformed.inc({ kind }),
    truncated: () => metrics.truncated.inc(),
  });
  const dns = await startDnsServers(config.listen, handle, log.child({ module: "dns" }));
  const health = () => {
    const meta = policy.lists.meta;
    const upstreamStatus = upstreams.status();
    metrics.cacheEntries.set(cache.size);
    metrics.eventsDropped.set(events.dropped);
    metrics.listVersion.reset();
    metrics.listVersion.set({ version: meta.version }, 1);
    metrics.listAge.set((Date.now() - Date.parse(meta.builtAt)) / 1000);
    return {
      healthy: upstreamStatus.some((u) => u.healthy),
      lists: { version: meta.version, builtAt: meta.builtAt, lists: meta.lists.length },
      upstreams: upstreamStatus,
      cache: { entries: cache.size, bytes: cache.byteSize },
      events: { queued: events.size, dropped: events.dropped },
      memory: memory(),
    };
  };
  let http: { port: number; close: () => Promise<void> } | null = null;
  if (config.http) {
    const { host, port } = parseListenAddress(config.http);
    http = await startAgentHttp(agentHttpApp({ metrics, currentPolicy: () => policy, health }), host, port);
  }
  log.info({ dns: dns.addresses, http: http?.port ?? null, lists: policy.lists.meta.version }, "agent started");
  return {
    dns: dns.addresses,
    httpPort: http?.port ?? null,
    events,
    reloadLists() {
      const result = lists.reload(config.snapshot);
      if (!result.ok) {
        log.error(
          { err: result.error, kept: result.keptVersion },
          "list snapshot reload failed; keeping the lists in force",
        );
        return { ok: false, error: result.error.message };
      }
      try {
        policy = new CompiledPolicy(config.policy, lists.get() as NonNullable<ReturnType<CurrentLists["get"]>>);
      } catch (error) {
        log.error({ err: error }, "policy does not fit the new lists; keeping the previous ones");
        return { ok: false, error: (error as Error).message };
      }
      log.info({ version: result.version }, "list snapshot reloaded");
      return { ok: true };
    },
    async stop() {
      leases.stop();
      await dns.close();
      await http?.close();
      upstreams.close();
      log.info("agent stopped");
    },
  };
}

function memory() {
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapTotal, heapUsed, external, arrayBuffers };
}

/** Client names from the DHCP leases file, re-read when it changes. */
function leaseReader(
  config: AgentConfig,
  log: Logger,
): { lookup: (address: string) => LeaseInfo | null; stop: () => void } {
  if (!config.leases) return { lookup: () => null, stop: () => {} };
  const { file, format } = config.leases;
  let table = new Map<string, LeaseInfo>();
  const read = () => {
    try {
      table = parseLeases(readFileSync(file, "utf8"), format);
    } catch (error) {
      log.warn({ err: error, file }, "cannot read the DHCP leases file; clients stay unnamed");
    }
  };
  read();
  watchFile(file, { interval: 5000 }, read);
  return { lookup: (address) => table.get(address) ?? null, stop: () => unwatchFile(file, read) };
}
