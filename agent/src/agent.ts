import type { Logger } from "pino";
import { planCheck } from "./checks/check-plan.ts";
import { runCheck } from "./checks/run-check.ts";
import type { AgentConfig } from "./config/agent-config.ts";
import type { BoundedQueue } from "./events/bounded-queue.ts";
import type { OutcomeEvent } from "./events/outcome-event.ts";
import { createAgentMetrics } from "./http/agent-metrics.ts";
import { IdentityMap } from "./identity/identity-map.ts";
import type { ListUpdateResult } from "./lists/list-updater.ts";
import type { EventOutbox } from "./outbox/event-outbox.ts";
import { agentHealth } from "./parts/agent-health.ts";
import { startDnsWorkers } from "./parts/dns-workers.ts";
import { startEventStore } from "./parts/event-store.ts";
import { startFilterChecks } from "./parts/filter-checks.ts";
import { heartbeatBody } from "./parts/heartbeat-body.ts";
import { startHttpServer } from "./parts/http-server.ts";
import { startHubLink } from "./parts/hub-link.ts";
import { startListRefresh } from "./parts/list-refresh.ts";
import { startNetworkIdentity } from "./parts/network-identity.ts";
import { PartStack } from "./parts/part-stack.ts";
import { openPolicySource } from "./parts/policy-source.ts";
import { startRoamingDoh } from "./parts/roaming-doh.ts";
import { loadCheckSites } from "./policy/name-rules.ts";
import { startResolverCore } from "./resolver-core.ts";
import type { DnsServers } from "./server/dns-servers.ts";

export interface RunningAgent {
  dns: DnsServers["addresses"];
  httpPort: number | null;
  /** The DNS-over-HTTPS port for roaming devices; null without `doh`. */
  dohPort: number | null;
  /** The RADIUS accounting port, when `identity.radius` is configured. */
  radiusPort: number | null;
  /** Flagged events not yet moved to the outbox (all of them when no outbox is configured). */
  events: BoundedQueue<OutcomeEvent>;
  outbox: EventOutbox | null;
  /** Loads the snapshot file again, in every DNS worker; on failure the lists in force stay. */
  reloadLists(): { ok: boolean; error?: string };
  /** Fetches and compiles the lists now (configured `lists` only), then loads them if all went well. */
  updateLists(): Promise<ListUpdateResult>;
  stop(): Promise<void>;
}

/**
 * Builds the agent from its configuration, part by part (`src/parts/`). They start in this order
 * and stop in the reverse one; if one fails to start, those already running are stopped.
 */
export async function startAgent(fileConfig: AgentConfig, log: Logger): Promise<RunningAgent> {
  // The one owner of the site policy: the hub's last good copy when there is one, else the file's.
  const policy = openPolicySource(fileConfig, log);
  const config: AgentConfig = { ...fileConfig, policy: policy.current() };
  const metrics = createAgentMetrics();
  // The popular sites the filtering checks expect no group to block (a shipped data file).
  const popular = await loadCheckSites();
  const parts = new PartStack(log);
  try {
    // First and so stopped last: what the DNS threads hand over as they stop is still stored.
    const events = await parts.start(startEventStore(config, log));
    const sink = { figures: metrics.figures, event: (event: OutcomeEvent) => events.spool.push(event) };
    // Address → user from RADIUS accounting: read by the main thread's resolver, copied to the workers'.
    const identities = new IdentityMap(config.identity?.radius?.maxAddresses ?? 1);
    const core = await parts.start(startResolverCore(config, log, sink, config.workers > 1, identities));
    // Workers report into the same figures and spool as the main thread's core.
    const workers = await parts.start(startDnsWorkers(config, metrics.figures, events.spool, log));
    // After the workers, so that every change to the map reaches their copies.
    const network = await parts.start(startNetworkIdentity(config, { identities, workers, metrics }, log));
    const lists = await parts.start(startListRefresh(config, { core, workers, sitePolicy: policy.current }, log));
    const checkLog = log.child({ module: "checks" });
    const heartbeat = heartbeatBody({ metrics, core, events, lists });
    const hub = await parts.start(startHubLink(config, events.outbox, heartbeat, log));
    // After the workers: a policy from the hub reaches every DNS thread.
    const targets = { core, workers, onSourcesChanged: lists.sourcesChanged };
    await parts.start(policy.start(hub.access, targets));
    // After the hub link and the policy: the hub's filtering checks run against the policy in force.
    await parts.start(
      startFilterChecks({
        hub: hub.access,
        pollSeconds: config.hub?.checkPollSeconds ?? 60,
        run: (request, signal) => {
          const compiled = core.policy();
          const inputs = { policy: compiled, canaries: request.canaries, ...core.rules, popular, now: Date.now() };
          return runCheck(planCheck(inputs), core, compiled.lists.meta.version, checkLog, signal);
        },
        log: checkLog,
      }),
    );
    const { health, refreshGauges } = agentHealth({ config, metrics, core, workers, events, lists });
    const http = await parts.start(
      startHttpServer(config, {
        metrics,
        refreshGauges,
        currentPolicy: core.policy,
        health: () => health(hub.shipper),
      }),
    );
    // Last: roaming devices are answered only once the policy (and so their tokens) is in force.
    const doh = await parts.start(startRoamingDoh(config, { core, metrics }, log));
    const listsVersion = core.policy().lists.meta.version;
    log.info(
      { dns: core.dns, http: http.port, doh: doh.port, workers: config.workers, lists: listsVersion },
      "agent started",
    );
    return {
      dns: core.dns,
      httpPort: http.port,
      dohPort: doh.port,
      radiusPort: network.radiusPort,
      events: events.spool.events,
      outbox: events.outbox,
      reloadLists: lists.reload,
      updateLists: lists.update,
      async stop() {
        await parts.stop();
        log.info("agent stopped");
      },
    };
  } catch (error) {
    await parts.stop();
    throw error;
  }
}
