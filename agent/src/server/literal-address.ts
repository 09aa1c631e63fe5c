/**
 * A dgram socket's address lookup for sockets that only ever send to IP literals (replies to
 * clients, queries to upstreams, which must be addresses): answered at once instead of through
 * dns.lookup and a tick of the event loop per datagram.
 */
export function literalAddress(
  address: string,
  _family: unknown,
  callback: (error: Error | null, address: string, family: number) => void,
): void {
  callback(null, address, address.includes(":") ? 6 : 4);
}
