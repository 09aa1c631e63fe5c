import type { HubStores } from "./open-stores.ts";

/** Test support, like temp-stores.ts: a laptop at a site with no owner, for tests of what acts on a device. Returns its id. */
export function seedDevice(stores: HubStores, siteId: string, label = `laptop of ${siteId}`): string {
  const fields = { mac: null, hostname: null, ownerId: null, kind: "laptop", label } as const;
  return String(stores.devices.insert(siteId, fields, new Date().toISOString()).id);
}
