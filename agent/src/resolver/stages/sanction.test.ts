import { describe, expect, it } from "vitest";
import { identifyChain, identityPolicy, networkMap } from "./identity-fixture.ts";

const NXDOMAIN = 3;

describe("sanction", () => {
  const network = networkMap();
  const until = Date.now() + 60_000;
  network.set("10.0.0.30", {
    user: "cat",
    login: "cat",
    mac: null,
    session: "s",
    source: "10.0.0.2",
    expiresAt: until + 60_000,
  });
  network.set("10.0.0.31", {
    user: "ann@school",
    login: "ann@school",
    mac: null,
    session: "s",
    source: "10.0.0.2",
    expiresAt: until,
  });
  const ask = identifyChain(identityPolicy(until), network);

  it("refuses the sanctioned person's look-ups as a block in their group's mode, flagged as a sanction", () => {
    const { answer } = ask("10.0.0.30", "www.example.com");
    expect(answer.outcome).toBe("blocked");
    expect(answer.reason).toEqual({ categories: [], detail: "sanction" });
    expect(answer.label).toBe("sanction");
    expect((answer.bytes[3] as number) & 0x0f).toBe(NXDOMAIN);
  });

  it.each([
    ["the sanction's own allowed name", "bbc.co.uk"],
    ["a name under it", "www.bbc.co.uk"],
    ["a name under the group's allow list", "vle.school.example"],
  ])("lets through %s", (_, name) => {
    expect(ask("10.0.0.30", name).answer.outcome).toBe("resolved");
  });

  it("leaves a neighbour on the same subnet alone", () => {
    expect(ask("10.0.0.31", "www.example.com").answer.outcome).toBe("resolved");
    expect(ask("10.0.0.32", "www.example.com").answer.outcome).toBe("resolved");
  });

  it("follows the person to a roaming device they own", () => {
    expect(ask("192.0.2.1", "www.example.com", "13").answer.outcome).toBe("blocked");
  });

  it("lifts at its end time, with no new policy", () => {
    const lifted = identityChain(Date.now() - 1);
    expect(lifted("10.0.0.30", "www.example.com").answer.outcome).toBe("resolved");
  });
});

function identityChain(until: number) {
  const network = networkMap();
  network.set("10.0.0.30", {
    user: "cat",
    login: "cat",
    mac: null,
    session: "s",
    source: "10.0.0.2",
    expiresAt: Date.now() + 60_000,
  });
  return identifyChain(identityPolicy(until), network);
}
