import type { SitePolicy } from "@fenceline/shared/policy";
import type { Logger } from "pino";
import type { AgentConfig } from "../config/agent-config.ts";
import { DEFAULT_MANIFEST_PATH } from "../lists/list-data.ts";
import { ListUpdater } from "../lists/list-updater.ts";
import type { ResolverCore } from "../resolver-core.ts";

/** The list updater the configuration's `lists` section describes; null without one. */
export function configuredListUpdater(
  config: AgentConfig,
  core: ResolverCore,
  sitePolicy: () => SitePolicy,
  log: Logger,
): ListUpdater | null {
  if (!config.lists) return null;
  const { manifest, cacheDir, timeoutSeconds, mirror, maxShrink, skipMissing } = config.lists;
  return new ListUpdater(
    {
      manifestPath: manifest ?? DEFAULT_MANIFEST_PATH,
      origin: { cacheDir, timeoutMs: timeoutSeconds * 1000, ...(mirror ? { mirror } : {}) },
      snapshotPath: config.snapshot,
      maxShrink,
      skipMissing,
      // The source set of the policy in force, read at each update.
      sourceSet: () => sitePolicy().sources,
    },
    () => core.policy().lists.meta,
    log.child({ module: "lists" }),
  );
}
