import { afterEach, describe, expect, it } from "vitest";
import { queryPacket } from "../../../test/support/dns-client.ts";
import { parseQueryPacket, type QueryPacket } from "../dns/query-packet.ts";
import { type Upstream, UpstreamError } from "./upstream.ts";
import { type UpstreamFailure, UpstreamPool } from "./upstream-pool.ts";

type Behaviour = "ok" | "nxdomain" | "nodata" | "servfail" | "refused" | "timeout" | "unreachable" | "malformed";
const RCODES: Partial<Record<Behaviour, number>> = { ok: 0, nodata: 0, nxdomain: 3, servfail: 2, refused: 5 };

/** An upstream that answers each name as told (`behave`), noting the names and types it was asked. */
class FakeUpstream implements Upstream {
  readonly asked: string[] = [];
  readonly url: string;
  behave: (name: string) => Behaviour;
  constructor(url: string, behave: (name: string) => Behaviour) {
    this.url = url;
    this.behave = behave;
  }

  async exchange(query: Uint8Array): Promise<Uint8Array> {
    const name = questionName(query);
    this.asked.push(`${name}/${(query[query.indexOf(0, 12) + 2] as number).toString()}`);
    const behaviour = this.behave(name);
    if (behaviour === "timeout") throw new UpstreamError("upstream-timeout", `${this.url} did not answer`);
    if (behaviour === "unreachable") throw new UpstreamError("upstream-failed", `${this.url}: ECONNREFUSED`);
    const response = new Uint8Array(query);
    response[2] = 0x81;
    response[3] = 0x80 | (RCODES[behaviour] ?? 0);
    if (behaviour === "malformed") response[0] = ((response[0] as number) + 1) & 0xff;
    return response;
  }

  close(): void {}
}

function questionName(packet: Uint8Array): string {
  const labels: string[] = [];
  for (let p = 12; packet[p]; p += (packet[p] as number) + 1)
    labels.push(Buffer.from(packet.subarray(p + 1, p + 1 + (packet[p] as number))).toString("latin1"));
  return labels.join(".") || ".";
}

const query = (name: string) => parseQueryPacket(queryPacket(name, 1, 7)) as QueryPacket;
const pools: UpstreamPool[] = [];
function pool(upstreams: Upstream[], probeAfterMs = 60_000): UpstreamPool {
  const made = new UpstreamPool(upstreams, {
    timeoutMs: 100,
    downAfter: 3,
    probeAfterMs,
    probeMaxMs: 4 * probeAfterMs,
  });
  pools.push(made);
  return made;
}
afterEach(() => {
  for (const made of pools.splice(0)) made.stop();
});

describe("UpstreamPool: which answer a query gets", () => {
  const cases: { first: Behaviour; second: Behaviour; from: string | null; secondAsked: boolean; rcode?: number }[] = [
    { first: "ok", second: "ok", from: "first", secondAsked: false, rcode: 0 },
    { first: "nxdomain", second: "ok", from: "first", secondAsked: false, rcode: 3 },
    { first: "nodata", second: "ok", from: "first", secondAsked: false, rcode: 0 },
    { first: "servfail", second: "ok", from: "second", secondAsked: true, rcode: 0 },
    { first: "servfail", second: "nxdomain", from: "second", secondAsked: true, rcode: 3 },
    { first: "refused", second: "ok", from: "second", secondAsked: true, rcode: 0 },
    { first: "timeout", second: "ok", from: "second", secondAsked: true, rcode: 0 },
    { first: "unreachable", second: "nxdomain", from: "second", secondAsked: true, rcode: 3 },
    { first: "malformed", second: "ok", from: "second", secondAsked: true, rcode: 0 },
    { first: "servfail", second: "servfail", from: null, secondAsked: true },
    { first: "timeout", second: "refused", from: null, secondAsked: true },
  ];
  it.each(cases)(
    "first $first, second $second: answered by $from",
    async ({ first, second, from, secondAsked, rcode }) => {
      const one = new FakeUpstream("first", () => first);
      const two = new FakeUpstream("second", () => second);
      const answer = await pool([one, two]).resolve(query("name.school.local"));
      expect(answer?.upstream ?? null).toBe(from);
      if (answer) expect(answer.layout.rcode).toBe(rcode);
      expect(two.asked.length > 0).toBe(secondAsked);
    },
  );

  it("keeps the first SERVFAIL to relay, and says what every upstream came to", async () => {
    const one = new FakeUpstream("first", () => "servfail");
    const two = new FakeUpstream("second", () => "timeout");
    const three = new FakeUpstream("third", () => "refused");
    const result = (await pool([one, two, three]).resolveOrFailure(query("broken.school.local"))) as UpstreamFailure;
    expect(result.servfail?.upstream).toBe("first");
    expect(result.attempts.map((a) => `${a.upstream}:${a.result}`)).toEqual([
      "first:servfail",
      "second:timeout",
      "third:refused",
    ]);
  });
});

