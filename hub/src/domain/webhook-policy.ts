import { BlockList, isIP } from "node:net";

/** Where alert webhooks may go, from the hub's configuration. */
export interface WebhookPolicy {
  /** Hosts (names or addresses, as written in the URL) a webhook may reach over plain http:. */
  httpHosts: readonly string[];
  /** Whether a webhook may reach loopback, private, link-local or unique-local addresses. */
  privateAddresses: boolean;
}

export const DEFAULT_WEBHOOK_POLICY: WebhookPolicy = { httpHosts: [], privateAddresses: false };

/** Addresses inside the school or the hub's own machine: a webhook there could probe or attack them. */
const INTERNAL = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  INTERNAL.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  INTERNAL.addSubnet(net, bits, "ipv6");

/** Why an address may not be a webhook's target, or null when it may. */
export function addressProblem(address: string, policy: WebhookPolicy): string | null {
  const family = isIP(address);
  if (family === 0) return `"${address}" is not an address`;
  if (policy.privateAddresses) return null;
  // An IPv4 address written as IPv6 reaches the IPv4 one: never a webhook's own form. (Checked by
  // hand: a BlockList also matches IPv4 addresses against an IPv6 rule for this range.)
  if (family === 6 && /^::ffff:/i.test(address)) return `${address} is an IPv4 address written as IPv6`;
  return INTERNAL.check(address, family === 4 ? "ipv4" : "ipv6")
    ? `${address} is a loopback, private, link-local or unique-local address`
    : null;
}

/** A URL's host without IPv6 brackets. */
export function urlHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/**
 * Why a webhook URL is refused, or null: https only (http to a host the configuration allows),
 * and a host written as an address must pass `addressProblem`. Names are checked again, as
 * resolved, when the webhook is sent.
 */
export function webhookUrlProblem(text: string, policy: WebhookPolicy): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "not a URL";
  }
  const host = urlHost(url);
  if (url.protocol === "http:" && !policy.httpHosts.includes(host))
    return `http: only to a host allowed in the configuration (alerts.webhooks.httpHosts); use https:`;
  if (url.protocol !== "https:" && url.protocol !== "http:") return `${url.protocol} is not allowed; use https:`;
  if (url.username || url.password) return "credentials in the URL are not allowed";
  return isIP(host) === 0 ? null : addressProblem(host, policy);
}
