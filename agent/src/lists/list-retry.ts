import type { Logger } from "pino";
import type { ListUpdateResult } from "./list-updater.ts";

export interface ListRetryOptions {
  /** One update, loading its lists when it succeeds (the running agent's `updateLists`). */
  update: () => Promise<ListUpdateResult>;
  /** Whether the lists in force hold at least one downloaded list. */
  hasLists: () => boolean;
  /** The wait before the first try; it doubles after each try that leaves no list. */
  firstDelayMs: number;
  maxDelayMs: number;
  log: Logger;
}

/**
 * The scheduled update runs once a day, so an agent that started with no downloaded list (a first
 * start without internet) would filter on its built-in rules alone until the next day. While the
 * lists in force hold none, try sooner: after `firstDelayMs`, then twice as long after each try
 * that still leaves none, up to `maxDelayMs`. Tries never overlap; the timer never keeps the
 * process alive. Returns the stop function.
 */
export function retryWhileNoLists(options: ListRetryOptions): () => void {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let delay = options.firstDelayMs;
  const schedule = () => {
    if (stopped || safeHasLists(options)) return;
    options.log.info({ inSeconds: Math.round(delay / 1000) }, "no downloaded list in force: trying again soon");
    timer = setTimeout(tryNow, delay).unref();
    delay = Math.min(delay * 2, options.maxDelayMs);
  };
  const tryNow = async () => {
    timer = null;
    try {
      const result = await options.update();
      if (result.ok && safeHasLists(options)) options.log.info({ version: result.version }, "lists fetched");
    } catch (error) {
      options.log.error({ err: error }, "list update threw");
    }
    schedule();
  };
  schedule();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}

/** A snapshot that cannot be read holds no list we know of. */
function safeHasLists(options: ListRetryOptions): boolean {
  try {
    return options.hasLists();
  } catch {
    return false;
  }
}
