import { readFileSync, statSync, unwatchFile, watchFile } from "node:fs";
import cron from "node-cron";
import type { Logger } from "pino";
import type { AgentConfig } from "./config/agent-config.ts";
import { startDnsWorker, stopDnsWorker } from "./dns-worker-host.ts";
import type { BoundedQueue } from "./events/bounded-queue.ts";
import type { OutcomeEvent } from "./events/outcome-event.ts";
import { QueryCountDeltas } from "./events/query-counts.ts";
import { agentHttpApp, startAgentHttp } from "./http/agent-http.ts";
import { createAgentMetrics } from "./http/agent-metrics.ts";
import { DEFAULT_MANIFEST_PATH } from "./lists/list-data.ts";
import { type ListUpdateResult, ListUpdater } from "./lists/list-updater.ts";
import { EventOutbox } from "./outbox/event-outbox.ts";
import { EventSpool } from "./outbox/event-spool.ts";
import { type CoreSink, startResolverCore } from "./resolver-core.ts";
import type { DnsServers } from "./server/dns-servers.ts";
import { parseListenAddress } from "./server/listen-address.ts";
import { DEFAULT_SHIPPER_OPTIONS, EventShipper } from "./shipper/event-shipper.ts";
import { startHeartbeats } from "./shipper/heartbeat-sender.ts";
import { readCachedPolicy, startPolicyPolling } from "./shipper/policy-puller.ts";
import { AGENT_VERSION } from "./version.ts";

