import type { Heartbeat } from "@fenceline/shared/events";
import { QueryCountDeltas } from "../events/query-counts.ts";
import type { AgentMetrics } from "../http/agent-metrics.ts";
import type { ResolverCore } from "../resolver-core.ts";
import { AGENT_VERSION } from "../version.ts";
import type { EventStore } from "./event-store.ts";
import type { ListRefresh } from "./list-refresh.ts";

/**
 * What each heartbeat tells the hub: look-ups since the last beat (every DNS thread's, read off
 * the figures), outbox depth and drops, upstream health, and the lists in force and their updates.
 */
export function heartbeatBody(sources: {
  metrics: AgentMetrics;
  core: ResolverCore;
  events: EventStore;
  lists: ListRefresh;
}): () => Omit<Heartbeat, "schemaVersion"> {
  const { metrics, core, events, lists } = sources;
  const sinceBeat = new QueryCountDeltas();
  return () => {
    const { byOutcome: queries, counts } = sinceBeat.take(metrics.figures.queries.cells());
    const meta = core.policy().lists.meta;
    const { outbox, spool } = events;
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
  };
}
