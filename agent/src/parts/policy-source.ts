import type { SitePolicy } from "@fenceline/shared/policy";
import type { Logger } from "pino";
import type { AgentConfig } from "../config/agent-config.ts";
import type { ResolverCore } from "../resolver-core.ts";
import { readCachedPolicy, startPolicyPolling } from "../shipper/policy-puller.ts";
import type { DnsWorkers } from "./dns-workers.ts";
import type { HubAccess } from "./hub-link.ts";
import type { Part } from "./part-stack.ts";

/** Where a new site policy goes: every DNS thread, and the list refresh when its source set changed. */
export interface PolicyTargets {
  core: ResolverCore;
  workers: DnsWorkers;
  onSourcesChanged: () => void;
}

export interface PolicySource {
  /** The site policy in force: the one copy on this thread (the DNS cores keep only its compiled form). */
  current(): SitePolicy;
  /** Polls the hub (when the configuration has one) and pushes each new policy to `targets`. */
  start(hub: HubAccess | null, targets: PolicyTargets): Part;
}

/**
 * The owner of the site policy: the file's, replaced by the hub's last good copy when there is
 * one (so a restart without the hub keeps it), then by each policy the hub sends that the main
 * thread's core accepts.
 */
export function openPolicySource(fileConfig: AgentConfig, log: Logger): PolicySource {
  const cached = fileConfig.hub ? readCachedPolicy(fileConfig.hub.policyCacheFile, log) : null;
  if (cached) log.info({ version: cached.version }, "using the hub's policy from the last good copy");
  let current = cached?.policy ?? fileConfig.policy;
  return {
    current: () => current,
    start(hub, { core, workers, onSourcesChanged }) {
      if (!hub || !fileConfig.hub) return { stop() {} };
      const apply = (policy: SitePolicy): boolean => {
        if (!core.setPolicy(policy).ok) return false;
        workers.tell({ type: "policy", policy });
        const sourcesChanged = JSON.stringify(policy.sources) !== JSON.stringify(current.sources);
        current = policy;
        if (sourcesChanged) onSourcesChanged();
        return true;
      };
      const { policyPollSeconds, policyCacheFile } = fileConfig.hub;
      const stop = startPolicyPolling(
        hub,
        policyPollSeconds * 1000,
        policyCacheFile,
        cached,
        apply,
        log.child({ module: "policy" }),
      );
      return { stop };
    },
  };
}
