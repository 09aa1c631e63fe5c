import type { Logger } from "pino";
import type { AgentConfig } from "../config/agent-config.ts";
import type { AgentMetrics } from "../http/agent-metrics.ts";
import { IdentityFeed } from "../identity/identity-feed.ts";
import type { IdentityMap } from "../identity/identity-map.ts";
import { startRadiusListener } from "../identity/radius-listener.ts";
import type { DnsWorkers } from "./dns-workers.ts";
import type { Part } from "./part-stack.ts";

/** How often expired mappings are cleared out (lookups ignore them meanwhile). */
const SWEEP_MS = 60_000;

/**
 * Identity from the network: the RADIUS accounting listener filling `identities` (the map the
 * main thread's resolver reads), a feed of its changes to the DNS workers' copies, a sweep of
 * expired entries, and the metrics. Nothing without `identity.radius`.
 */
export async function startNetworkIdentity(
  config: AgentConfig,
  deps: { identities: IdentityMap; workers: DnsWorkers; metrics: AgentMetrics },
  log: Logger,
): Promise<Part & { radiusPort: number | null }> {
  const radius = config.identity?.radius;
  if (!radius) return { radiusPort: null, stop() {} };
  const { identities, workers, metrics } = deps;
  const feed = new IdentityFeed((changes) => workers.tell({ type: "identity", changes }));
  // The workers' copies start from the whole map (empty at start), then follow each change.
  if (identities.size > 0) workers.tell({ type: "identity", changes: identities.all() });
  identities.watch(feed.push);
  const gauges = () => {
    metrics.identityAddresses.set(identities.size);
    metrics.identityEvicted.set(identities.dropped);
  };
  gauges();
  const listener = await startRadiusListener(
    radius,
    identities,
    {
      accepted(status) {
        metrics.radiusRequests.inc({ status });
        gauges();
      },
      dropped: (reason) => metrics.radiusDropped.inc({ reason }),
    },
    log.child({ module: "radius" }),
  );
  const sweep = setInterval(() => {
    identities.sweep(Date.now());
    gauges();
  }, SWEEP_MS);
  sweep.unref();
  return {
    radiusPort: listener.port,
    async stop() {
      clearInterval(sweep);
      feed.stop();
      await listener.stop();
    },
  };
}
