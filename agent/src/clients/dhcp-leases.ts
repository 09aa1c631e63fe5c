import { EVENT_HOSTNAME_MAX, EVENT_MAC_MAX } from "@fenceline/shared/events";
import type { LeaseInfo } from "../resolver/stages/identify.ts";

/**
 * Client names from a DHCP leases file: dnsmasq's one-line format
 * (`expiry mac ip hostname client-id`) or ISC dhcpd's `lease ip { ... }` blocks. Lines that do
 * not parse are skipped; later leases for an address replace earlier ones. A device chooses its
 * own DHCP hostname: one longer than an event may carry is cut to fit, so that the hub still takes
 * that device's events (and a hardware address too long to be one is left out).
 */
export function parseLeases(text: string, format: "dnsmasq" | "isc"): Map<string, LeaseInfo> {
  return format === "dnsmasq" ? parseDnsmasq(text) : parseIsc(text);
}

function parseDnsmasq(text: string): Map<string, LeaseInfo> {
  const leases = new Map<string, LeaseInfo>();
  for (const line of text.split("\n")) {
    const [, mac, ip, hostname] = line.trim().split(/\s+/);
    if (!mac || !ip || !/^[0-9a-f:]{11,}$/i.test(mac)) continue;
    leases.set(ip, lease(mac.toLowerCase(), hostname && hostname !== "*" ? hostname : null));
  }
  return leases;
}

function parseIsc(text: string): Map<string, LeaseInfo> {
  const leases = new Map<string, LeaseInfo>();
  for (const block of text.matchAll(/lease\s+([0-9a-fA-F:.]+)\s*\{([^}]*)\}/g)) {
    const body = block[2] as string;
    const mac = /hardware\s+ethernet\s+([0-9a-fA-F:]+)\s*;/.exec(body)?.[1]?.toLowerCase() ?? null;
    const hostname = /client-hostname\s+"([^"]*)"\s*;/.exec(body)?.[1] ?? null;
    leases.set(block[1] as string, lease(mac, hostname));
  }
  return leases;
}

function lease(mac: string | null, hostname: string | null): LeaseInfo {
  return {
    mac: mac && mac.length <= EVENT_MAC_MAX ? mac : null,
    hostname: hostname?.slice(0, EVENT_HOSTNAME_MAX) ?? null,
  };
}
