import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, STAFF, startHarness } from "./support/agent-harness.ts";
import { ask } from "./support/dns-client.ts";
import { hasNamed, type NamedServer, startNamed } from "./support/named-server.ts";
import { TestUpstream } from "./support/test-upstream.ts";

const PROBE_MS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two upstreams, as on a school network: first an internal server (a test upstream that
 * SERVFAILs chosen names and answers every other with 192.0.2.1), then a real BIND 9 serving
 * school.local (10.0.0.x). An upstream's SERVFAILs and NXDOMAINs are answers, not failures;
 * only its silence demotes it, and timed probes bring it back without client traffic.
 */
describe.skipIf(!hasNamed())("upstream health by kind of failure", () => {
  let internal: TestUpstream;
  let named: NamedServer;
  let h: Harness;
  beforeAll(async () => {
    internal = await new TestUpstream().start();
    named = await startNamed([
      { name: "school.local", records: "dc1 IN A 10.0.0.10\ngone IN A 10.0.0.99\nlater IN A 10.0.0.11\n" },
    ]);
    h = await startHarness({ upstreams: [internal.url, `udp://${named.address}`], upstreamProbeMs: PROBE_MS });
  });
  afterAll(async () => {
    await h?.stop();
    await internal?.stop();
    await named?.stop();
  });

  const health = async () => (await fetch(`http://127.0.0.1:${h.httpPort}/health`)).status;
  const firstHealthy = async () =>
    ((await (await fetch(`http://127.0.0.1:${h.httpPort}/health`)).json()) as { upstreams: { healthy: boolean }[] })
      .upstreams[0]?.healthy;

  it("keeps the first upstream first after three SERVFAILs for broken names, and /health 200", async () => {
    for (let i = 1; i <= 3; i++) internal.servfail.add(`broken${i}.school.local`);
    for (let i = 1; i <= 3; i++) {
      const reply = await ask(h.dns, `broken${i}.school.local`, { from: STAFF, edns: true });
      // Asked again of the second upstream, whose NXDOMAIN does better than a SERVFAIL.
      expect(reply.rcode).toBe(3);
    }
    expect(named.queriedNames()).toEqual(expect.arrayContaining(["broken1.school.local", "broken3.school.local"]));
    const good = await ask(h.dns, "dc1.school.local", { from: STAFF });
    expect(good.answers).toMatchObject([{ address: "192.0.2.1" }]);
    expect(internal.asked).toContain("dc1.school.local/1/udp");
    expect(named.queriedNames()).not.toContain("dc1.school.local");
    expect(await health()).toBe(200);
  });

  it("takes NXDOMAIN from the first upstream as final: the second never sees the name", async () => {
    internal.nxdomain.add("gone.school.local");
    const reply = await ask(h.dns, "gone.school.local", { from: STAFF });
    expect(reply.rcode).toBe(3);
    await sleep(100);
    expect(named.queriedNames()).not.toContain("gone.school.local");
  });

  it("demotes a stopped first upstream and, restarted, takes it back with no client traffic", async () => {
    const port = internal.udpPort;
    await internal.stop();
    for (let i = 1; i <= 3; i++) {
      const reply = await ask(h.dns, `down${i}.school.local`, { from: STAFF });
      expect(reply.rcode).toBe(3); // From bind, after the first timed out.
    }
    // DNS is still answered (by bind), so the agent is healthy, degraded, with the first marked down.
    expect(await health()).toBe(200);
    const body = (await (await fetch(`http://127.0.0.1:${h.httpPort}/health`)).json()) as {
      degraded: boolean;
      upstreams: { healthy: boolean }[];
    };
    expect(body.degraded).toBe(true);
    expect(body.upstreams.map((u) => u.healthy)).toEqual([false, true]);
    // Demoted: the next question goes to bind first.
    const later = await ask(h.dns, "later.school.local", { from: STAFF });
    expect(later.answers).toMatchObject([{ address: "10.0.0.11" }]);

    await internal.start(port);
    const restarted = Date.now();
    const askedBefore = internal.asked.length;
    await expect.poll(firstHealthy, { timeout: 4 * PROBE_MS + 2000, interval: 50 }).toBe(true);
    // The first probe after the restart is due within twice the probe interval (it backs off).
    expect(Date.now() - restarted).toBeLessThan(4 * PROBE_MS + 1000);
    // Only probes (`. NS`) reached it: no client asked anything meanwhile.
    const since = internal.asked.slice(askedBefore);
    expect(since.length).toBeGreaterThanOrEqual(1);
    expect(since.every((q) => /^\.?\/2\/udp$/.test(q))).toBe(true);
  });
});
