/**
 * Whether a server answers a blocked name itself whatever record type is asked. Devices ask for
 * A, AAAA and HTTPS records of every name they visit; a server that blocks only some types sends
 * the rest upstream (dnsmasq 2.86 and later does so for every type but A with
 * `address=/d/0.0.0.0`, see its manual). Forwarded queries are told apart by the benchmark
 * upstream's answers: its own addresses, or REFUSED (or a SERVFAIL made of it) for the types it
 * has no answer for.
 */
import { createSocket } from "node:dgram";
import { responseCode } from "../src/dns/response-packet.ts";
import { askUdp, queryPacket } from "./bench-tools.ts";

export const CHECKED_TYPES = { A: 1, AAAA: 28, HTTPS: 65 } as const;
export type CheckedType = keyof typeof CHECKED_TYPES;

/** Per record type: queries asked, and how many the server answered itself. */
export type BlockCheck = Record<CheckedType, { asked: number; blocked: number }>;

const RCODE_SERVFAIL = 2;
const RCODE_REFUSED = 5;

/** Asks each name as each checked type, one query at a time, and counts the answers not from upstream. */
export async function checkBlocking(
  port: number,
  names: readonly string[],
  upstreamAddresses: readonly Buffer[],
): Promise<BlockCheck> {
  const socket = createSocket("udp4");
  const check = {} as BlockCheck;
  try {
    for (const [type, code] of Object.entries(CHECKED_TYPES) as [CheckedType, number][]) {
      const counts = { asked: 0, blocked: 0 };
      for (const [i, name] of names.entries()) {
        const answer = await askUdp(socket, port, queryPacket(i, name, code), 1000);
        counts.asked++;
        if (answer && !forwarded(answer, upstreamAddresses)) counts.blocked++;
      }
      check[type] = counts;
    }
  } finally {
    socket.close();
  }
  return check;
}

function forwarded(answer: Buffer, upstreamAddresses: readonly Buffer[]): boolean {
  const rcode = responseCode(answer);
  if (rcode === RCODE_REFUSED || rcode === RCODE_SERVFAIL) return true;
  return upstreamAddresses.some((address) => answer.includes(address, 12));
}
