import { isIP } from "node:net";
import { z } from "zod";

/**
 * Where a site's roaming devices send their DNS over HTTPS: the public name of the agent that
 * serves it (its certificate is for this name), with a port when not 443; and that agent's
 * public address, which Windows needs beside the template.
 */
export const roamingSettingsSchema = z.strictObject({
  host: z
    .string()
    .max(253 + 6)
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+(:[1-9][0-9]{0,4})?$/i, "a public host name, such as doh.school.example.org"),
  address: z
    .string()
    .max(64)
    .refine((value) => isIP(value) !== 0, "an IPv4 or IPv6 address")
    .nullable()
    .default(null),
});

export type RoamingSettings = z.infer<typeof roamingSettingsSchema>;

/** The settings store's key for a site's roaming settings. */
export const roamingSettingsKey = (siteId: string) => `roaming:${siteId}`;

/** A device's DNS-over-HTTPS template: the agent's roaming endpoint with the device's token. */
export function dohUrl(settings: RoamingSettings, token: string): string {
  return `https://${settings.host.toLowerCase()}/dns-query/${token}`;
}
