import { type CheckRequest, type CheckResult, resultPassed } from "@fenceline/shared/checks";
import type { Logger } from "pino";
import { type Delivery, fetchCheckRequests, postCheckResult } from "../shipper/check-exchange.ts";
import type { HubAccess } from "./hub-link.ts";
import type { Part } from "./part-stack.ts";

/** Times a result is sent before it is dropped (the hub will have closed the run by then). */
export const CHECK_RESULT_TRIES = 10;
/** Run ids answered lately, remembered so that a run the hub lists again is not run again. */
const REMEMBERED_RUNS = 100;

export interface FilterChecksOptions {
  /** Null without a hub: nothing is started. */
  hub: HubAccess | null;
  pollSeconds: number;
  /** Plans and runs one check against the policy in force. */
  run: (request: CheckRequest, signal: AbortSignal) => Promise<CheckResult>;
  log: Logger;
}

/**
 * The filtering checks the hub asks for: polls the hub, runs each new check (one at a time, each
 * at most once), and sends its result; a result the hub could not take now is kept and sent again
 * on the next polls (CHECK_RESULT_TRIES at most), one it refuses for good (409) is dropped. The
 * hub's failures are only logged: they never touch DNS.
 */
export function startFilterChecks(options: FilterChecksOptions): Part {
  const { hub, log } = options;
  if (!hub) return { stop() {} };
  const unsent = new Map<string, { result: CheckResult; tries: number }>();
  const answered = new Set<string>();
  const aborting = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<void> = Promise.resolve();

  const settle = (runId: string, result: CheckResult, tries: number, delivery: Delivery) => {
    unsent.delete(runId);
    if (delivery === "retry" && tries < CHECK_RESULT_TRIES) {
      unsent.set(runId, { result, tries });
      return;
    }
    if (delivery === "retry") log.warn({ run: runId, tries }, "dropping a filtering check result the hub never took");
    if (delivery === "closed") log.warn({ run: runId }, "hub closed the filtering check before its result came");
    // Answered, or given up: either way the run is not run again.
    remember(answered, runId);
  };
  const send = async (runId: string, result: CheckResult, tries: number) =>
    settle(runId, result, tries + 1, await postCheckResult(hub, runId, result, log));

  const runOne = async (request: CheckRequest) => {
    let result: CheckResult;
    try {
      result = await options.run(request, aborting.signal);
    } catch (error) {
      if (aborting.signal.aborted) return;
      // A check that cannot run now would fail the same way on every poll: the hub sees it expire.
      log.error({ err: error, run: request.id }, "filtering check failed to run");
      remember(answered, request.id);
      return;
    }
    const failed = result.items.filter((item) => !item.pass).length;
    log.info(
      {
        run: request.id,
        passed: result.items.length - failed,
        failed,
        untested: result.untested.length,
        ok: resultPassed(result),
      },
      "filtering check run",
    );
    await send(request.id, result, 0);
  };

  const poll = async () => {
    for (const [runId, { result, tries }] of [...unsent]) await send(runId, result, tries);
    const requests = (await fetchCheckRequests(hub, log)) ?? [];
    for (const request of requests) {
      if (aborting.signal.aborted) return;
      if (!unsent.has(request.id) && !answered.has(request.id)) await runOne(request);
    }
  };
  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      polling = poll()
        .catch((error: unknown) => log.error({ err: error }, "filtering check poll failed"))
        .finally(() => {
          if (!aborting.signal.aborted) schedule(options.pollSeconds * 1000);
        });
    }, delayMs).unref();
  };
  schedule(0);
  return {
    async stop() {
      aborting.abort();
      clearTimeout(timer);
      await polling;
    },
  };
}

function remember(answered: Set<string>, runId: string): void {
  answered.add(runId);
  if (answered.size > REMEMBERED_RUNS) answered.delete(answered.values().next().value as string);
}
