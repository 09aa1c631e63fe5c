import { afterEach, describe, expect, it } from "vitest";
import type { HubStores } from "./open-stores.ts";
import { openTempStores, seedAgent } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

const agent = { id: "gw-1", siteId: "school-a", name: "gateway", credentialHash: "cred-1" };

describe("FleetStore", () => {
  it("creates and lists sites, and refuses a second site with the same id", () => {
    ({ stores } = openTempStores());
    stores.fleet.createSite("school-b", "Riverside", "2026-11-02");
    stores.fleet.createSite("school-a", "Hillside", "2026-11-01");
    expect(stores.fleet.site("school-a")).toEqual({ id: "school-a", name: "Hillside", createdAt: "2026-11-01" });
    expect(stores.fleet.sites().map((s) => s.id)).toEqual(["school-a", "school-b"]);
    expect(() => stores.fleet.createSite("school-a", "Again", "2026-11-03")).toThrow(/UNIQUE|unique constraint/);
  });

  it("enrols one agent per token: a used token enrols nothing", () => {
    ({ stores } = openTempStores());
    stores.fleet.createSite("school-a", "Hillside", "2026-11-01");
    stores.fleet.createEnrolmentToken("token-hash", "school-a", "2026-11-02");
    expect(stores.fleet.enrolmentToken("token-hash")).toEqual({
      siteId: "school-a",
      expiresAt: "2026-11-02",
      usedAt: null,
    });
    expect(stores.fleet.enrolAgent("token-hash", agent, "2026-11-01T10:00")).toBe(true);
    expect(stores.fleet.enrolAgent("token-hash", { ...agent, id: "gw-2", credentialHash: "c2" }, "later")).toBe(false);
    expect(stores.fleet.enrolmentToken("token-hash")?.usedAt).toBe("2026-11-01T10:00");
    expect(stores.fleet.siteAgents("school-a").map((a) => a.id)).toEqual(["gw-1"]);
    expect(stores.fleet.agentByCredential("cred-1")).toEqual({ id: "gw-1", siteId: "school-a", revokedAt: null });
  });

  it("leaves the token unused when the agent cannot be created", () => {
    ({ stores } = openTempStores());
    stores.fleet.createSite("school-a", "Hillside", "2026-11-01");
    stores.fleet.createEnrolmentToken("t1", "school-a", "2026-11-02");
    stores.fleet.createEnrolmentToken("t2", "school-a", "2026-11-02");
    stores.fleet.enrolAgent("t1", agent, "2026-11-01");
    // The same credential twice breaks the agents' unique credential: the second token must stay usable.
    expect(() => stores.fleet.enrolAgent("t2", { ...agent, id: "gw-2" }, "2026-11-01")).toThrow(
      /UNIQUE|unique constraint/,
    );
    expect(stores.fleet.enrolmentToken("t2")?.usedAt).toBeNull();
  });

  it("reads the agents of many sites at once, as each site's own list gives them", () => {
    ({ stores } = openTempStores());
    seedAgent(stores, "school-a", "gw-b");
    seedAgent(stores, "school-a", "gw-a");
    seedAgent(stores, "school-b", "gw-c");
    stores.fleet.createSite("school-c", "No agents", "2026-11-01");
    const bySite = stores.fleet.agentsOfSites(["school-a", "school-c", "nowhere"]);
    expect([...bySite.keys()]).toEqual(["school-a", "school-c", "nowhere"]);
    expect(bySite.get("school-a")).toEqual(stores.fleet.siteAgents("school-a"));
    expect(bySite.get("school-a")?.map((a) => a.id)).toEqual(["gw-a", "gw-b"]);
    expect(bySite.get("school-c")).toEqual([]);
    expect(bySite.get("nowhere")).toEqual([]);
  });

  it("revokes an agent once", () => {
    ({ stores } = openTempStores());
    const id = seedAgent(stores);
    expect(stores.fleet.revokeAgent(id, "2026-11-05")).toBe(true);
    expect(stores.fleet.revokeAgent(id, "2026-11-06")).toBe(false);
    expect(stores.fleet.siteAgents("school-a")[0]?.revokedAt).toBe("2026-11-05");
  });

  it("records a heartbeat: the agent's latest, its report columns, and its look-up counts in the hour's rollup", () => {
    ({ stores } = openTempStores());
    const id = seedAgent(stores);
    const body = JSON.stringify({
      queries: { resolved: 90, blocked: 10 },
      lists: { builtAt: "2026-11-22T00:00:00.000Z" },
      listsUpdate: { at: "2026-11-22T00:00:00.000Z", ok: true, errors: [] },
      upstreams: [
        { url: "udp://a", healthy: true, lastError: null },
        { url: "udp://b", healthy: false, lastError: "timeout" },
      ],
    });
    const counts = [{ group: "students", outcome: "blocked", label: "adult", n: 4 }];
    stores.fleet.recordHeartbeat(id, "2026-11-23T09:10:00.000Z", body, "school-a", counts);
    stores.fleet.recordHeartbeat(id, "2026-11-23T09:20:00.000Z", body, "school-a", counts);
    expect(stores.fleet.siteAgents("school-a")[0]).toMatchObject({
      lastSeenAt: "2026-11-23T09:20:00.000Z",
      lastHeartbeat: body,
    });
    const range = { sites: ["school-a"], from: "2026-11-23T00", to: "2026-11-24T00" };
    expect(stores.reportData.heartbeats(range)).toHaveLength(2);
    expect(stores.reportData.heartbeats(range)[0]).toMatchObject({
      listsBuiltAt: "2026-11-22T00:00:00.000Z",
      updateOk: 1,
    });
    expect(stores.reportData.upstreamErrors(range)).toEqual([
      { site: "school-a", upstream: "udp://b", n: 2, lastError: "timeout" },
    ]);
    expect(stores.reportData.allLookups(range)).toEqual([{ group: "students", outcome: "blocked", n: 8 }]);
  });

  it("stores nothing of a heartbeat from an unknown agent", () => {
    ({ stores } = openTempStores());
    seedAgent(stores);
    const counts = [{ group: "students", outcome: "blocked", label: "adult", n: 4 }];
    expect(() => stores.fleet.recordHeartbeat("ghost", "2026-11-23T09:10", "{}", "school-a", counts)).toThrow(
      /FOREIGN KEY|foreign key constraint/,
    );
    expect(stores.reportData.allLookups({ sites: ["school-a"], from: "2026", to: "2027" })).toEqual([]);
  });
});
