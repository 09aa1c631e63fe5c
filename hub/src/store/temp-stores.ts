import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openTestStores } from "../testing/test-stores.ts";
import type { StoredEvent } from "./event-store.ts";
import type { HubStores } from "./open-stores.ts";

/** Test support: the stores over a fresh SQLite file in a temporary folder. */
export function openTempStores(): { stores: HubStores; file: string } {
  const file = join(mkdtempSync(join(tmpdir(), "fenceline-store-")), "hub.sqlite");
  return { stores: openTestStores(file), file };
}

/** A site with one enrolled agent: what events and heartbeats need before they can be stored. */
export function seedAgent(stores: HubStores, siteId = "school-a", agentId = `${siteId}-gw`): string {
  if (!stores.fleet.site(siteId)) stores.fleet.createSite(siteId, `School ${siteId}`, "2026-11-01T00:00:00.000Z");
  stores.fleet.createEnrolmentToken(`hash-of-${agentId}`, siteId, "2026-12-01T00:00:00.000Z");
  stores.fleet.enrolAgent(
    `hash-of-${agentId}`,
    { id: agentId, siteId, name: agentId, credentialHash: `credential-of-${agentId}` },
    "2026-11-01T00:00:00.000Z",
  );
  return agentId;
}

/** A blocked look-up at school-a, with any field replaced. */
export function storedEvent(overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    id: "e-1",
    siteId: "school-a",
    agentId: "school-a-gw",
    time: "2026-11-23T09:00:00.000Z",
    clientAddress: "10.0.0.7",
    group: "students",
    hostname: null,
    mac: null,
    name: "casino.example",
    qtype: 1,
    outcome: "blocked",
    categories: ["gambling"],
    monitored: [],
    list: "ut1-gambling",
    listVersion: "v1",
    rule: "casino.example",
    locked: false,
    ...overrides,
  };
}

/** Fresh stores with school-a's agent enrolled: the usual start of a store test. */
export function openSeededStores(): HubStores {
  const { stores } = openTempStores();
  seedAgent(stores);
  return stores;
}