describe("UpstreamPool: health by kind of failure", () => {
  const cases: { failure: Behaviour; demoted: boolean }[] = [
    { failure: "servfail", demoted: false },
    { failure: "refused", demoted: false },
    { failure: "nxdomain", demoted: false },
    { failure: "timeout", demoted: true },
    { failure: "unreachable", demoted: true },
    { failure: "malformed", demoted: true },
  ];
  it.each(cases)("three $failure replies: demoted $demoted", async ({ failure, demoted }) => {
    const one = new FakeUpstream("first", (name) => (name.startsWith("broken") ? failure : "ok"));
    const two = new FakeUpstream("second", () => "ok");
    const upstreams = pool([one, two]);
    for (let i = 0; i < 3; i++) await upstreams.resolve(query(`broken${i}.school.local`));
    expect(upstreams.status()[0]?.healthy).toBe(!demoted);
    expect(upstreams.status()[0]?.consecutiveFailures).toBe(demoted ? 3 : 0);
    one.behave = () => "ok";
    const answer = await upstreams.resolve(query("good.school.local"));
    expect(answer?.upstream).toBe(demoted ? "second" : "first");
  });
});

describe("UpstreamPool: probes of a down upstream", () => {
  it("probes `. NS` on a timer with no client traffic, and puts it back once it answers", async () => {
    let up = false;
    const one = new FakeUpstream("first", () => (up ? "refused" : "timeout"));
    const upstreams = pool([one, new FakeUpstream("second", () => "ok")], 30);
    for (let i = 0; i < 3; i++) await upstreams.resolve(query(`name${i}.test`));
    expect(upstreams.status()[0]?.healthy).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 45));
    expect(one.asked.filter((a) => a === "./2").length).toBe(1);
    up = true;
    await expect.poll(() => upstreams.status()[0]?.healthy, { timeout: 1000, interval: 10 }).toBe(true);
    const probes = one.asked.filter((a) => a === "./2").length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(one.asked.filter((a) => a === "./2").length).toBe(probes);
  });

  it("backs off while it stays down, one probe at a time, and stops with the pool", async () => {
    const one = new FakeUpstream("first", () => "timeout");
    const upstreams = pool([one, new FakeUpstream("second", () => "ok")], 20);
    for (let i = 0; i < 3; i++) await upstreams.resolve(query(`name${i}.test`));
    // Probes at 20, 60, 140, 220 ms (the wait doubles up to 80 ms).
    await new Promise((resolve) => setTimeout(resolve, 250));
    const probes = one.asked.filter((a) => a === "./2").length;
    expect(probes).toBeGreaterThanOrEqual(2);
    expect(probes).toBeLessThanOrEqual(4);
    upstreams.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(one.asked.filter((a) => a === "./2").length).toBe(probes);
  });
});
