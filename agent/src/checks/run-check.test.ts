import { CHECK_ITEMS_MAX, checkResultSchema } from "@fenceline/shared/checks";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { CheckOutcome } from "./check-lookup.ts";
import type { CheckPlan, PlannedItem } from "./check-plan.ts";
import { CHECK_CONCURRENCY, runCheck } from "./run-check.ts";

const log = pino({ level: "silent" });
const item = (name: string, expected: PlannedItem["expected"], group = "students"): PlannedItem => ({
  group,
  kind: "category",
  category: "adult",
  name,
  canary: false,
  expected,
});

/** A resolver that answers from a table after a turn of the event loop, counting how many wait at once. */
function resolver(outcomes: Record<string, CheckOutcome>) {
  const seen = { waiting: 0, most: 0, asked: [] as string[] };
  return {
    seen,
    async check(name: string, group: string): Promise<CheckOutcome> {
      seen.asked.push(`${group} ${name}`);
      seen.most = Math.max(seen.most, ++seen.waiting);
      await new Promise((resolve) => setImmediate(resolve));
      seen.waiting--;
      return outcomes[name] ?? "resolved";
    },
  };
}

describe("running a check", () => {
  it("judges each item by its expectation and returns a valid result", async () => {
    const plan: CheckPlan = {
      items: [
        item("adult.example", "blocked"),
        item("leaky.example", "blocked"),
        item("www.google.com", "rewritten"),
        item("www.bbc.co.uk", "not-blocked"),
        item("slow.example", "blocked"),
      ],
      untested: [{ group: "students", category: "gambling", why: "no-names" }],
    };
    const outcomes: Record<string, CheckOutcome> = {
      "adult.example": "blocked",
      "www.google.com": "safesearch",
      "slow.example": "timeout",
    };
    const result = await runCheck(plan, resolver(outcomes), "v1", log);
    expect(checkResultSchema.parse(result)).toEqual(result);
    expect(result.items.map((i) => `${i.name} ${i.outcome} ${i.pass}`)).toEqual([
      "adult.example blocked true",
      "leaky.example resolved false",
      "www.google.com safesearch true",
      "www.bbc.co.uk resolved true",
      "slow.example timeout false",
    ]);
    expect(result).toMatchObject({ listsVersion: "v1", untested: plan.untested });
    expect(Date.parse(result.finishedAt)).toBeGreaterThanOrEqual(Date.parse(result.startedAt));
  });

  it("keeps at most CHECK_CONCURRENCY look-ups waiting, and cuts a plan over CHECK_ITEMS_MAX items", async () => {
    const items = Array.from({ length: CHECK_ITEMS_MAX + 10 }, (_, i) => item(`n${i}.example`, "not-blocked"));
    const target = resolver({});
    const result = await runCheck({ items, untested: [] }, target, "v1", log);
    expect(result.items).toHaveLength(CHECK_ITEMS_MAX);
    expect(target.seen.asked).toHaveLength(CHECK_ITEMS_MAX);
    expect(target.seen.most).toBe(CHECK_CONCURRENCY);
  });

  it("stops on an abort without a result", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      runCheck({ items: [item("a.example", "blocked")], untested: [] }, resolver({}), "v1", log, controller.signal),
    ).rejects.toThrow();
  });
});
