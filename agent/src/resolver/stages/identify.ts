import type { CompiledPolicy } from "../../policy/compiled-policy.ts";
import type { Stage } from "../stage.ts";

/** A DHCP lease: what a client address is called. */
export interface LeaseInfo {
  hostname: string | null;
  mac: string | null;
}

/**
 * Who is asking: the client's group from its address (most specific CIDR, else the default
 * group), and its hostname and MAC from the DHCP leases when known. Pins the policy in force so
 * that a reload mid-query cannot mix two policies.
 */
export function identify(currentPolicy: () => CompiledPolicy, leaseOf: (address: string) => LeaseInfo | null): Stage {
  return function identifyStage(context, next) {
    const policy = currentPolicy();
    const address = context.remoteAddress.startsWith("::ffff:")
      ? context.remoteAddress.slice(7)
      : context.remoteAddress;
    const group = policy.groupFor(address);
    const lease = leaseOf(address);
    context.policy = policy;
    context.group = group;
    context.client = {
      address,
      group: group.config.id,
      hostname: lease?.hostname ?? null,
      mac: lease?.mac ?? null,
      user: null,
      person: null,
      device: null,
    };
    return next();
  };
}
