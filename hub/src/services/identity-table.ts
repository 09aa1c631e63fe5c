import { createHash } from "node:crypto";
import type { IdentityPerson, IdentityTable } from "@fenceline/shared/policy";
import type { IdentityPersonRow, IdentityTableStore } from "../store/identity-table-store.ts";

/** A person's logins as the network's identity sources give them: lower case, each once. */
function loginsOf(row: IdentityPersonRow): string[] {
  const logins = [row.username, row.externalId]
    .filter((login): login is string => login !== null && login.trim() !== "")
    .map((login) => login.trim().toLowerCase());
  return [...new Set(logins)];
}

/** The most groups and logins the agent's schema takes for one person: more would make it refuse the whole policy. */
const MAX_GROUPS = 32; // identityPersonSchema.directoryGroups in shared/src/policy/identity.ts
const HOST_NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/i;

/**
 * Year group, tutor group, then the directory tags: the groups the policy's directory rules name,
 * each once, as many as the agent takes (the year and tutor groups first, so they always fit).
 */
function directoryGroupsOf(row: IdentityPersonRow): string[] {
  const tags = JSON.parse(row.tags) as string[];
  const groups = [row.yearGroup, row.tutorGroup, ...tags].filter(
    (group): group is string => group !== null && group.trim() !== "",
  );
  return [...new Set(groups.map((group) => group.trim().slice(0, 100)))].slice(0, MAX_GROUPS);
}

function personOf(row: IdentityPersonRow): IdentityPerson {
  const person: IdentityPerson = { id: String(row.id), logins: loginsOf(row), directoryGroups: directoryGroupsOf(row) };
  const until = row.sanctionEndsAt === null ? Number.NaN : Date.parse(row.sanctionEndsAt);
  // An end time that does not read as one is left out rather than sent: the agent would refuse the whole policy.
  if (Number.isSafeInteger(until) && until > 0)
    person.sanction = {
      until,
      // Only host names: one malformed entry would make the agent refuse the whole policy.
      allow: (JSON.parse(row.sanctionAllow ?? "[]") as string[]).filter((name) => HOST_NAME.test(name)).slice(0, 200),
    };
  return person;
}

/**
 * The identity table a site's agents get with its policy: opaque ids, logins and groups, no names.
 * Built afresh for each poll so that an edit to a person, device, token or sanction reaches the
 * agents at their next one; its digest goes into the policy's ETag.
 */
export class IdentityTableService {
  private readonly store: IdentityTableStore;
  private readonly now: () => Date;

  constructor(store: IdentityTableStore, now: () => Date = () => new Date()) {
    this.store = store;
    this.now = now;
  }

  forSite(siteId: string): IdentityTable {
    return {
      people: this.store.people(siteId, this.now().toISOString()).map(personOf),
      devices: this.store.devices(siteId).map((device) => ({
        id: String(device.id),
        mac: device.mac,
        person: device.ownerId === null ? null : String(device.ownerId),
      })),
      roaming: this.store.roamingTokens(siteId).map((token) => ({
        tokenHash: token.tokenHash,
        device: String(token.deviceId),
      })),
    };
  }
}

/** The first 16 hex digits of the table's SHA-256: what the policy's ETag adds to its version. */
export function identityDigest(table: IdentityTable): string {
  return createHash("sha256").update(JSON.stringify(table)).digest("hex").slice(0, 16);
}
