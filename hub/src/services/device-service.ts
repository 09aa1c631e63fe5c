import { HubError } from "../hub-error.ts";
import type { Device, DeviceFields, DeviceFilter } from "../store/device-store.ts";
import type { HubStores } from "../store/open-stores.ts";
import { StoreService } from "./store-service.ts";

/**
 * The devices of a site, one by one: a device of another site is not found, no two devices of a
 * site share a MAC, and an owner must be a person of the same site.
 */
export class DeviceService extends StoreService<HubStores> {
  get(siteId: string, id: number): Device {
    const device = this.stores.devices.get(id);
    if (!device || device.siteId !== siteId) throw new HubError("not-found", `no device ${id} at this site`);
    return device;
  }

  list(siteId: string, filter: DeviceFilter) {
    return this.stores.devices.list(siteId, filter);
  }

  create(siteId: string, fields: DeviceFields): Device {
    return this.stores.transaction(() => {
      this.check(siteId, fields, null);
      return this.stores.devices.insert(siteId, fields, this.now().toISOString());
    });
  }

  update(siteId: string, id: number, fields: DeviceFields): { before: Device; after: Device } {
    return this.stores.transaction(() => {
      const before = this.get(siteId, id);
      this.check(siteId, fields, id);
      return { before, after: this.stores.devices.update(id, fields, this.now().toISOString()) as Device };
    });
  }

  delete(siteId: string, id: number): Device {
    return this.stores.transaction(() => {
      const device = this.get(siteId, id);
      this.stores.devices.delete(id);
      return device;
    });
  }

  private check(siteId: string, fields: DeviceFields, self: number | null): void {
    if (fields.ownerId !== null && this.stores.people.get(fields.ownerId)?.siteId !== siteId)
      throw new HubError("invalid-request", `no person ${fields.ownerId} at this site to own the device`);
    const clash = fields.mac ? this.stores.devices.byMac(siteId, fields.mac) : undefined;
    if (clash && clash.id !== self)
      throw new HubError("conflict", `device ${clash.id} of this site already has MAC ${fields.mac}`);
  }
}
