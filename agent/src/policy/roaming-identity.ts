import { groupForDirectoryGroups, type SitePolicy } from "@fenceline/shared/policy";

/** A roaming device as the DNS path needs it: its owner, and the policy group their directory groups give. */
export interface RoamingDevice {
  device: string;
  person: string | null;
  /** The policy group from the owner's directory groups; null when no rule applies (the default group then). */
  group: string | null;
}

/**
 * The site's roaming tokens (by their SHA-256) and the devices behind them, compiled once from the
 * policy's identity table so that a DNS-over-HTTPS request costs two map look-ups. A token the hub
 * revoked is simply absent from the next policy.
 */
export class RoamingIdentity {
  private readonly byTokenHash = new Map<string, string>();
  private readonly devices = new Map<string, RoamingDevice>();

  constructor(policy: Pick<SitePolicy, "identity" | "directoryGroups">) {
    const identity = policy.identity;
    if (!identity) return;
    const people = new Map(identity.people.map((person) => [person.id, person]));
    const owners = new Map(identity.devices.map((device) => [device.id, device.person]));
    for (const { tokenHash, device } of identity.roaming) {
      this.byTokenHash.set(tokenHash, device);
      if (this.devices.has(device)) continue;
      const person = owners.get(device) ?? null;
      const groups = (person && people.get(person)?.directoryGroups) || [];
      this.devices.set(device, { device, person, group: groupForDirectoryGroups(policy.directoryGroups, groups) });
    }
  }

  /** The device id a token's SHA-256 (hex, lower case) stands for; null for a token unknown or revoked. */
  deviceFor(tokenHash: string): string | null {
    return this.byTokenHash.get(tokenHash) ?? null;
  }

  /** The device, its owner and their group; a device without a token in this policy is unknown (null). */
  device(id: string): RoamingDevice | null {
    return this.devices.get(id) ?? null;
  }
}
