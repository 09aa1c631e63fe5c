import { readResponseLayout } from "../dns/response-records.ts";
import { replyProblem } from "./upstream-reply.ts";

/**
 * A probe for a down upstream on a quiet site: `. NS`, RD set, no EDNS. Any well-formed reply
 * with our ID and question, whatever its rcode (an internal server may refuse it), shows the
 * upstream is answering again.
 */
export function probeQuery(id: number): Uint8Array {
  // Header (ID, RD, one question), then the root name, type NS, class IN.
  return new Uint8Array([id >> 8, id & 0xff, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1]);
}

/** Why the probe's reply does not show the upstream alive, or null when it does. */
export function probeReplyProblem(response: Uint8Array, sent: Uint8Array, id: number): string | null {
  return replyProblem(response, readResponseLayout(response), sent, id);
}
