import type { Logger } from "pino";
import type { AnswerCache } from "../cache/answer-cache.ts";
import type { CompiledPolicy } from "../policy/compiled-policy.ts";
import type { CircumventionRule, SafeSearchRule } from "../policy/name-rules.ts";
import type { UpstreamPool } from "../upstream/upstream-pool.ts";
import type { ZoneTable } from "../zones/zone-table.ts";
import type { QueryContext } from "./query-context.ts";
import { compose, type MaybeAnswer, type Stage } from "./stage.ts";
import { answerCache } from "./stages/answer-cache.ts";
import { asGroup } from "./stages/as-group.ts";
import { conditionalUpstream } from "./stages/conditional-upstream.ts";
import { forwardUpstream } from "./stages/forward-upstream.ts";
import { guard } from "./stages/guard.ts";
import { type AddressSources, identify } from "./stages/identify.ts";
import { policy } from "./stages/policy.ts";
import { type OutcomeSink, recordOutcome } from "./stages/record-outcome.ts";
import { safeSearch } from "./stages/safe-search.ts";
import { sanction } from "./stages/sanction.ts";
import { sharedLookups } from "./stages/shared-lookups.ts";

export interface ResolverDeps {
  log: Logger;
  currentPolicy: () => CompiledPolicy;
  /** DHCP leases and RADIUS accounting: what the network says of an address. */
  addresses: AddressSources;
  sink: OutcomeSink;
  circumvention: ReadonlyMap<string, CircumventionRule>;
  safeSearchRules: ReadonlyMap<string, SafeSearchRule>;
  cache: AnswerCache;
  upstreams: UpstreamPool;
  /** The forward zones and private reverse zones in force (swapped whole on a policy update). */
  zones: () => ZoneTable<UpstreamPool>;
  /** Questions that may wait on the upstreams at once. */
  maxInFlight: number;
}

/**
 * The decisions, shared by the clients' chain and the check chain (the same stage objects, so the
 * same cache, in-flight bound, zones and upstreams). The order is the design: each position says
 * why it is there.
 */
export function decisionStages(deps: ResolverDeps): Stage[] {
  return [
    // Before safe search and the cache: a blocked name is never resolved, and since the cache
    // holds no decisions a policy or list change applies to the very next query.
    // A name in a forward zone with allowByDefault skips category blocking here (asked only
    // when a category would block); the locked layer still applies.
    policy(deps.circumvention, (name) => deps.zones().allowsByDefault(name)),
    // After policy (a blocked search engine stays blocked), before the cache: the rewrite is per
    // group, while the target's records below are shared and cacheable.
    safeSearch(deps.safeSearchRules),
    // Only upstream-derived answers reach here and are kept.
    answerCache(deps.cache),
    // After the cache (a hit never waits), before the upstreams: one trip per question, and a
    // bound on how many wait, whose overflow the cache can still answer with stale data.
    sharedLookups(deps.maxInFlight),
    // Just before the public upstreams, after the cache and the in-flight bound like them: names
    // in a forward zone go to its own resolvers and never on; private reverse names end here.
    conditionalUpstream(deps.zones),
    // Last: the only stage that waits on the network.
    forwardUpstream(deps.upstreams),
  ];
}

/** The clients' stages in order, ending in the shared decisions. */
export function resolverStages(deps: ResolverDeps, decisions = decisionStages(deps)): Stage[] {
  return [
    // First: whatever fails below, the client still gets an answer (SERVFAIL), never silence.
    guard(deps.log),
    // Before anything that depends on who asks: group, policy version, hostname.
    identify(deps.currentPolicy, deps.addresses),
    // Wraps every decision below, so that blocks, safe search and upstream failures are all
    // recorded; it only queues, so the DNS path never waits on storage.
    recordOutcome(deps.sink),
    // After recording (a sanction's refusals are flagged like any block), before policy: a person
    // under a sanction gets only the allowed names, whatever the lists would let through.
    sanction(),
    ...decisions,
  ];
}

/**
 * The filtering check's stages: the group the check names instead of identify, and no sanction
 * (no person asks) and no recording (a check raises no events, incidents or query figures).
 */
export function checkStages(deps: ResolverDeps, decisions = decisionStages(deps)): Stage[] {
  return [guard(deps.log), asGroup(deps.currentPolicy), ...decisions];
}

export interface Resolvers {
  /** The clients' questions. */
  resolve: (context: QueryContext) => MaybeAnswer;
  /** The filtering check's questions, asked as a group's client. */
  check: (context: QueryContext) => MaybeAnswer;
}

/** Both chains over one set of decision stages. */
export function createResolvers(deps: ResolverDeps): Resolvers {
  const decisions = decisionStages(deps);
  return { resolve: compose(resolverStages(deps, decisions)), check: compose(checkStages(deps, decisions)) };
}
