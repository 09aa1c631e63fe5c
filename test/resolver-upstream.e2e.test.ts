import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Harness, STAFF, startHarness } from "./support/agent-harness.ts";
import { ask, labelsQueryPacket, readReply, sendUdp, TYPE } from "./support/dns-client.ts";
import { TestUpstream } from "./support/test-upstream.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("forwarding and the cache", () => {
  let h: Harness;
  beforeAll(async () => {
    // Nothing here waits for an upstream to fail: a loaded test machine may take longer than the
    // harness's 300 ms to answer, which would turn an answer into SERVFAIL.
    h = await startHarness({ upstreamTimeoutMs: 3000 });
  });
  afterAll(() => h.stop());

  it("forwards any record type and echoes the ID and question", async () => {
    const reply = await ask(h.dns, "mx.example.test", { type: TYPE.MX, from: STAFF });
    expect(reply.rcode).toBe(0);
    expect(reply.answers).toMatchObject([{ type: TYPE.MX, exchange: "mail.mx.example.test" }]);
  });

  it("caches answers and ages their TTL", async () => {
    const first = await ask(h.dns, "cached.test", { from: STAFF });
    expect(first.answers[0]?.ttl).toBe(300);
    await sleep(1100);
    const second = await ask(h.dns, "cached.test", { from: STAFF });
    // Aged by the time in the cache (a little over a second, more on a busy machine).
    expect(second.answers[0]?.ttl).toBeLessThanOrEqual(299);
    expect(second.answers[0]?.ttl).toBeGreaterThanOrEqual(295);
    expect(h.upstream.asked.filter((q) => q.startsWith("cached.test/")).length).toBe(1);
  });

  it("echoes the question exactly, letter case included, when the answer comes from the cache", async () => {
    await ask(h.dns, "case.test", { from: STAFF });
    const reply = readReply(await sendUdp(h.dns, labelsQueryPacket(["CaSe", "TeSt"], TYPE.A, 9), { from: STAFF }));
    expect(Buffer.from(reply.raw.subarray(12, 23)).toString("latin1")).toBe("\x04CaSe\x04TeSt\x00");
    expect(reply.answers).toMatchObject([{ address: "192.0.2.1" }]);
    expect(h.upstream.asked.filter((q) => q.startsWith("case.test/")).length).toBe(1);
  });

  it("expires answers after their TTL", async () => {
    h.upstream.ttl = 1;
    await ask(h.dns, "short.test", { from: STAFF });
    await sleep(1100);
    await ask(h.dns, "short.test", { from: STAFF });
    h.upstream.ttl = 300;
    expect(h.upstream.asked.filter((q) => q.startsWith("short.test/")).length).toBe(2);
  });

  it("caches NXDOMAIN for the SOA minimum (RFC 2308)", async () => {
    const first = await ask(h.dns, "nx.test", { from: STAFF });
    const second = await ask(h.dns, "nx.test", { from: STAFF });
    expect([first.rcode, second.rcode]).toEqual([3, 3]);
    expect(h.upstream.asked.filter((q) => q.startsWith("nx.test/")).length).toBe(1);
  });

  it("keeps a name whose label holds a dot apart from the dotted name (no cache poisoning)", async () => {
    // "www.victim" + "test" is not "www" + "victim" + "test": its NXDOMAIN must not answer the other.
    h.upstream.nxdomain.add("www.victim.test");
    const odd = readReply(await sendUdp(h.dns, labelsQueryPacket(["www.victim", "test"], TYPE.A, 7), { from: STAFF }));
    expect(odd.rcode).toBe(3);
    h.upstream.nxdomain.delete("www.victim.test");
    const real = await ask(h.dns, "www.victim.test", { from: STAFF });
    expect(real.rcode).toBe(0);
    expect(real.answers).toHaveLength(1);
    expect(h.upstream.asked.filter((q) => q.startsWith("www.victim.test/")).length).toBe(2);
  });

  it("keeps DO answers apart from plain ones and passes DO through", async () => {
    const plain = await ask(h.dns, "do.test", { from: STAFF, edns: true });
    const withDo = await ask(h.dns, "do.test", { from: STAFF, edns: true, dnssecOk: true });
    expect(plain.dnssecOk).toBe(false);
    expect(withDo.dnssecOk).toBe(true);
    expect(h.upstream.asked.filter((q) => q.startsWith("do.test/")).length).toBe(2);
  });

  it("never relays the upstream's OPT options (its COOKIE) to clients", async () => {
    const reply = await ask(h.dns, "cookie.test", { from: STAFF, edns: true });
    expect(reply.optCodes).toEqual([]);
    const plain = await ask(h.dns, "cookie.test", { from: STAFF });
    expect(plain.optCodes).toBeNull();
  });

  it("sets TC when the answer is too big for the client's UDP size, and answers in full over TCP", async () => {
    const udp = await ask(h.dns, "big.test", { type: TYPE.TXT, from: STAFF });
    expect(udp.truncated).toBe(true);
    expect(udp.answers).toEqual([]);
    const tcp = await ask(h.dns, "big.test", { type: TYPE.TXT, from: STAFF, tcp: true });
    expect(tcp.truncated).toBe(false);
    expect(tcp.answers).toHaveLength(12);
    // The upstream said TC over UDP, so the agent asked it again over TCP.
    expect(h.upstream.asked).toContain("big.test/16/tcp");
  });
});

