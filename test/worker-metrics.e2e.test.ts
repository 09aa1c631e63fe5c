import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, STAFF, startHarness } from "./support/agent-harness.ts";
import { ask, TYPE } from "./support/dns-client.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The sum of a metric's samples in a Prometheus text exposition, whatever their labels. */
function total(metrics: string, name: string): number {
  let sum = 0;
  for (const line of metrics.split("\n")) {
    const match = /^(\w+)(?:\{[^}]*\})? (\S+)$/.exec(line);
    if (match?.[1] === name) sum += Number(match[2]);
  }
  return sum;
}

describe("metrics with two DNS threads", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ workers: 2 });
  });
  afterAll(() => h.stop());

  const figures = async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${h.httpPort}/metrics`)).text();
    return {
      queries: total(metrics, "fenceline_queries_total"),
      durations: total(metrics, "fenceline_query_duration_seconds_count"),
      upstream: total(metrics, "fenceline_upstream_duration_seconds_count"),
      truncated: total(metrics, "fenceline_truncated_answers_total"),
    };
  };

  it("count every query once, whichever thread answered it", async () => {
    const blocked = 60;
    const forwarded = 60;
    // Each ask comes from a new client port, which the kernel hashes to one of the two sockets.
    const replies = await Promise.all([
      ...Array.from({ length: blocked }, (_, i) => ask(h.dns, `b${i}.adult.test`, { from: STAFF })),
      // Names never asked before: each one goes upstream once.
      ...Array.from({ length: forwarded }, (_, i) => ask(h.dns, `f${i}.example.test`, { from: STAFF })),
    ]);
    expect(replies.filter((r) => r.answers[0]?.address === "0.0.0.0")).toHaveLength(blocked);
    expect(replies.filter((r) => r.answers[0]?.address === "192.0.2.1")).toHaveLength(forwarded);
    // Too big for a client without EDNS: asked upstream once (over TCP after the upstream's TC), cut to TC here.
    expect((await ask(h.dns, "big.test", { type: TYPE.TXT, from: STAFF })).truncated).toBe(true);
    const sent = { queries: blocked + forwarded + 1, upstream: forwarded + 1, truncated: 1 };
    const expected = { queries: sent.queries, durations: sent.queries, upstream: sent.upstream, truncated: 1 };
    // A worker reports four times a second.
    await expect.poll(figures, { timeout: 3000, interval: 100 }).toEqual(expected);
    // And nothing is counted twice by a later report.
    await sleep(600);
    expect(await figures()).toEqual(expected);
  });
});
