import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GUEST, type Harness, startHarness } from "./support/agent-harness.ts";
import { ask, TYPE } from "./support/dns-client.ts";
import { hasNamed, type NamedServer, startNamed } from "./support/named-server.ts";

const run = promisify(execFile);
const PTR = 12;

/**
 * A school network: the domain controller's DNS serves the AD zone and the private reverse zone,
 * the public upstream serves public names only. The agent forwards the internal zones to the DC
 * and everything else to the public server; private reverse names nobody serves end at the agent.
 */
describe.skipIf(!hasNamed())("forward zones and private reverse zones", () => {
  let dc: NamedServer;
  let publicDns: NamedServer;
  let h: Harness;

  beforeAll(async () => {
    dc = await startNamed([
      { name: "school.local", records: "dc1 IN A 10.0.0.10\ndc2 IN A 10.0.0.11\nfiles IN A 10.0.0.20\n" },
      { name: "10.in-addr.arpa", records: "10.0.0 IN PTR dc1.school.local.\n" },
      // Listed in the test lists' adult category (blocked for guests), served by the DC here.
      { name: "adult.test", records: "@ IN A 10.0.0.30\n" },
      { name: "porn.blogspot.test", records: "@ IN A 10.0.0.31\n" },
      // Locked (illegal) category: allowByDefault must not open it.
      { name: "csam.test", records: "@ IN A 10.0.0.32\n" },
    ]);
    publicDns = await startNamed([{ name: "example.test", records: "www IN A 192.0.2.80\nmail IN A 192.0.2.25\n" }]);
    h = await startHarness({
      upstreams: [publicDns.address],
      forwardZones: [
        { zone: "school.local", upstreams: [dc.address] },
        { zone: "10.in-addr.arpa", upstreams: [dc.address] },
        { zone: "adult.test", upstreams: [dc.address] },
        { zone: "porn.blogspot.test", upstreams: [dc.address], allowByDefault: true },
        { zone: "csam.test", upstreams: [dc.address], allowByDefault: true },
      ],
    });
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await dc?.stop();
    await publicDns?.stop();
  });

  /** The query logs a moment after the queries (named writes them asynchronously). */
  const logs = async () => {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { dc: dc.queriedNames(), public: publicDns.queriedNames() };
  };

  it("resolves internal names and the private reverse zone through the DC only, public names publicly", async () => {
    const internal = await ask(h.dns, "dc1.school.local", { from: GUEST });
    expect(internal.rcode).toBe(0);
    expect(internal.answers.map((a) => a.address)).toEqual(["10.0.0.10"]);
    const missing = await ask(h.dns, "nobody.school.local", { from: GUEST });
    expect(missing.rcode).toBe(3);
    const reverse = await ask(h.dns, "10.0.0.10.in-addr.arpa", { from: GUEST, type: PTR });
    expect(reverse.rcode).toBe(0);
    expect(reverse.answers.map((a) => a.domain)).toEqual(["dc1.school.local"]);
    const outside = await ask(h.dns, "www.example.test", { from: GUEST });
    expect(outside.answers.map((a) => a.address)).toEqual(["192.0.2.80"]);

    const { dc: dcAsked, public: publicAsked } = await logs();
    expect(dcAsked).toEqual(
      expect.arrayContaining(["dc1.school.local", "nobody.school.local", "10.0.0.10.in-addr.arpa"]),
    );
    expect(dcAsked).not.toContain("www.example.test");
    expect(publicAsked).toContain("www.example.test");
    expect(publicAsked.filter((name) => name.endsWith("school.local") || name.endsWith("in-addr.arpa"))).toEqual([]);
  });

  it("answers a private reverse name no forward zone covers itself: NXDOMAIN with the zone's SOA (dig)", async () => {
    const { stdout } = await run("dig", [
      `@${h.dns.host}`,
      "-p",
      String(h.dns.port),
      "-b",
      GUEST,
      "+time=2",
      "+tries=1",
      "1.1.168.192.in-addr.arpa",
      "PTR",
    ]);
    expect(stdout).toMatch(/status: NXDOMAIN/);
    expect(stdout).toMatch(/flags: qr aa rd ra;/);
    expect(stdout).toMatch(/ANSWER: 0, AUTHORITY: 1/);
    expect(stdout).toMatch(
      /;; AUTHORITY SECTION:\n168\.192\.in-addr\.arpa\.\s+10800\s+IN\s+SOA\s+168\.192\.in-addr\.arpa\. nobody\.invalid\. 1 3600 1200 604800 10800/,
    );
    // fd00::1, a unique local address: NXDOMAIN. ::1's reverse name is a zone's apex: no data.
    const ula = await ask(h.dns, `1${".0".repeat(29)}.d.f.ip6.arpa`, { from: GUEST, type: PTR });
    expect(ula.rcode).toBe(3);
    const loopback = await ask(h.dns, `1${".0".repeat(31)}.ip6.arpa`, { from: GUEST, type: PTR });
    expect([loopback.rcode, loopback.answers]).toEqual([0, []]);
    const { dc: dcAsked, public: publicAsked } = await logs();
    for (const asked of [dcAsked, publicAsked]) {
      expect(asked.filter((name) => name.endsWith("168.192.in-addr.arpa") || name.endsWith("ip6.arpa"))).toEqual([]);
    }
  });

  it("still blocks a blocked category under a forward zone, unless the zone allows by default (never a locked one)", async () => {
    const blocked = await ask(h.dns, "adult.test", { from: GUEST });
    expect(blocked.rcode).toBe(3); // guests' block mode is NXDOMAIN
    const allowed = await ask(h.dns, "porn.blogspot.test", { from: GUEST });
    expect(allowed.rcode).toBe(0);
    expect(allowed.answers.map((a) => a.address)).toEqual(["10.0.0.31"]);
    const locked = await ask(h.dns, "csam.test", { from: GUEST });
    expect(locked.rcode).toBe(3);
    const { dc: dcAsked } = await logs();
    expect(dcAsked).toContain("porn.blogspot.test");
    expect(dcAsked).not.toContain("adult.test");
    expect(dcAsked).not.toContain("csam.test");
  });

  it("gives SERVFAIL for internal names only once the DC is down, never asking the public upstream", async () => {
    await dc.stop();
    const internal = await ask(h.dns, "files.school.local", { from: GUEST, edns: true });
    expect(internal.rcode).toBe(2);
    expect(internal.ede?.text).toMatch(/forward zone school\.local did not answer/);
    const outside = await ask(h.dns, "mail.example.test", { from: GUEST, type: TYPE.A });
    expect(outside.answers.map((a) => a.address)).toEqual(["192.0.2.25"]);
    const { public: publicAsked } = await logs();
    expect(publicAsked).not.toContain("files.school.local");
    // /health shows the DC's resolvers: healthy before the failures, down after three timeouts,
    // the agent degraded but still healthy (public names are answered).
    for (const name of ["a.school.local", "b.school.local"]) await ask(h.dns, name, { from: GUEST });
    const health = await fetch(`http://127.0.0.1:${h.httpPort}/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as {
      degraded: boolean;
      forwardZones: { zones: string[]; upstreams: { url: string; healthy: boolean }[] }[];
    };
    expect(body.degraded).toBe(true);
    const dcPool = body.forwardZones.find((z) => z.zones.includes("school.local"));
    expect(dcPool?.zones).toEqual(expect.arrayContaining(["school.local", "10.in-addr.arpa"]));
    expect(dcPool?.upstreams.map((u) => u.healthy)).toEqual([false]);
  });
});
