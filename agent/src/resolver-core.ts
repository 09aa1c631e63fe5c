import { readFileSync, unwatchFile, watchFile } from "node:fs";
import type { SitePolicy } from "@fenceline/shared/policy";
import type { Logger } from "pino";
import { AnswerCache } from "./cache/answer-cache.ts";
import { type CheckOutcome, checkLookup } from "./checks/check-lookup.ts";
import { parseLeases } from "./clients/dhcp-leases.ts";
import type { AgentConfig } from "./config/agent-config.ts";
import { isFlagged, type OutcomeEvent, outcomeEvent } from "./events/outcome-event.ts";
import type { ThreadFigures } from "./http/thread-figures.ts";
import { IdentityMap } from "./identity/identity-map.ts";
import { CurrentLists } from "./lists/current-lists.ts";
import { CompiledPolicy } from "./policy/compiled-policy.ts";
import {
  type CircumventionRule,
  loadCircumventionRules,
  loadSafeSearchRules,
  type SafeSearchRule,
} from "./policy/name-rules.ts";
import { createResolvers } from "./resolver/resolver-chain.ts";
import type { LeaseInfo } from "./resolver/stages/identify.ts";
import { type DnsServers, startDnsServers } from "./server/dns-servers.ts";
import { type PacketHandler, packetHandler } from "./server/packet-handler.ts";
import { createUpstream } from "./upstream/create-upstream.ts";
import { type UpstreamHealth, UpstreamPool } from "./upstream/upstream-pool.ts";
import { ForwardZonePools } from "./zones/forward-zone-pools.ts";

/** Where a resolver core reports what it did: its thread's figures, and flagged events one by one. */
export interface CoreSink {
  figures: ThreadFigures;
  event(event: OutcomeEvent): void;
}

export interface ResolverCore {
  dns: DnsServers["addresses"];
  /** Query bytes in, answer bytes out, through the same chain as the sockets (DNS over HTTPS uses it). */
  handle: PacketHandler;
  policy(): CompiledPolicy;
  /** The name rules the policy stage and safe search apply (read once at start). */
  rules: {
    circumvention: ReadonlyMap<string, CircumventionRule>;
    safeSearch: ReadonlyMap<string, SafeSearchRule>;
  };
  /**
   * A filtering check's look-up: `name` (A) resolved as a client of `group` would, with the same
   * policy, cache, upstreams and zones, but raising no events and no query figures; "timeout"
   * after 5 s.
   */
  check(name: string, group: string): Promise<CheckOutcome>;
  upstreams(): UpstreamHealth[];
  /** Each forward zone's resolvers (the domain controllers, say) and their health. */
  forwardZones(): ReturnType<ForwardZonePools["status"]>;
  cacheSize(): { entries: number; bytes: number };
  /** Loads the snapshot file again and compiles `policy` (the one in force) against it; on error the old stay. */
  reloadLists(policy: SitePolicy): { ok: boolean; error?: string };
  /**
   * Swaps in another site policy, compiled against the lists in force; on error the old stays. The
   * core keeps only the compiled form: the caller owns the site policy and hands it to reloadLists.
   */
  setPolicy(policy: SitePolicy): { ok: boolean; error?: string };
  stop(): Promise<void>;
}

/**
 * One resolver: lists, policy, cache, upstreams and the DNS sockets, as built from the
 * configuration. The main thread runs one; each extra DNS worker thread runs another on the same
 * ports (SO_REUSEPORT), so that the kernel spreads queries over the cores.
 */
export async function startResolverCore(
  config: AgentConfig,
  log: Logger,
  sink: CoreSink,
  reusePort = false,
  /** This thread's address → user map (RADIUS accounting); empty without one. */
  identities = new IdentityMap(1),
): Promise<ResolverCore> {
  const { figures } = sink;
  const lists = new CurrentLists();
  const loaded = lists.reload(config.snapshot);
  if (!loaded.ok) {
    throw new Error(
      `cannot load the list snapshot ${config.snapshot}: ${loaded.error.message} (build one with "fenceline lists compile")`,
    );
  }
  let policy = new CompiledPolicy(config.policy, lists.get() as NonNullable<ReturnType<CurrentLists["get"]>>);
  const cache = new AnswerCache(config.cache);
  const poolOptions = {
    timeoutMs: config.upstreamTimeoutMs,
    downAfter: 3,
    probeAfterMs: config.upstreamProbeMs,
    observe: (url: string, ms: number, result: "ok" | "timeout" | "error") => figures.upstream(url, ms / 1000, result),
  };
  const upstreams = new UpstreamPool(config.upstreams.map(createUpstream), poolOptions);
  const zones = new ForwardZonePools(config.forwardZones, config.policy.forwardZones, poolOptions);
  const leases = leaseReader(config, log);
  const rules = { circumvention: await loadCircumventionRules(), safeSearch: await loadSafeSearchRules() };
  const resolvers = createResolvers({
    log: log.child({ module: "resolver" }),
    currentPolicy: () => policy,
    addresses: { leaseOf: leases.lookup, networkOf: (address, now) => identities.get(address, now) },
    sink: (context, answer, elapsedMs) => {
      figures.query(answer.outcome, answer.label, context.client.group, elapsedMs / 1000);
      if (isFlagged(context, answer)) sink.event(outcomeEvent(context, answer));
    },
    circumvention: rules.circumvention,
    safeSearchRules: rules.safeSearch,
    cache,
    upstreams,
    zones: () => zones.current(),
    maxInFlight: config.upstreamMaxInFlight,
  });
  const handle = packetHandler(resolvers.resolve, {
    malformed: (kind) => figures.malformed(kind),
    truncated: () => figures.truncated(),
  });
  const dns = await startDnsServers(config.listen, handle, log.child({ module: "dns" }), config.tcp, reusePort);
  return {
    dns: dns.addresses,
    handle,
    policy: () => policy,
    rules,
    check: (name, group) => checkLookup(resolvers.check, name, group),
    upstreams: () => upstreams.status(),
    forwardZones: () => zones.status(),
    cacheSize: () => ({ entries: cache.size, bytes: cache.byteSize }),
    reloadLists(sitePolicy) {
      const result = lists.reload(config.snapshot);
      if (!result.ok) {
        log.error(
          { err: result.error, kept: result.keptVersion },
          "list snapshot reload failed; keeping the lists in force",
        );
        return { ok: false, error: result.error.message };
      }
      try {
        const compiled = new CompiledPolicy(sitePolicy, lists.get() as NonNullable<ReturnType<CurrentLists["get"]>>);
        zones.apply(sitePolicy.forwardZones);
        policy = compiled;
      } catch (error) {
        log.error({ err: error }, "policy does not fit the new lists; keeping the previous ones");
        return { ok: false, error: (error as Error).message };
      }
      log.info({ version: result.version }, "list snapshot reloaded");
      return { ok: true };
    },
    setPolicy(next) {
      try {
        const compiled = new CompiledPolicy(next, policy.lists);
        zones.apply(next.forwardZones);
        policy = compiled;
        return { ok: true };
      } catch (error) {
        log.error({ err: error }, "policy from the hub does not fit the lists; keeping the policy in force");
        return { ok: false, error: (error as Error).message };
      }
    },
    async stop() {
      leases.stop();
      await dns.close();
      upstreams.close();
      zones.close();
    },
  };
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
