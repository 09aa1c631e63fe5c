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
import { queryPacket } from "./bench-tools.ts";

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
        const answer = await ask(socket, port, queryPacket(i, name, code));
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

/** The answer with the query's ID, or null after a second. */
function ask(socket: ReturnType<typeof createSocket>, port: number, packet: Buffer): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const onMessage = (message: Buffer) => {
      if (message.length < 12 || message.readUInt16BE(0) !== packet.readUInt16BE(0)) return;
      finish(message);
    };
    const timer = setTimeout(() => finish(null), 1000);
    const finish = (answer: Buffer | null) => {
      clearTimeout(timer);
      socket.off("message", onMessage);
      resolve(answer);
    };
    socket.on("message", onMessage);
    socket.send(packet, port, "127.0.0.1");
  });
}
