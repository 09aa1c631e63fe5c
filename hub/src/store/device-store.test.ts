import { afterEach, describe, expect, it } from "vitest";
import type { DeviceFields } from "./device-store.ts";
import type { HubStores } from "./open-stores.ts";
import { openTempStores, seedAgent } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

const AT = "2026-12-01T09:00:00.000Z";
const laptop: DeviceFields = {
  mac: "aa:bb:cc:dd:ee:01",
  hostname: "lap-1",
  ownerId: null,
  kind: "laptop",
  label: "Trolley 3",
};

describe("DeviceStore", () => {
  it("inserts, finds by MAC and owner, pages with a search, updates and deletes", () => {
    ({ stores } = openTempStores());
    seedAgent(stores, "school-a");
    const owner = stores.people.insert(
      "school-a",
      {
        kind: "staff",
        displayName: "T",
        externalId: null,
        username: null,
        yearGroup: null,
        tutorGroup: null,
        tags: [],
      },
      AT,
    );
    const one = stores.devices.insert("school-a", { ...laptop, ownerId: owner.id }, AT);
    const two = stores.devices.insert("school-a", { ...laptop, mac: "aa:bb:cc:dd:ee:02", label: null }, AT);
    expect(stores.devices.byMac("school-a", "aa:bb:cc:dd:ee:01")?.id).toBe(one.id);
    expect(stores.devices.byOwner(owner.id).map((d) => d.id)).toEqual([one.id]);
    expect(stores.devices.list("school-a", { text: "trolley", limit: 10, offset: 0 }).devices).toHaveLength(1);
    expect(stores.devices.list("school-a", { limit: 1, offset: 1 })).toMatchObject({
      devices: [{ id: two.id }],
      total: 2,
    });
    expect(() => stores.devices.insert("school-a", laptop, AT)).toThrow(/UNIQUE|unique constraint/);
    expect(stores.devices.update(two.id, { ...laptop, mac: null, kind: "tablet" }, AT)).toMatchObject({
      mac: null,
      kind: "tablet",
    });
    expect(stores.devices.delete(two.id)).toBe(true);
    expect(stores.devices.get(two.id)).toBeUndefined();
  });

  it("keeps a device without an owner when its owner is removed", () => {
    ({ stores } = openTempStores());
    seedAgent(stores, "school-a");
    const owner = stores.people.insert(
      "school-a",
      { kind: "pupil", displayName: "P", externalId: "1", username: null, yearGroup: null, tutorGroup: null, tags: [] },
      AT,
    );
    const device = stores.devices.insert("school-a", { ...laptop, ownerId: owner.id }, AT);
    stores.people.delete(owner.id);
    expect(stores.devices.get(device.id)?.ownerId).toBeNull();
  });
});
