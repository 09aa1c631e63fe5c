/** `127.0.0.1:53` or `[::1]:53` → host and port. */
export function parseListenAddress(address: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]+)):(\d{1,5})$/.exec(address);
  if (!match) throw new Error(`not host:port: "${address}"`);
  const port = Number(match[3]);
  if (port > 65535) throw new Error(`bad port in "${address}"`);
  return { host: (match[1] ?? match[2]) as string, port };
}
