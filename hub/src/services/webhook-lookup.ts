import { type LookupAddress, lookup } from "node:dns";
import type { LookupFunction } from "node:net";
import { addressProblem, type WebhookPolicy } from "../domain/webhook-policy.ts";

/**
 * A DNS lookup for webhook connections that refuses a name resolving to any internal address
 * (unless the policy allows them): checked on the addresses the socket then connects to, so a
 * name cannot pass a check and resolve elsewhere a moment later.
 */
export function webhookLookup(policy: WebhookPolicy): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      const done = callback as (error: Error | null, address: string | LookupAddress[], family?: number) => void;
      if (error) return done(error, "");
      const refused = addresses.map((a) => addressProblem(a.address, policy)).find((problem) => problem !== null);
      if (refused)
        return done(Object.assign(new Error(`webhook host ${hostname} refused: ${refused}`), { permanent: true }), "");
      const [first] = addresses;
      if (!first) return done(new Error(`webhook host ${hostname} has no address`), "");
      return options.all ? done(null, addresses) : done(null, first.address, first.family);
    });
  };
}
