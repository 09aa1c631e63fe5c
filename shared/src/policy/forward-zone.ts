import { z } from "zod";

/** A zone name: labels of letters, digits, `-` and `_`, at most 253 characters; lower-cased, no trailing dot. */
const zoneName = z
  .string()
  .max(254)
  .transform((name) => name.toLowerCase().replace(/\.$/, ""))
  .pipe(
    z
      .string()
      .regex(/^[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*$/, "a domain name such as school.local"),
  );

/**
 * Names under `zone` go to these resolvers (the domain controllers, say) and never to the public
 * upstreams: `udp://10.0.0.10`, `tcp://…`, `https://…`, or a bare address meaning UDP. The agent
 * checks each address when it builds the zone's resolvers.
 */
export const forwardZoneSchema = z.strictObject({
  zone: zoneName,
  upstreams: z.array(z.string().min(1).max(300)).min(1).max(8),
  /** Names in the zone skip category blocking (the locked illegal-content layer still applies). */
  allowByDefault: z.boolean().default(false),
});

export const forwardZonesSchema = z
  .array(forwardZoneSchema)
  .max(64)
  .superRefine((zones, ctx) => {
    const names = zones.map((z) => z.zone);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i)
        ctx.addIssue({ code: "custom", path: [i, "zone"], message: `zone "${name}" is listed twice` });
    });
  });

export type ForwardZone = z.infer<typeof forwardZoneSchema>;
