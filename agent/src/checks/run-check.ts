import { CHECK_ITEMS_MAX, type CheckItem, type CheckResult, meetsExpectation } from "@fenceline/shared/checks";
import type { Logger } from "pino";
import type { CheckOutcome } from "./check-lookup.ts";
import type { CheckPlan, PlannedItem } from "./check-plan.ts";

/** Look-ups a check keeps waiting at once: enough to finish quickly, few enough to leave the clients the upstreams. */
export const CHECK_CONCURRENCY = 8;

/** What resolves a check's names: the resolver core's check chain. */
export interface CheckResolver {
  check(name: string, group: string): Promise<CheckOutcome>;
}

/**
 * Runs a plan's items through the resolver, at most CHECK_CONCURRENCY at once, judges each against
 * its expectation and returns the result for the hub. A plan over CHECK_ITEMS_MAX items is cut
 * (and logged). An abort (the agent stopping) ends the run with an error: no partial result is sent.
 */
export async function runCheck(
  plan: CheckPlan,
  resolver: CheckResolver,
  listsVersion: string,
  log: Logger,
  signal?: AbortSignal,
): Promise<CheckResult> {
  const startedAt = new Date().toISOString();
  if (plan.items.length > CHECK_ITEMS_MAX || plan.untested.length > CHECK_ITEMS_MAX)
    log.warn({ items: plan.items.length, max: CHECK_ITEMS_MAX }, "filtering check plan is too big; cutting it");
  const planned = plan.items.slice(0, CHECK_ITEMS_MAX);
  const items = new Array<CheckItem>(planned.length);
  let next = 0;
  const worker = async () => {
    while (next < planned.length) {
      signal?.throwIfAborted();
      const index = next++;
      items[index] = await judged(planned[index] as PlannedItem, resolver);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CHECK_CONCURRENCY, planned.length) }, worker));
  return {
    schemaVersion: 1,
    startedAt,
    finishedAt: new Date().toISOString(),
    listsVersion,
    items,
    untested: plan.untested.slice(0, CHECK_ITEMS_MAX),
  };
}

async function judged(item: PlannedItem, resolver: CheckResolver): Promise<CheckItem> {
  const outcome = await resolver.check(item.name, item.group);
  return { ...item, outcome, pass: meetsExpectation(item.expected, outcome) };
}
