import { z } from "zod";
import type { DeviceKind, PersonKind } from "./directory-fields.ts";

/** The fields a person's columns may fill: a display name, or first and last names joined. */
export const PERSON_COLUMNS = [
  "displayName",
  "firstName",
  "lastName",
  "externalId",
  "username",
  "yearGroup",
  "tutorGroup",
  "kind",
  "tags",
] as const;
/** The fields a device's columns may fill; the owner is found by external id or username. */
export const DEVICE_COLUMNS = ["mac", "hostname", "ownerExternalId", "ownerUsername", "kind", "label"] as const;
export type PersonColumn = (typeof PERSON_COLUMNS)[number];
export type DeviceColumn = (typeof DEVICE_COLUMNS)[number];

const header = z.string().trim().min(1).max(200).optional();
/** Field → the header of the column that fills it; fields left out are not imported (and so not changed). */
export const personMappingSchema = z.strictObject(
  Object.fromEntries(PERSON_COLUMNS.map((field) => [field, header])) as Record<PersonColumn, typeof header>,
);
export const deviceMappingSchema = z.strictObject(
  Object.fromEntries(DEVICE_COLUMNS.map((field) => [field, header])) as Record<DeviceColumn, typeof header>,
);
export type PersonMapping = z.infer<typeof personMappingSchema>;
export type DeviceMapping = z.infer<typeof deviceMappingSchema>;

/**
 * Headers the usual exports give each field (SIMS, Arbor, Bromcom, Google Workspace, Entra ID,
 * device inventories), compared without case, spaces or punctuation: the form's first guess.
 */
const KNOWN_HEADERS: Record<PersonColumn | DeviceColumn, string[]> = {
  displayName: ["displayname", "name", "fullname", "preferredname", "pupilname"],
  firstName: ["firstname", "forename", "legalforename", "preferredforename", "givenname", "firstnamerequired"],
  lastName: ["lastname", "surname", "legalsurname", "preferredsurname", "familyname", "lastnamerequired"],
  externalId: ["upn", "externalid", "employeeid", "mispersonid", "admissionno", "adno", "id", "staffcode"],
  username: [
    "username",
    "userprincipalname",
    "email",
    "emailaddress",
    "emailaddressrequired",
    "login",
    "samaccountname",
  ],
  yearGroup: ["year", "yeargroup", "nc year", "ncyear", "yearofeducation", "department"],
  tutorGroup: [
    "reggroup",
    "registrationgroup",
    "registrationform",
    "form",
    "tutorgroup",
    "class",
    "orgunitpathrequired",
  ],
  kind: ["kind", "type", "role", "persontype", "usertype"],
  tags: ["tags", "groups", "memberof"],
  mac: ["mac", "macaddress", "wifimac", "ethernetmac", "hardwareaddress"],
  hostname: ["hostname", "devicename", "computername", "host"],
  ownerExternalId: ["ownerupn", "ownerexternalid", "ownerid", "assignedtoid"],
  ownerUsername: ["owner", "ownerusername", "assignedto", "assigneduser", "primaryuser", "user", "userprincipalname"],
  label: ["label", "assettag", "asset", "serialnumber", "serial", "notes"],
};
const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** A first guess at the mapping from a file's header row: each field to the first header it is known by. */
export function guessMapping<F extends PersonColumn | DeviceColumn>(
  fields: readonly F[],
  headers: readonly string[],
): Partial<Record<F, string>> {
  const guess: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const known = KNOWN_HEADERS[field].map(squash);
    const found = known.map((name) => headers.find((h) => squash(h) === name)).find((h) => h !== undefined);
    if (found !== undefined) guess[field] = found;
  }
  return guess;
}

/** A person's kind from an export's wording (Student, Learner, Teacher, Employee, Guest ...); null if unknown. */
export function personKindOf(text: string): PersonKind | null {
  const word = squash(text);
  if (/^(pupil|student|learner|child)s?$/.test(word)) return "pupil";
  if (/^(staff|teacher|employee|teachingstaff|supportstaff)$/.test(word)) return "staff";
  if (/^(visitor|guest|contractor|supply)$/.test(word)) return "visitor";
  return null;
}

/** A device's kind from an inventory's wording; anything unrecognised is "other". */
export function deviceKindOf(text: string): DeviceKind {
  const word = squash(text);
  if (/laptop|notebook|macbook/.test(word)) return "laptop";
  if (/chromebook/.test(word)) return "chromebook";
  if (/desktop|workstation|^pc$|imac/.test(word)) return "desktop";
  if (/tablet|ipad/.test(word)) return "tablet";
  if (/phone|mobile|android|iphone/.test(word)) return "phone";
  return "other";
}

/** Tags from one cell: separated by semicolons, pipes or commas. */
export function tagsOf(text: string): string[] {
  return text
    .split(/[;|,]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
}
