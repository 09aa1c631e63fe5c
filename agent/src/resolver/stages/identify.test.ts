import { describe, expect, it } from "vitest";
import type { NetworkIdentity } from "../../identity/identity-map.ts";
import { identifyChain, identityPolicy, networkMap } from "./identity-fixture.ts";

const signedIn = (user: string, mac: string | null, expiresAt = Date.now() + 60_000): NetworkIdentity => ({
  user,
  login: user.toLowerCase(),
  mac,
  session: "s",
  source: "10.0.0.2",
  expiresAt,
});

describe("identify", () => {
  const policy = identityPolicy(1);
  const network = networkMap();
  network.set("10.0.0.5", signedIn("ANN@school", null));
  network.set("10.0.0.6", signedIn("bob", null));
  network.set("10.0.0.7", signedIn("visitor-7", "aa:bb:cc:00:00:01"));
  network.set("10.0.0.8", signedIn("ann@school", null, Date.now() - 1));
  network.set("10.0.0.9", signedIn("nobody-known", null));
  const ask = identifyChain(policy, network, {
    "10.0.0.20": { hostname: "laptop-20", mac: "aa:bb:cc:00:00:01" },
    "10.0.0.21": { hostname: "tablet-21", mac: "aa:bb:cc:00:00:02" },
    "10.0.0.7": { hostname: "dhcp-name-7", mac: "aa:bb:cc:00:00:99" },
  });

  it.each([
    // [address, user, person, device, group, mac, hostname]
    [
      "the RADIUS login, any case: person and directory group",
      "10.0.0.5",
      "ANN@school",
      "1",
      null,
      "year-7",
      null,
      null,
    ],
    [
      "a directory group over the address block (staff on a student subnet)",
      "10.0.0.6",
      "bob",
      "2",
      null,
      "staff",
      null,
      null,
    ],
    ["an unknown user: the address block", "10.0.0.9", "nobody-known", null, null, "students", null, null],
    ["an expired mapping is ignored", "10.0.0.8", null, null, null, "students", null, null],
    ["no identity at all: the address block", "10.0.1.4", null, null, null, "staff", null, null],
    [
      "a DHCP MAC gives the device and its owner",
      "10.0.0.20",
      null,
      "1",
      "11",
      "year-7",
      "aa:bb:cc:00:00:01",
      "laptop-20",
    ],
    ["a device with no owner: no person", "10.0.0.21", null, null, "12", "students", "aa:bb:cc:00:00:02", "tablet-21"],
    [
      "RADIUS's MAC wins over DHCP's; the device's owner when the user is unknown",
      "10.0.0.7",
      "visitor-7",
      "1",
      "11",
      "year-7",
      "aa:bb:cc:00:00:01",
      "dhcp-name-7",
    ],
  ])("%s", (_, address, user, person, device, group, mac, hostname) => {
    const { context } = ask(address);
    expect(context.client).toEqual({ address, user, person, device, group, mac, hostname });
    expect(context.group?.config.id).toBe(group);
  });

  it("takes device and person from a roaming query's device, whatever the address says", () => {
    const { context } = ask("10.0.0.6", "www.example.com", "11");
    expect(context.client).toMatchObject({ user: null, person: "1", device: "11", group: "year-7" });
    expect(ask("10.0.0.6", "www.example.com", "999").context.client).toMatchObject({ person: null, device: null });
  });

  it("strips the IPv4-mapped prefix of a dual-stack socket before looking up", () => {
    expect(ask("::ffff:10.0.0.5").context.client).toMatchObject({ address: "10.0.0.5", person: "1" });
  });
});
