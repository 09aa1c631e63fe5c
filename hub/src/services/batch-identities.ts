import type { IdentityLookupStore, ResolvedIdentity } from "../store/identity-lookup-store.ts";

const NO_ONE: ResolvedIdentity = { personId: null, deviceId: null };

/**
 * Who is behind each event of one batch, as the hub's own tables say: each distinct claim (ids,
 * user name, hardware address) is looked up once per batch, as a batch holds a few clients' many
 * look-ups. Nothing is kept between batches, so a person or device added or changed is matched
 * from the next batch on.
 */
export function batchIdentities(lookup: IdentityLookupStore) {
  const seen = new Map<string, ResolvedIdentity>();
  return {
    of(
      siteId: string,
      person: number | null,
      device: number | null,
      user: string | null,
      mac: string | null,
    ): ResolvedIdentity {
      if (person === null && device === null && user === null && mac === null) return NO_ONE;
      const key = `${person}|${device}|${user}|${mac}`;
      let found = seen.get(key);
      if (!found) {
        found = lookup.resolve({ siteId, person, device, user, mac });
        seen.set(key, found);
      }
      return found;
    },
  };
}
