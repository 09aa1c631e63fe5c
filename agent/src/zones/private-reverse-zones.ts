/**
 * Reverse zones of private, loopback and link-local addresses (RFC 6303): their names mean
 * nothing outside the site, and asking a public resolver about them tells it which private
 * addresses are in use. The agent answers them itself, NXDOMAIN, unless a forward zone covers them.
 */
export const PRIVATE_REVERSE_ZONES: readonly string[] = [
  "10.in-addr.arpa",
  ...Array.from({ length: 16 }, (_, i) => `${16 + i}.172.in-addr.arpa`),
  "168.192.in-addr.arpa",
  "127.in-addr.arpa",
  "254.169.in-addr.arpa",
  // IPv6 unique local addresses, fd00::/8 (fc00::/8's half in use).
  "d.f.ip6.arpa",
  // IPv6 link-local, fe80::/10.
  "8.e.f.ip6.arpa",
  "9.e.f.ip6.arpa",
  "a.e.f.ip6.arpa",
  "b.e.f.ip6.arpa",
  // ::1, the loopback address itself.
  `1${".0".repeat(31)}.ip6.arpa`,
];
