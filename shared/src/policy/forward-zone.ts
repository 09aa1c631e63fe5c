import { z } from "zod";
import { parseHostPort } from "../text/host-port.ts";

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

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * Why `address` cannot be a forward zone's resolver, or null. The same rule as the agent's
 * upstreams (an IP address, never a name: looking the name up could come back to the agent), so
 * that the hub refuses a policy the agents would refuse.
 */
export function upstreamAddressProblem(address: string): string | null {
  if (address.startsWith("https://")) return URL.canParse(address) ? null : `"${address}" is not a URL`;
  const [, rest = ""] = /^(?:(?:udp|tcp):\/\/)?(.*)$/s.exec(address) ?? [];
  const parsed = parseHostPort(rest, 53);
  if (!parsed.ok) return `not an upstream address: ${parsed.problem} (use udp://IP, tcp://IP or https://)`;
  const { host, port } = parsed.value;
  if (port === 0) return `upstream "${address}" needs a port other than 0`;
  if (!IPV4.test(host) && !host.includes(":")) return `upstream "${address}" must be an IP address, not a name`;
  return null;
}

const upstreamAddress = z.string().superRefine((address, ctx) => {
  const problem = upstreamAddressProblem(address);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/**
 * Names under `zone` go to these resolvers (the domain controllers, say) and never to the public
 * upstreams: `udp://10.0.0.10`, `tcp://…`, `https://…`, or a bare address meaning UDP.
 */
export const forwardZoneSchema = z.strictObject({
  zone: zoneName,
  upstreams: z.array(upstreamAddress).min(1).max(8),
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
