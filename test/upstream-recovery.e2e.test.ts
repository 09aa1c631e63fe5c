import { parseQueryPacket, type QueryPacket } from "@fenceline/agent/src/dns/query-packet.ts";
import { createUpstream } from "@fenceline/agent/src/upstream/create-upstream.ts";
import { UpstreamPool } from "@fenceline/agent/src/upstream/upstream-pool.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryPacket } from "./support/dns-client.ts";
import { TestUpstream } from "./support/test-upstream.ts";

/**
 * A down upstream comes back: two real UDP upstreams on loopback, the pool's clock moved by hand.
 * The first upstream answers SERVFAIL (unusable, and counted in `asked`) until it is mended.
 */
describe("upstream recovery", () => {
  let first: TestUpstream;
  let second: TestUpstream;
  let clock = 1_000_000;
  let pool: UpstreamPool;
  beforeAll(async () => {
    first = await new TestUpstream().start();
    second = await new TestUpstream().start();
    second.address = "192.0.2.2";
    pool = new UpstreamPool([createUpstream(first.url), createUpstream(second.url)], {
      timeoutMs: 500,
      downAfter: 3,
      probeAfterMs: 5_000,
      probeMaxMs: 20_000,
      now: () => clock,
    });
  });
  afterAll(async () => {
    pool.close();
    await first.stop();
    await second.stop();
  });

  const query = (name: string) => parseQueryPacket(queryPacket(name, 1, 7)) as QueryPacket;
  const askedFirst = () => first.asked.length;
  const firstHealthy = () => pool.status()[0]?.healthy;

  it("puts a failing upstream behind the others, probes it in the background, and takes it back", async () => {
    first.mode = "servfail";
    for (let i = 0; i < 3; i++) expect((await pool.resolve(query(`down${i}.test`)))?.upstream).toBe(second.url);
    expect(firstHealthy()).toBe(false);
    expect(askedFirst()).toBe(3);

    // Down: not asked at all until its probe is due.
    clock += 4_000;
    expect((await pool.resolve(query("skip.test")))?.upstream).toBe(second.url);
    expect(askedFirst()).toBe(3);

    // Due, still failing: one probe, and the next one waits twice as long.
    clock += 1_000;
    expect((await pool.resolve(query("probe1.test")))?.upstream).toBe(second.url);
    await expect.poll(askedFirst).toBe(4);
    await expect.poll(() => pool.status()[0]?.consecutiveFailures).toBe(4);
    clock += 5_000;
    await pool.resolve(query("early.test"));
    expect(askedFirst()).toBe(4);
    clock += 5_000;
    await pool.resolve(query("probe2.test"));
    await expect.poll(askedFirst).toBe(5);

    // Mended: the next due probe finds it answering, and it is first again.
    first.mode = "ok";
    clock += 20_000;
    const answered = await pool.resolve(query("probe3.test"));
    expect(answered?.upstream).toBe(second.url);
    await expect.poll(firstHealthy).toBe(true);
    expect((await pool.resolve(query("back.test")))?.upstream).toBe(first.url);
    expect(first.asked.at(-1)).toBe("back.test/1/udp");
  });

  it("sends no probes when every upstream is down: the query itself tries them all", async () => {
    first.mode = "servfail";
    second.mode = "servfail";
    for (let i = 0; i < 3; i++) expect(await pool.resolve(query(`all${i}.test`))).toBeNull();
    const before = askedFirst();
    clock += 60_000;
    expect(await pool.resolve(query("alldown.test"))).toBeNull();
    // Asked once, by the query, not a second time by a probe.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(askedFirst()).toBe(before + 1);
  });
});
