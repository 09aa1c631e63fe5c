import type { AgentConfig } from "../config/agent-config.ts";
import type { AgentMetrics } from "../http/agent-metrics.ts";
import type { ResolverCore } from "../resolver-core.ts";
import type { EventShipper } from "../shipper/event-shipper.ts";
import type { DnsWorkers } from "./dns-workers.ts";
import type { EventStore } from "./event-store.ts";
import type { ListRefresh } from "./list-refresh.ts";

export interface HealthSources {
  config: AgentConfig;
  metrics: AgentMetrics;
  core: ResolverCore;
  workers: DnsWorkers;
  events: EventStore;
  lists: ListRefresh;
}

/**
 * /health's body (503 while any upstream is down: its health comes from the failure accounting
 * of real exchanges and from the pool's timed probes, so it recovers on a quiet site too) and the gauges /metrics brings up to date before a scrape, read off the parts
 * when asked (every DNS thread's cache together); nothing here runs by itself.
 */
export function agentHealth({ config, metrics, core, workers, events, lists }: HealthSources) {
  const { outbox, spool } = events;
  const cacheSize = () => {
    const own = core.cacheSize();
    const theirs = workers.cacheSize();
    return { entries: own.entries + theirs.entries, bytes: own.bytes + theirs.bytes };
  };
  return {
    health(shipper: EventShipper | null) {
      const meta = core.policy().lists.meta;
      const upstreams = core.upstreams();
      return {
        // Healthy while DNS is answered: some upstream works. One that is down shows in `upstreams`
        // and as `degraded`, without taking a working gateway out of a load balancer's pool.
        healthy: upstreams.some((u) => u.healthy),
        degraded:
          upstreams.some((u) => !u.healthy) || core.forwardZones().some((z) => z.upstreams.some((u) => !u.healthy)),
        lists: { version: meta.version, builtAt: meta.builtAt, lists: meta.lists.length },
        upstreams,
        // A forward zone's resolvers down (the domain controllers) fail internal names only: shown, and degraded.
        forwardZones: core.forwardZones(),
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