export interface RunningAgent {
  dns: DnsServers["addresses"];
  httpPort: number | null;
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
 * Builds the agent from its configuration: one resolver core on this thread, `workers - 1` more
 * on worker threads sharing its sockets, and the HTTP side (health, metrics, block page) with the
 * metrics and event queue that every core reports into.
 */
export async function startAgent(fileConfig: AgentConfig, log: Logger): Promise<RunningAgent> {
  // The hub's policy, when it has sent one, replaces the file's: a restart without the hub keeps it.
  const cachedPolicy = fileConfig.hub ? readCachedPolicy(fileConfig.hub.policyCacheFile, log) : null;
  if (cachedPolicy) log.info({ version: cachedPolicy.version }, "using the hub's policy from the last good copy");
  const config: AgentConfig = cachedPolicy ? { ...fileConfig, policy: cachedPolicy.policy } : fileConfig;
  /** The site policy in force, for the list-source set it carries. */
  let sitePolicy = config.policy;
  const metrics = createAgentMetrics();
  const tally = metrics.tally;
  /** Look-ups since the last heartbeat, read off the tally (this thread and the DNS workers). */
  const sinceBeat = new QueryCountDeltas();
  const outbox = config.outbox ? new EventOutbox(config.outbox.file, config.outbox.maxEvents) : null;
  const spool = new EventSpool(outbox, log);
  const sink: CoreSink = {
    query: (outcome, label, group, seconds) => {
      tally.count(outcome, label, group);
      tally.time(outcome, seconds);
    },
    event: (event) => spool.push(event),
    upstream: (url, seconds, result) => metrics.upstreamLatency.observe({ upstream: url, result }, seconds),
    malformed: (kind) => metrics.malformed.inc({ kind }),
    truncated: () => metrics.truncated.inc(),
  };
  const core = await startResolverCore(config, log, sink, config.workers > 1);
  const flusher = outbox ? setInterval(spool.flush, config.outbox?.flushMs).unref() : null;
  const shipper =
    outbox && config.hub
      ? new EventShipper(
          outbox,
          { ...DEFAULT_SHIPPER_OPTIONS, hubUrl: config.hub.url, credential: readCredential(config.hub.credentialFile) },
          log.child({ module: "shipper" }),
        )
      : null;
  shipper?.start();
  const reload = () => {
    for (const worker of workers) worker.postMessage({ type: "reload" });
    return core.reloadLists();
  };
  // A new snapshot file (written by `fenceline-agent lists update` or a deployment) is loaded by itself.
  let snapshotTime = modifiedAt(config.snapshot);
  const onSnapshotChange = () => {
    const time = modifiedAt(config.snapshot);
    if (time === snapshotTime) return;
    snapshotTime = time;
    reload();
  };
  watchFile(config.snapshot, { interval: 2000 }, onSnapshotChange);
  const updater = config.lists
    ? new ListUpdater(
        {
          manifestPath: config.lists.manifest ?? DEFAULT_MANIFEST_PATH,
          origin: {
            cacheDir: config.lists.cacheDir,
            timeoutMs: config.lists.timeoutSeconds * 1000,
            ...(config.lists.mirror ? { mirror: config.lists.mirror } : {}),
          },
          snapshotPath: config.snapshot,
          maxShrink: config.lists.maxShrink,
          skipMissing: config.lists.skipMissing,
          sourceSet: () => sitePolicy.sources,
        },
        () => core.policy().lists.meta,
        log.child({ module: "lists" }),
      )
    : null;
  const updateLists = async (): Promise<ListUpdateResult> => {
    if (!updater)
      return {
        at: new Date().toISOString(),
        ok: false,
        version: null,
        errors: ["no lists section in the configuration"],
      };
    const result = await updater.update();
    if (result.ok) {
      snapshotTime = modifiedAt(config.snapshot);
      const loaded = reload();
      if (!loaded.ok) return { ...result, ok: false, errors: [loaded.error ?? "reload failed"] };
    }
    return result;
  };
  const task = config.lists
    ? cron.schedule(config.lists.schedule, () => void updateLists(), {
        timezone: config.policy.timezone,
        noOverlap: true,
      })
    : null;
  const stopPolicy = config.hub
    ? startPolicyPolling(
        { url: config.hub.url, credential: readCredential(config.hub.credentialFile) },
        config.hub.policyPollSeconds * 1000,
        config.hub.policyCacheFile,
        cachedPolicy,
        (policy) => {
          const applied = core.setPolicy(policy);
          if (!applied.ok) return false;
          for (const worker of workers) worker.postMessage({ type: "policy", policy });
          const sourcesChanged = JSON.stringify(policy.sources) !== JSON.stringify(sitePolicy.sources);
          sitePolicy = policy;
          // A new list-source set takes effect now, not at the next scheduled update.
          if (sourcesChanged && updater) void updateLists();
          return true;
        },
        log.child({ module: "policy" }),
      )
    : null;
  const stopHeartbeats = config.hub
    ? startHeartbeats(
        { url: config.hub.url, credential: readCredential(config.hub.credentialFile) },
        config.hub.heartbeatSeconds * 1000,
        () => {
          const { byOutcome: queries, counts } = sinceBeat.take(tally.cells());
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
            listsUpdate: updater?.last ?? null,
          };
        },
        log.child({ module: "heartbeat" }),
      )
    : null;
  /** Each DNS worker's cache size, as last reported. */
  const workerCaches = Array.from({ length: config.workers - 1 }, () => ({ entries: 0, bytes: 0 }));
  const workers = await Promise.all(
    workerCaches.map((_, i) =>
      startDnsWorker(config, metrics, spool, log, (size) => {
        workerCaches[i] = size;
      }),
    ),
  );
  /** The caches of every DNS thread together. */
  const cacheSize = () =>
    workerCaches.reduce(
      (sum, size) => ({ entries: sum.entries + size.entries, bytes: sum.bytes + size.bytes }),
      core.cacheSize(),
    );
  /** The gauges read off the agent's state; called on every scrape. */
  const refreshGauges = () => {
    const meta = core.policy().lists.meta;
    metrics.cacheEntries.set(cacheSize().entries);
    metrics.eventsDropped.set(spool.dropped);
    metrics.listVersion.reset();
    metrics.listVersion.set({ version: meta.version }, 1);
    metrics.listAge.set((Date.now() - Date.parse(meta.builtAt)) / 1000);
  };
  const health = () => {
    const meta = core.policy().lists.meta;
    const upstreamStatus = core.upstreams();
    const cache = cacheSize();
    return {
      healthy: upstreamStatus.some((u) => u.healthy),
      lists: { version: meta.version, builtAt: meta.builtAt, lists: meta.lists.length },
      upstreams: upstreamStatus,
      cache,
      workers: config.workers,
      events: {
        queued: spool.queued,
        dropped: spool.dropped,
        outbox: outbox?.depth ?? null,
        outboxDropped: outbox?.dropped ?? null,
      },
      hub: shipper ? { sent: shipper.sent, rejected: shipper.rejected, lastError: shipper.lastError } : null,
      listsUpdate: updater?.last ?? null,
      memory: memory(),
    };
  };
  let http: { port: number; close: () => Promise<void> } | null = null;
  if (config.http) {
    const { host, port } = parseListenAddress(config.http);
    http = await startAgentHttp(
      agentHttpApp({ metrics, refreshGauges, currentPolicy: () => core.policy(), health }),
      host,
      port,
    );
  }
  log.info(
    { dns: core.dns, http: http?.port ?? null, workers: config.workers, lists: core.policy().lists.meta.version },
    "agent started",
  );
  return {
    dns: core.dns,
    httpPort: http?.port ?? null,
    events: spool.events,
    outbox,
    reloadLists: reload,
    updateLists,
    async stop() {
      await Promise.all(workers.map(stopDnsWorker));
      await core.stop();
      await http?.close();
      if (flusher) clearInterval(flusher);
      stopHeartbeats?.();
      stopPolicy?.();
      await task?.stop();
      unwatchFile(config.snapshot, onSnapshotChange);
      await shipper?.stop();
      if (outbox) {
        spool.flush();
        outbox.close();
      }
      log.info("agent stopped");
    },
  };
}

function modifiedAt(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function readCredential(file: string): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    throw new Error(
      `cannot read the hub credential ${file}: ${(error as Error).message} (enrol with "fenceline-agent enrol")`,
    );
  }
}

function memory() {
  const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapTotal, heapUsed, external, arrayBuffers };
}
