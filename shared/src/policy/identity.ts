import { z } from "zod";

/** The longest user name an identity source gives (RADIUS User-Name, a directory login). */
export const LOGIN_MAX = 253;
/** People, devices and roaming tokens a site's identity table holds at most. */
export const IDENTITY_TABLE_MAX = 100_000;

const hostName = z.string().regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/i, "a host name such as example.com");
const personId = z.string().min(1).max(64);

/**
 * A time-boxed sanction on one person: until `until` (milliseconds since the epoch, UTC) their
 * look-ups are refused except names under their group's allow list and `allow`. The agent lifts it
 * by itself at that moment, poll or no poll.
 */
export const identitySanctionSchema = z.strictObject({
  until: z.number().int().positive(),
  allow: z.array(hostName).max(200).default([]),
});

/**
 * A person as the agent needs them: an opaque id (no names leave the hub), the user names the
 * network's identity sources give for them (lower case), their directory groups (year group,
 * tutor group, directory tags) and a sanction in force.
 */
export const identityPersonSchema = z.strictObject({
  id: personId,
  logins: z.array(z.string().min(1).max(LOGIN_MAX)).max(16).default([]),
  directoryGroups: z.array(z.string().min(1).max(100)).max(32).default([]),
  sanction: identitySanctionSchema.optional(),
});

/** A device the hub knows: its id, hardware address (lower case, colons) and owner. */
export const identityDeviceSchema = z.strictObject({
  id: z.string().min(1).max(64),
  mac: z.string().max(64).nullable(),
  person: personId.nullable(),
});

/** A roaming device's DNS-over-HTTPS token, as its SHA-256 (hex): the token itself never leaves the hub. */
export const roamingTokenSchema = z.strictObject({
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in hex"),
  device: z.string().min(1).max(64),
});

/** Who is behind an address: what the hub adds to the site policy it sends an agent. */
export const identityTableSchema = z.strictObject({
  people: z.array(identityPersonSchema).max(IDENTITY_TABLE_MAX).default([]),
  devices: z.array(identityDeviceSchema).max(IDENTITY_TABLE_MAX).default([]),
  roaming: z.array(roamingTokenSchema).max(IDENTITY_TABLE_MAX).default([]),
});

/** Directory group → policy group, in order: the first rule naming one of a person's groups wins. */
export const directoryGroupRuleSchema = z.strictObject({
  directoryGroup: z.string().min(1).max(100),
  group: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, "a kebab-case id"),
});

export type IdentitySanction = z.infer<typeof identitySanctionSchema>;
export type IdentityPerson = z.infer<typeof identityPersonSchema>;
export type IdentityDevice = z.infer<typeof identityDeviceSchema>;
export type RoamingToken = z.infer<typeof roamingTokenSchema>;
export type IdentityTable = z.infer<typeof identityTableSchema>;
export type DirectoryGroupRule = z.infer<typeof directoryGroupRuleSchema>;

/**
 * The policy group a person's directory groups give them: the first rule (in the policy's order)
 * whose directory group they are in, compared without case; null when none applies, and then the
 * address block decides.
 */
export function groupForDirectoryGroups(
  rules: readonly DirectoryGroupRule[],
  groups: readonly string[],
): string | null {
  if (rules.length === 0 || groups.length === 0) return null;
  const theirs = new Set(groups.map((group) => group.toLowerCase()));
  return rules.find((rule) => theirs.has(rule.directoryGroup.toLowerCase()))?.group ?? null;
}

/** Whether a sanction is in force at `at` (milliseconds since the epoch). */
export function sanctionInForce(sanction: IdentitySanction | undefined, at: number): boolean {
  return sanction !== undefined && at < sanction.until;
}
