import { randomInt } from "node:crypto";
import type { CheckItem } from "@fenceline/shared/checks";
import { QTYPE } from "../dns/dns-constants.ts";
import { parseQueryPacket, type QueryPacket } from "../dns/query-packet.ts";
import { concat, nameToWire, optRecord } from "../dns/response-packet.ts";
import type { QueryContext } from "../resolver/query-context.ts";
import type { MaybeAnswer } from "../resolver/stage.ts";

/** How long one check look-up may take before it counts as "timeout". */
export const CHECK_LOOKUP_TIMEOUT_MS = 5_000;

export type CheckOutcome = CheckItem["outcome"];

/** An A query for `name` as a client would send it (RD, EDNS), or null for a name DNS cannot carry. */
export function checkQuery(name: string): QueryPacket | null {
  const lower = name.toLowerCase().replace(/\.$/, "");
  if (lower.length === 0 || lower.split(".").some((label) => label.length === 0 || label.length > 63)) return null;
  const header = new Uint8Array(12);
  const id = randomInt(0x10000);
  header[0] = id >> 8;
  header[1] = id & 0xff;
  header[2] = 0x01;
  header[5] = 1;
  header[11] = 1;
  const question = concat([nameToWire(lower), new Uint8Array([0, QTYPE.A, 0, 1])]);
  const parsed = parseQueryPacket(concat([header, question, optRecord(false)]));
  return "kind" in parsed ? null : parsed;
}

/** A check's query travelling down the check chain, as a client of `group`. */
function checkContext(query: QueryPacket, group: string): QueryContext {
  return {
    query,
    transport: "check",
    remoteAddress: "check",
    receivedAt: performance.now(),
    roamingDevice: null,
    client: { address: "check", group, hostname: null, mac: null, user: null, person: null, device: null },
    policy: null,
    group: null,
    monitored: [],
  };
}

/**
 * Resolves `name` through the check chain as a client of `group` would, and says what happened:
 * the answer's outcome, "error" for a name DNS cannot carry, "timeout" past `timeoutMs`.
 */
export async function checkLookup(
  chain: (context: QueryContext) => MaybeAnswer,
  name: string,
  group: string,
  timeoutMs = CHECK_LOOKUP_TIMEOUT_MS,
): Promise<CheckOutcome> {
  const query = checkQuery(name);
  if (!query) return "error";
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const answer = chain(checkContext(query, group));
    if (!(answer instanceof Promise)) return answer.outcome;
    return await Promise.race([answer.then((done) => done.outcome), late]);
  } finally {
    clearTimeout(timer);
  }
}
