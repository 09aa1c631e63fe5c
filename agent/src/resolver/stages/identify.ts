import type { NetworkIdentity } from "../../identity/identity-map.ts";
import type { CompiledDevice, CompiledPerson } from "../../policy/compiled-identity.ts";
import type { CompiledPolicy } from "../../policy/compiled-policy.ts";
import type { Stage } from "../stage.ts";

/** A DHCP lease: what a client address is called. */
export interface LeaseInfo {
  hostname: string | null;
  mac: string | null;
}

/** Where identify looks an address up: DHCP leases, and the network's identity (RADIUS accounting). */
export interface AddressSources {
  leaseOf(address: string): LeaseInfo | null;
  networkOf(address: string, now: number): NetworkIdentity | null;
}

/**
 * Who is asking, from what is known at this moment. The person: the RADIUS user's login in the
 * policy's identity table, else the owner of the device (found by the MAC RADIUS or DHCP gives,
 * or, for a roaming query, by the device its token named). The group: the person's directory
 * group if a rule gives one, else the most specific address block (not for a roaming query),
 * else the default group. Pins
 * the policy in force so that a reload mid-query cannot mix two policies. Lookups only: the
 * identity table's maps were built with the policy.
 */
export function identify(currentPolicy: () => CompiledPolicy, sources: AddressSources): Stage {
  return function identifyStage(context, next) {
    const policy = currentPolicy();
    const address = context.remoteAddress.startsWith("::ffff:")
      ? context.remoteAddress.slice(7)
      : context.remoteAddress;
    const identity = policy.identity;
    const lease = sources.leaseOf(address);
    let network: NetworkIdentity | null = null;
    let device: CompiledDevice | null;
    let person: CompiledPerson | null = null;
    if (context.roamingDevice !== null) {
      device = identity.device(context.roamingDevice);
    } else {
      network = sources.networkOf(address, Date.now());
      if (network?.login) person = identity.personByLogin(network.login);
      const mac = network?.mac ?? lease?.mac;
      device = mac ? identity.deviceByMac(mac) : null;
    }
    person ??= device?.owner ?? null;
    // A roaming device's address (a home broadband line) says nothing: without a directory group, the default group.
    const group =
      person?.group ?? (context.roamingDevice !== null ? policy.groupNamed(null) : policy.groupFor(address));
    context.policy = policy;
    context.group = group;
    context.client = {
      address,
      group: group.config.id,
      hostname: lease?.hostname ?? null,
      mac: network?.mac ?? lease?.mac ?? null,
      user: network?.user ?? null,
      person: person?.id ?? null,
      device: device?.id ?? null,
    };
    return next();
  };
}
