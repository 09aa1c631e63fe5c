import { createHmac, randomBytes } from "node:crypto";
import type { SettingsStore } from "../store/settings-store.ts";

const KEY_SETTING = "pseudonym.key";

/**
 * Client identities for people without the identity permission: a keyed hash, the same for the
 * same client everywhere (so patterns still show) and not reversible without the hub's key.
 */
export class Pseudonymiser {
  private readonly key: Buffer;

  constructor(settings: SettingsStore) {
    let key = settings.get(KEY_SETTING);
    if (!key) {
      key = randomBytes(32).toString("base64url");
      settings.set(KEY_SETTING, key);
    }
    this.key = Buffer.from(key, "base64url");
  }

  pseudonym(identity: string): string {
    return `client-${createHmac("sha256", this.key).update(identity).digest("base64url").slice(0, 10)}`;
  }

  /** The record with its client address, host name and MAC replaced by pseudonyms. */
  mask<T extends { clientAddress: string; hostname: string | null; mac: string | null }>(record: T): T {
    return {
      ...record,
      clientAddress: this.pseudonym(record.clientAddress),
      hostname: record.hostname === null ? null : this.pseudonym(record.hostname),
      mac: record.mac === null ? null : this.pseudonym(record.mac),
    };
  }
}
