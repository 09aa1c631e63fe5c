import { createMatchBuffer, type DomainMatcher, MatcherBuilder } from "@fenceline/shared/matcher";
import {
  type DirectoryGroupRule,
  groupForDirectoryGroups,
  type IdentitySanction,
  type IdentityTable,
} from "@fenceline/shared/policy";
import type { CompiledGroup } from "./compiled-group.ts";

/** A person as the DNS path needs them: their group from the directory, and any sanction. */
export class CompiledPerson {
  readonly id: string;
  /** The policy group their directory groups give them; null: the address block decides. */
  readonly group: CompiledGroup | null;
  readonly sanction: IdentitySanction | undefined;
  private readonly allowed: DomainMatcher | null;
  private readonly matches = createMatchBuffer();

  constructor(id: string, group: CompiledGroup | null, sanction: IdentitySanction | undefined) {
    this.id = id;
    this.group = group;
    this.sanction = sanction;
    this.allowed = sanction && sanction.allow.length > 0 ? namesMatcher(sanction.allow) : null;
  }

  /** Whether the wire name at `offset` is under one of the sanction's own allowed names. */
  sanctionAllows(raw: Uint8Array, offset: number): boolean {
    return this.allowed !== null && this.allowed.matchWire(raw, offset, this.matches) > 0;
  }
}

export interface CompiledDevice {
  id: string;
  owner: CompiledPerson | null;
}

/**
 * The policy's identity table as lookup maps, built once with the policy: login (lower case) →
 * person, MAC → device, device id → device, person id → person, and a roaming token's SHA-256 →
 * device id (a token the hub revoked is simply absent from the next policy). Each person's
 * directory group is resolved here, not per query.
 */
export class CompiledIdentity {
  private readonly byLogin = new Map<string, CompiledPerson>();
  private readonly byId = new Map<string, CompiledPerson>();
  private readonly byMac = new Map<string, CompiledDevice>();
  private readonly byDevice = new Map<string, CompiledDevice>();
  private readonly byTokenHash = new Map<string, string>();

  constructor(
    table: IdentityTable | undefined,
    rules: readonly DirectoryGroupRule[],
    groups: ReadonlyMap<string, CompiledGroup>,
  ) {
    for (const person of table?.people ?? []) {
      const groupId = groupForDirectoryGroups(rules, person.directoryGroups);
      const compiled = new CompiledPerson(person.id, (groupId && groups.get(groupId)) || null, person.sanction);
      this.byId.set(person.id, compiled);
      for (const login of person.logins) this.byLogin.set(login.toLowerCase(), compiled);
    }
    for (const device of table?.devices ?? []) {
      const compiled = { id: device.id, owner: (device.person && this.byId.get(device.person)) || null };
      this.byDevice.set(device.id, compiled);
      if (device.mac) this.byMac.set(device.mac.toLowerCase(), compiled);
    }
    for (const { tokenHash, device } of table?.roaming ?? []) this.byTokenHash.set(tokenHash, device);
  }

  /** The device id a roaming token's SHA-256 (hex, lower case) stands for; null for a token unknown or revoked. */
  deviceForToken(tokenHash: string): string | null {
    return this.byTokenHash.get(tokenHash) ?? null;
  }

  personByLogin(login: string): CompiledPerson | null {
    return this.byLogin.get(login) ?? null;
  }

  person(id: string): CompiledPerson | null {
    return this.byId.get(id) ?? null;
  }

  deviceByMac(mac: string): CompiledDevice | null {
    return this.byMac.get(mac) ?? null;
  }

  device(id: string): CompiledDevice | null {
    return this.byDevice.get(id) ?? null;
  }
}

function namesMatcher(names: readonly string[]): DomainMatcher {
  const builder = new MatcherBuilder(0x5a9c710, 0x1d3e7, names.length);
  for (const name of names) {
    const bytes = new TextEncoder().encode(name.toLowerCase());
    builder.addEntry(0, bytes, 0, bytes.length);
  }
  return builder.finish(1).matcher;
}
