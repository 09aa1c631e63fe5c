import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { retryWhileNoLists } from "./list-retry.ts";
import type { ListUpdateResult } from "./list-updater.ts";

const log = pino({ level: "silent" });
const failed: ListUpdateResult = { at: "", ok: false, version: null, errors: ["offline"] };
const succeeded: ListUpdateResult = { at: "", ok: true, version: "v1", errors: [] };

/** An agent whose updates fail `failures` times, then load lists; records when each try came. */
function agent(failures: number, listed = false) {
  const tries: number[] = [];
  const started = performance.now();
  return {
    tries,
    hasLists: () => listed,
    update: async () => {
      tries.push(performance.now() - started);
      if (tries.length <= failures) return failed;
      listed = true;
      return succeeded;
    },
  };
}

describe("retryWhileNoLists", () => {
  it("does nothing while the lists in force hold downloaded lists", async () => {
    const a = agent(0, true);
    const stop = retryWhileNoLists({ ...a, firstDelayMs: 5, maxDelayMs: 5, log });
    await sleep(50);
    stop();
    expect(a.tries).toEqual([]);
  });

  it("tries again, waiting twice as long each time up to the cap, until lists are in force", async () => {
    const a = agent(3);
    const stop = retryWhileNoLists({ ...a, firstDelayMs: 40, maxDelayMs: 100, log });
    await sleep(1000);
    stop();
    expect(a.tries).toHaveLength(4);
    const gaps = a.tries.map((t, i) => t - (a.tries[i - 1] ?? 0));
    // 40, 80, 100 (capped), 100, each plus the time a try and a timer take on a busy machine.
    [40, 80, 100, 100].forEach((wait, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(wait - 2);
      expect(gaps[i]).toBeLessThan(wait + 150);
    });
  });

  it("keeps trying after a successful update that still brought no list", async () => {
    let calls = 0;
    const stop = retryWhileNoLists({
      update: async () => {
        calls++;
        return succeeded;
      },
      hasLists: () => false,
      firstDelayMs: 10,
      maxDelayMs: 10,
      log,
    });
    await sleep(120);
    stop();
    expect(calls).toBeGreaterThanOrEqual(3);
  });

  it("survives an update that throws, and stops when told", async () => {
    let calls = 0;
    const stop = retryWhileNoLists({
      update: async () => {
        calls++;
        throw new Error("boom");
      },
      hasLists: () => {
        throw new Error("no snapshot");
      },
      firstDelayMs: 10,
      maxDelayMs: 10,
      log,
    });
    await sleep(80);
    stop();
    const atStop = calls;
    expect(atStop).toBeGreaterThanOrEqual(2);
    await sleep(50);
    expect(calls).toBe(atStop);
  });
});
