import { parseQueryPacket, type QueryPacket } from "@fenceline/agent/src/dns/query-packet.ts";
import { createUpstream } from "@fenceline/agent/src/upstream/create-upstream.ts";
import { UpstreamPool } from "@fenceline/agent/src/upstream/upstream-pool.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryPacket } from "./support/dns-client.ts";
import { TestUpstream } from "./support/test-upstream.ts";

/**
 * A down upstream comes back: two real UDP upstreams on loopback. The first stops answering
 * (timeouts, which count against it, where SERVFAILs would not) until it is mended; it is
 * probed with `. NS` on a timer, so it recovers without client traffic.
 */
describe("upstream recovery", () => {
  let first: TestUpstream;
  let second: TestUpstream;
  let pool: UpstreamPool;
  beforeAll(async () => {
    first = await new TestUpstream().start();
    second = await new TestUpstream().start();
    second.address = "192.0.2.2";
    pool = new UpstreamPool([createUpstream(first.url), createUpstream(second.url)], {
      timeoutMs: 100,
      downAfter: 3,
      probeAfterMs: 150,
      probeMaxMs: 600,
    });
  });
  afterAll(async () => {
    pool.close();
    await first.stop();
    await second.stop();
  });

  const query = (name: string) => parseQueryPacket(queryPacket(name, 1, 7)) as QueryPacket;
  const firstHealthy = () => pool.status()[0]?.healthy;
  const probes = () => first.asked.filter((q) => q.startsWith("./2/") || q.startsWith("/2/")).length;

  it("keeps an upstream that answers SERVFAIL in its place", async () => {
    first.mode = "servfail";
    for (let i = 0; i < 3; i++) expect((await pool.resolve(query(`broken${i}.test`)))?.upstream).toBe(second.url);
    expect(firstHealthy()).toBe(true);
    first.mode = "ok";
    expect((await pool.resolve(query("good.test")))?.upstream).toBe(first.url);
  });

  it("puts a silent upstream behind the others, probes it with no client traffic, and takes it back", async () => {
    first.mode = "silent";
    for (let i = 0; i < 3; i++) expect((await pool.resolve(query(`down${i}.test`)))?.upstream).toBe(second.url);
    expect(firstHealthy()).toBe(false);
    // Down: not asked by queries, only probed.
    expect((await pool.resolve(query("skip.test")))?.upstream).toBe(second.url);
    expect(first.asked.some((q) => q.startsWith("skip.test"))).toBe(false);
    first.mode = "ok";
    await expect.poll(firstHealthy, { timeout: 3000, interval: 20 }).toBe(true);
    expect(probes()).toBeGreaterThanOrEqual(1);
    expect((await pool.resolve(query("back.test")))?.upstream).toBe(first.url);
    expect(first.asked.at(-1)).toBe("back.test/1/udp");
  });

  it("when every upstream is down, a query still tries them all, and the first to answer is back", async () => {
    first.mode = "silent";
    second.mode = "silent";
    for (let i = 0; i < 3; i++) expect(await pool.resolve(query(`all${i}.test`))).toBeNull();
    expect(pool.status().every((u) => !u.healthy)).toBe(true);
    first.mode = "ok";
    expect((await pool.resolve(query("alldown.test")))?.upstream).toBe(first.url);
    expect(firstHealthy()).toBe(true);
  });
});
