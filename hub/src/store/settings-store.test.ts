import { afterEach, describe, expect, it } from "vitest";
import type { HubStores } from "./open-stores.ts";
import { openTempStores } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

describe("SettingsStore", () => {
  it("stores, replaces and reads a setting; an unknown key is undefined", () => {
    ({ stores } = openTempStores());
    expect(stores.settings.get("colour")).toBeUndefined();
    stores.settings.set("colour", "green");
    stores.settings.set("colour", "blue");
    expect(stores.settings.get("colour")).toBe("blue");
  });

  it("keeps a counter, starting from the first amount", () => {
    ({ stores } = openTempStores());
    stores.settings.addTo("things", 3);
    stores.settings.addTo("things", 4);
    expect(Number(stores.settings.get("things"))).toBe(7);
  });
});
