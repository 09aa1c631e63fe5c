import { describe, expect, it } from "vitest";
import { ForwardZonePools } from "./forward-zone-pools.ts";

const options = { timeoutMs: 100, downAfter: 3 };
const zone = (name: string, upstreams: string[], allowByDefault = false) => ({ zone: name, upstreams, allowByDefault });

describe("forward zone pools", () => {
  it("adds a policy's zones to the config's, the policy's winning for the same zone", () => {
    const pools = new ForwardZonePools(
      [zone("school.local", ["udp://127.0.0.1:5301"]), zone("ad.school.org.uk", ["udp://127.0.0.1:5302"])],
      [zone("school.local", ["udp://127.0.0.1:5303"], true)],
      options,
    );
    expect(pools.current().lookup("dc1.school.local")).toMatchObject({ kind: "forward", allowByDefault: true });
    expect(pools.current().allowsByDefault("dc1.ad.school.org.uk")).toBe(false);
    expect(pools.current().pools()).toHaveLength(2);
    pools.close();
  });

  it("keeps a pool (and its health) across updates that still use its upstreams, one pool per upstream list", () => {
    const pools = new ForwardZonePools([zone("school.local", ["udp://127.0.0.1:5301"])], undefined, options);
    const before = pools.current().lookup("school.local");
    pools.apply([zone("10.in-addr.arpa", ["udp://127.0.0.1:5301"])]);
    const after = pools.current();
    expect(after).not.toBe(before);
    const school = after.lookup("school.local");
    const reverse = after.lookup("1.0.0.10.in-addr.arpa");
    expect(school?.kind === "forward" && before?.kind === "forward" && school.pool === before.pool).toBe(true);
    expect(reverse?.kind === "forward" && school?.kind === "forward" && reverse.pool === school.pool).toBe(true);
    expect(after.pools()).toHaveLength(1);
    pools.close();
  });

  it("keeps the table in force when a policy's zone has an address that is not an upstream", () => {
    const pools = new ForwardZonePools([], [zone("school.local", ["udp://127.0.0.1:5301"])], options);
    const inForce = pools.current();
    expect(() => pools.apply([zone("school.local", ["dc1.school.local"])])).toThrow(/IP address/);
    expect(pools.current()).toBe(inForce);
    pools.apply(undefined);
    expect(pools.current().lookup("school.local")).toBeNull();
    expect(pools.current().lookup("1.1.168.192.in-addr.arpa")).toMatchObject({ kind: "local-zone" });
    pools.close();
  });
});
