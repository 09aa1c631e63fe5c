import { describe, expect, it } from "vitest";
import { seedDevice } from "./seed-device.ts";
import { openTempStores, seedAgent } from "./temp-stores.ts";

describe("DeviceTokenStore", () => {
  const { stores } = openTempStores();
  seedAgent(stores, "school-a");
  const deviceId = Number(seedDevice(stores, "school-a", "Laptop 7"));
  const at = "2026-12-01T09:00:00.000Z";

  it("reads a device's site and label, and nothing for an unknown one", () => {
    expect(stores.deviceTokens.device(deviceId)).toEqual({
      id: deviceId,
      siteId: "school-a",
      label: "Laptop 7",
      hostname: null,
    });
    expect(stores.deviceTokens.device(deviceId + 100)).toBeUndefined();
  });

  it("keeps tokens as their hash, lists them newest first, and revokes once", () => {
    const first = stores.deviceTokens.insert({
      deviceId,
      tokenHash: "a".repeat(64),
      createdAt: at,
      createdBy: "ict@x",
    });
    const second = stores.deviceTokens.insert({
      deviceId,
      tokenHash: "b".repeat(64),
      createdAt: at,
      createdBy: "ict@x",
    });
    expect(stores.deviceTokens.list(deviceId).map((t) => t.id)).toEqual([second.id, first.id]);
    expect(JSON.stringify(stores.deviceTokens.list(deviceId))).not.toContain("aaaa");
    expect(stores.deviceTokens.revoke(first.id, at, "dsl@x")).toBe(true);
    expect(stores.deviceTokens.revoke(first.id, at, "dsl@x")).toBe(false);
    expect(stores.deviceTokens.find(first.id)).toMatchObject({ revokedAt: at, revokedBy: "dsl@x" });
    expect(stores.deviceTokens.find(second.id)?.revokedAt).toBeNull();
  });

  it("refuses the same hash twice", () => {
    expect(() =>
      stores.deviceTokens.insert({ deviceId, tokenHash: "a".repeat(64), createdAt: at, createdBy: "ict@x" }),
    ).toThrow(/UNIQUE|unique constraint/);
  });
});
