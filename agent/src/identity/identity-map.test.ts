import { describe, expect, it } from "vitest";
import { type IdentityChange, IdentityMap, type NetworkIdentity } from "./identity-map.ts";

const NOW = 1_800_000_000_000;
const who = (user: string, session: string | null, expiresAt = NOW + 60_000, source = "10.0.0.2"): NetworkIdentity => ({
  user,
  login: user.toLowerCase(),
  mac: null,
  session,
  source,
  expiresAt,
});

describe("IdentityMap", () => {
  it("maps an address until its lease ends, and never returns an expired entry", () => {
    const map = new IdentityMap(10);
    map.set("10.0.0.5", who("Ann", "s1", NOW + 1000));
    expect(map.get("10.0.0.5", NOW)?.user).toBe("Ann");
    expect(map.get("10.0.0.5", NOW + 1000)).toBeNull();
    expect(map.get("10.0.0.6", NOW)).toBeNull();
  });

  it("refreshes on Start or Interim-Update: the newest identity and lease win", () => {
    const map = new IdentityMap(10);
    map.set("10.0.0.5", who("Ann", "s1", NOW + 1000));
    map.set("10.0.0.5", who("Bob", "s2", NOW + 5000));
    expect(map.get("10.0.0.5", NOW + 2000)?.user).toBe("Bob");
    expect(map.size).toBe(1);
  });

  it("frees an address on Stop only for the session that holds it", () => {
    const map = new IdentityMap(10);
    map.set("10.0.0.5", who("Bob", "s2"));
    expect(map.end("10.0.0.5", "s1")).toBe(false);
    expect(map.get("10.0.0.5", NOW)?.user).toBe("Bob");
    expect(map.end("10.0.0.5", "s2")).toBe(true);
    expect(map.get("10.0.0.5", NOW)).toBeNull();
    expect(map.end("10.0.0.5", "s2")).toBe(false);
  });

  it("frees every address a restarted controller had reported (Accounting-On / -Off), and no other", () => {
    const map = new IdentityMap(10);
    map.set("10.0.0.5", who("Ann", "a", NOW + 60_000, "10.0.0.2"));
    map.set("10.0.0.6", who("Bob", "b", NOW + 60_000, "10.0.0.2"));
    map.set("10.0.9.7", who("Cat", "c", NOW + 60_000, "10.0.9.1"));
    expect(map.endAllFrom("10.0.0.2")).toBe(2);
    expect(map.all().map(([address]) => address)).toEqual(["10.0.9.7"]);
  });

  it("sweeps expired entries and says so to its watcher", () => {
    const map = new IdentityMap(10);
    const changes: IdentityChange[] = [];
    map.watch((change) => changes.push(change));
    map.set("10.0.0.1", who("Ann", "a", NOW + 10));
    map.set("10.0.0.2", who("Bob", "b", NOW + 10_000));
    expect(map.sweep(NOW + 100)).toBe(1);
    expect(map.size).toBe(1);
    expect(changes.map(([address, identity]) => [address, identity?.user ?? null])).toEqual([
      ["10.0.0.1", "Ann"],
      ["10.0.0.2", "Bob"],
      ["10.0.0.1", null],
    ]);
  });

  it("stays within its bound by dropping the least recently refreshed address, counted", () => {
    const map = new IdentityMap(3);
    for (const n of [1, 2, 3]) map.set(`10.0.0.${n}`, who(`u${n}`, `s${n}`));
    map.set("10.0.0.1", who("u1", "s1")); // refreshed: now the newest
    map.set("10.0.0.4", who("u4", "s4"));
    expect(map.size).toBe(3);
    expect(map.dropped).toBe(1);
    expect(map.get("10.0.0.2", NOW)).toBeNull();
    expect(map.get("10.0.0.1", NOW)?.user).toBe("u1");
    expect(map.get("10.0.0.4", NOW)?.user).toBe("u4");
  });

  it("rebuilds elsewhere from its changes (a DNS worker's copy)", () => {
    const main = new IdentityMap(10);
    const copy = new IdentityMap(Number.MAX_SAFE_INTEGER);
    main.watch((change) => copy.apply(change));
    main.set("10.0.0.1", who("Ann", "a"));
    main.set("10.0.0.2", who("Bob", "b"));
    main.end("10.0.0.1", "a");
    expect(copy.all()).toEqual(main.all());
    expect(copy.get("10.0.0.2", NOW)?.user).toBe("Bob");
  });
});
