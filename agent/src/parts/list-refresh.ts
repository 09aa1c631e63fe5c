import type { SitePolicy } from "@fenceline/shared/policy";
import cron from "node-cron";
import type { Logger } from "pino";
import type { AgentConfig } from "../config/agent-config.ts";
import { retryWhileNoLists } from "../lists/list-retry.ts";
import type { ListUpdateResult } from "../lists/list-updater.ts";
import type { ResolverCore } from "../resolver-core.ts";
import { configuredListUpdater } from "./configured-list-updater.ts";
import type { DnsWorkers } from "./dns-workers.ts";
import type { Part } from "./part-stack.ts";
import { watchSnapshot } from "./snapshot-watch.ts";

export interface ListRefresh extends Part {
  /** Loads the snapshot file again, in every DNS thread; on failure the lists in force stay. */
  reload(): { ok: boolean; error?: string };
  /** Fetches and compiles the lists now (configured `lists` only), then loads them if all went well. */
  update(): Promise<ListUpdateResult>;
  /** The site policy's list-source set changed: it takes effect now, not at the next scheduled update. */
  sourcesChanged(): void;
  /** The last update's result, if one ran. */
  last(): ListUpdateResult | null;
}

/**
 * Keeps the lists fresh in every DNS thread: scheduled updates (`lists` in the configuration),
 * sooner tries while no downloaded list is in force (a first start without internet), and a new
 * snapshot file (from `fenceline-agent lists update` or a deployment) loaded by itself.
 */
export function startListRefresh(
  config: AgentConfig,
  threads: { core: ResolverCore; workers: DnsWorkers; sitePolicy: () => SitePolicy },
  log: Logger,
): ListRefresh {
  const { core, workers, sitePolicy } = threads;
  const reload = () => {
    workers.tell({ type: "reload" });
    return core.reloadLists(sitePolicy());
  };
  const snapshot = watchSnapshot(config.snapshot, reload);
  const updater = configuredListUpdater(config, core, sitePolicy, log);
  const update = async (): Promise<ListUpdateResult> => {
    if (!updater)
      return {
        at: new Date().toISOString(),
        ok: false,
        version: null,
        errors: ["no lists section in the configuration"],
      };
    const result = await updater.update();
    if (!result.ok) return result;
    snapshot.seen();
    const loaded = reload();
    return loaded.ok ? result : { ...result, ok: false, errors: [loaded.error ?? "reload failed"] };
  };
  const task = config.lists
    ? cron.schedule(config.lists.schedule, () => void update(), { timezone: config.policy.timezone, noOverlap: true })
    : null;
  const stopRetry = config.lists
    ? retryWhileNoLists({
        update,
        hasLists: () => core.policy().lists.meta.lists.length > 0,
        firstDelayMs: config.lists.retrySeconds * 1000,
        maxDelayMs: config.lists.retryMaxSeconds * 1000,
        log: log.child({ module: "lists" }),
      })
    : null;
  return {
    reload,
    update,
    sourcesChanged: () => {
      if (updater) void update();
    },
    last: () => updater?.last ?? null,
    async stop() {
      stopRetry?.();
      await task?.stop();
      snapshot.stop();
    },
  };
}
