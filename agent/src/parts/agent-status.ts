import type { Heartbeat } from "@fenceline/shared/events";
import type { AgentConfig } from "../config/agent-config.ts";
import { QueryCountDeltas } from "../events/query-counts.ts";
import type { AgentMetrics } from "../http/agent-metrics.ts";
import type { ResolverCore } from "../resolver-core.ts";
import type { EventShipper } from "../shipper/event-shipper.ts";
import { AGENT_VERSION } from "../version.ts";
import type { DnsWorkers } from "./dns-workers.ts";
import type { EventStore } from "./event-store.ts";
import type { ListRefresh } from "./list-refresh.ts";

export interface StatusSources {
  config: AgentConfig;
  metrics: AgentMetrics;
  core: ResolverCore;
  workers: DnsWorkers;
  events: EventStore;
  lists: ListRefresh;
}

/**
 * How the agent is, read off its parts when asked: the heartbeat's body, /health's, and the
 * gauges brought up to date before a /metrics scrape. Nothing here runs by itself.
 */
export function agentStatus({ config, metrics, core, workers, events, lists }: StatusSources) {
  const { outbox, spool } = events;
  /** Look-ups since the last heartbeat, read off the figures (this thread's and the DNS workers'). */
  const sinceBeat = new QueryCountDeltas();
  /** The caches of every DNS thread together. */
  const cacheSize = () => {
    const own = core.cacheSize();
    const theirs = workers.cacheSize();
    return { entries: own.entries + theirs.entries, bytes: own.bytes + theirs.bytes };
  };
  return {
    heartbeat(): Omit<Heartbeat, "schemaVersion"> {
      const { byOutcome: queries, counts } = sinceBeat.take(metrics.figures.queries.cells());
      const meta = core.policy().lists.meta;
      return {
        agentVersion: AGENT_VERSION,
        uptimeSeconds: Math.round(process.uptime()),
        queries,
        counts,
        outbox: { depth: outbox?.depth ?? 0, dropped: (outbox?.dropped ?? 0) + spool.dropped },
        upstreams: core.upstreams().map((u) => ({ url: u.url, healthy: u.healthy, lastError: u.lastError })),
        lists: {
          version: meta.version,
          builtAt: meta.builtAt,
          lists: meta.lists.map((l) => ({ id: l.id, version: l.version, entries: l.entries })),
        },
        listsUpdate: lists.last(),
      };
    },
    health(shipper: EventShipper | null) {
      const meta = core.policy().lists.meta;
      const upstreams = core.upstreams();
      return {
        healthy: upstreams.some((u) => u.healthy),
        lists: { version: meta.version, builtAt: meta.builtAt, lists: meta.lists.length },
        upstreams,
        cache: cacheSize(),
        workers: config.workers,
        events: {
          queued: spool.queued,
          dropped: spool.dropped,
          outbox: outbox?.depth ?? null,
          outboxDropped: outbox?.dropped ?? null,
        },
        hub: shipper ? { sent: shipper.sent, rejected: shipper.rejected, lastError: shipper.lastError } : null,
        listsUpdate: lists.last(),
        memory: memory(),
      };
    },
    refreshGauges() {
      const meta = core.policy().lists.meta;
      metrics.cacheEntries.set(cacheSize().entries);
      metrics.eventsDropped.set(spool.dropped);
      metrics.listVersion.reset();
      metrics.listVersion.set({ version: meta.version }, 1);
      metrics.listAge.set((Date.now() - Date.parse(meta.builtAt)) / 1000);
    },
  };
}

function memory() {
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapTotal, heapUsed, external, arrayBuffers };
}