describe("questions on their way upstream", () => {
  let h: Harness;
  beforeAll(async () => {
    // The bound is what is tested, not the timeout: a busy machine must not turn slow answers into SERVFAIL.
    h = await startHarness({ upstreamMaxInFlight: 25, upstreamTimeoutMs: 5000 });
    h.upstream.delayMs = 150;
  });
  afterAll(() => h.stop());

  it("are asked upstream once however many clients ask at once, each answered with its own ID", async () => {
    const ids = Array.from({ length: 20 }, (_, i) => 1000 + i);
    const replies = await Promise.all(
      ids.map((id) => sendUdp(h.dns, labelsQueryPacket(["popular", "test"], TYPE.A, id), { from: STAFF })),
    );
    expect(replies.map((raw) => readReply(raw).id)).toEqual(ids);
    expect(replies.every((raw) => readReply(raw).answers[0]?.address === "192.0.2.1")).toBe(true);
    expect(h.upstream.asked.filter((q) => q.startsWith("popular.test/"))).toHaveLength(1);
  });

  it("are bounded: past the limit, SERVFAIL at once with the reason", async () => {
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) => ask(h.dns, `flood${i}.test`, { from: STAFF, edns: true })),
    );
    expect(replies.filter((r) => r.rcode === 0)).toHaveLength(25);
    const refused = replies.filter((r) => r.rcode === 2);
    expect(refused).toHaveLength(5);
    expect(refused[0]?.ede?.text).toMatch(/25 questions already waiting/);
    expect(h.upstream.asked.filter((q) => q.startsWith("flood"))).toHaveLength(25);
  });

  it("count those waiting on another's question towards the bound too", async () => {
    const replies = await Promise.all(Array.from({ length: 30 }, () => ask(h.dns, "same-flood.test", { from: STAFF })));
    expect(replies.filter((r) => r.rcode === 0)).toHaveLength(25);
    expect(replies.filter((r) => r.rcode === 2)).toHaveLength(5);
    expect(h.upstream.asked.filter((q) => q.startsWith("same-flood.test/"))).toHaveLength(1);
  });
});

describe("upstream failures", () => {
  let h: Harness;
  let silent: TestUpstream;
  let second: TestUpstream;
  beforeAll(async () => {
    silent = await new TestUpstream().start();
    silent.mode = "silent";
    second = await new TestUpstream().start();
    second.address = "192.0.2.2";
    h = await startHarness({ upstreams: [silent.url, second.url] });
  });
  afterEach(() => {
    silent.mode = "silent";
    second.mode = "ok";
  });
  afterAll(async () => {
    await h.stop();
    await silent.stop();
    await second.stop();
  });

  it("fails over to the next upstream", async () => {
    const reply = await ask(h.dns, "failover.test", { from: STAFF });
    expect(reply.answers).toMatchObject([{ address: "192.0.2.2" }]);
  });

  it("answers SERVFAIL with an EDE saying what happened when no upstream gives an answer", async () => {
    second.mode = "silent";
    const timedOut = await ask(h.dns, "alldown.test", { from: STAFF, edns: true });
    expect(timedOut.rcode).toBe(2);
    expect(timedOut.ede).toMatchObject({ code: 22, text: expect.stringMatching(/^no upstream answered \(timeouts\)/) });
    second.mode = "servfail";
    const relayed = await ask(h.dns, "broken.test", { from: STAFF, edns: true });
    expect(relayed.rcode).toBe(2);
    expect(relayed.ede?.code).toBe(0);
    expect(relayed.ede?.text).toBe(`upstream ${second.url} answered SERVFAIL; also tried ${silent.url} (timeout)`);
  });

  it("serves a stale answer while the upstreams are down (RFC 8767)", async () => {
    second.ttl = 1;
    const fresh = await ask(h.dns, "stale.test", { from: STAFF });
    expect(fresh.answers).toMatchObject([{ address: "192.0.2.2" }]);
    await sleep(1100);
    second.mode = "silent";
    const stale = await ask(h.dns, "stale.test", { from: STAFF, edns: true });
    expect(stale.answers).toMatchObject([{ address: "192.0.2.2", ttl: 30 }]);
    expect(stale.ede?.code).toBe(3);
  });
});

describe("DNS over HTTPS upstreams", () => {
  it("forwards over DoH (RFC 8484 POST) through undici", async () => {
    const { createServer } = await import("node:http");
    const { sendUdp } = await import("./support/dns-client.ts");
    const backend = await new TestUpstream().start();
    backend.address = "192.0.2.53";
    let posts = 0;
    // A DoH front end on loopback that relays each message to the test upstream over UDP.
    const doh = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk) => chunks.push(chunk));
      request.on("end", async () => {
        posts++;
        expect(request.headers["content-type"]).toBe("application/dns-message");
        const answer = await sendUdp({ host: "127.0.0.1", port: backend.udpPort }, Buffer.concat(chunks));
        response.writeHead(200, { "content-type": "application/dns-message" });
        response.end(Buffer.from(answer));
      });
    });
    await new Promise<void>((resolve) => doh.listen(0, "127.0.0.1", () => resolve()));
    const url = `http://127.0.0.1:${(doh.address() as { port: number }).port}/dns-query`;
    // The relay adds a hop: room for it on a loaded machine (the harness default is 300 ms).
    const h = await startHarness({ upstreams: [url], upstreamTimeoutMs: 5000 });
    try {
      const reply = await ask(h.dns, "doh-upstream.test", { from: STAFF });
      expect(reply.answers).toMatchObject([{ address: "192.0.2.53" }]);
      expect(posts).toBe(1);
    } finally {
      await h.stop();
      await backend.stop();
      doh.close();
    }
  });
});
