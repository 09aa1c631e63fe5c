import { type HostPort, parseHostPort } from "@fenceline/shared";

/** A listen address from the checked configuration → host and port; one that fails here is a bug upstream. */
export function parseListenAddress(address: string): HostPort {
  const parsed = parseHostPort(address);
  if (!parsed.ok) throw new Error(`listen address ${parsed.problem}`);
  return parsed.value;
}
