import type { CompiledPolicy } from "../../policy/compiled-policy.ts";
import type { Stage } from "../stage.ts";

/** A DHCP lease: what a client address is called. */
export interface LeaseInfo {
  hostname: string | null;
  mac: string | null;
}

/**
 * Who is asking: the client's group from its address (most specific CIDR, else the default
 * group), and its hostname and MAC from the DHCP leases when known; for a roaming device (DNS
 * over HTTPS with a device token) the device, its owner and their directory group instead. Pins
 * the policy in force so that a reload mid-query cannot mix two policies.
 */
export function identify(currentPolicy: () => CompiledPolicy, leaseOf: (address: string) => LeaseInfo | null): Stage {
  return function identifyStage(context, next) {
    const policy = currentPolicy();
    const address = context.remoteAddress.startsWith("::ffff:")
      ? context.remoteAddress.slice(7)
      : context.remoteAddress;
    // A roaming device's address says nothing (a home broadband line): its token names the device,
    // whose owner's directory groups give the group (else the default group).
    const roaming = context.roamingDevice ? policy.roaming.device(context.roamingDevice) : null;
    const group = roaming ? policy.groupNamed(roaming.group) : policy.groupFor(address);
    const lease = roaming ? null : leaseOf(address);
    context.policy = policy;
    context.group = group;
    context.client = {
      address,
      group: group.config.id,
      hostname: lease?.hostname ?? null,
      mac: lease?.mac ?? null,
      user: null,
      person: roaming?.person ?? null,
      device: roaming?.device ?? null,
    };
    return next();
  };
}
