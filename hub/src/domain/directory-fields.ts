import { z } from "zod";
import { normaliseMac } from "./mac-address.ts";

export const PERSON_KINDS = ["pupil", "staff", "visitor"] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];
export const DEVICE_KINDS = ["laptop", "desktop", "tablet", "phone", "chromebook", "other"] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** Optional text: trimmed, and empty means none. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((text) => (text ? text : null));

/**
 * A person as entered or imported. Logins compare without case (directory and RADIUS user names
 * do), so the username is kept in lower case; tags are trimmed, each once.
 */
export const personFieldsSchema = z.strictObject({
  kind: z.enum(PERSON_KINDS).default("pupil"),
  displayName: z.string().trim().min(1, "a display name is needed").max(200),
  externalId: optionalText(100),
  username: optionalText(253).transform((name) => name?.toLowerCase() ?? null),
  yearGroup: optionalText(100),
  tutorGroup: optionalText(100),
  tags: z
    .array(z.string().trim().min(1).max(100))
    .max(32)
    .default([])
    .transform((tags) => [...new Set(tags)]),
});

/** A device as entered or imported: the MAC in its one stored form. Its owner is set apart (who may set it differs). */
export const deviceFieldsSchema = z.strictObject({
  mac: optionalText(64).transform((mac, ctx) => {
    if (mac === null) return null;
    const normal = normaliseMac(mac);
    if (normal === null) ctx.addIssue({ code: "custom", message: `"${mac}" is not a MAC address` });
    return normal;
  }),
  hostname: optionalText(253),
  kind: z.enum(DEVICE_KINDS).default("other"),
  label: optionalText(200),
});

export type PersonInput = z.input<typeof personFieldsSchema>;
export type DeviceInput = z.input<typeof deviceFieldsSchema>;
