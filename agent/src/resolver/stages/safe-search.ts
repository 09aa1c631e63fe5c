import { readAnswerRecords } from "../../dns/answer-records.ts";
import { QTYPE, RCODE } from "../../dns/dns-constants.ts";
import { parseQueryPacket, type QueryPacket } from "../../dns/query-packet.ts";
import { buildResponse, nameToWire, type RecordToWrite } from "../../dns/response-packet.ts";
import { readResponseLayout } from "../../dns/response-records.ts";
import type { SafeSearchRule } from "../../policy/name-rules.ts";
import { upstreamQuery } from "../../upstream/upstream-query.ts";
import type { Answer } from "../answer.ts";
import type { MaybeAnswer, Stage } from "../stage.ts";

/** TTL of the synthesised CNAME. */
const CNAME_TTL = 300;

/**
 * Safe search: a search host is answered with a CNAME to the engine's enforced target, followed
 * by the target's own records, which are resolved through the rest of the chain (cache, then
 * upstream) as a query for the target.
 */
export function safeSearch(rules: ReadonlyMap<string, SafeSearchRule>): Stage {
  return function safeSearchStage(context, next) {
    const settings = context.group?.config.safeSearch;
    const rule = settings?.enabled ? rules.get(context.query.name) : undefined;
    const target = rule
      ? rule.engine === "youtube"
        ? rule.targets[settings?.youtube ?? "strict"]
        : rule.targets.on
      : undefined;
    if (!rule || !target) return next();
    const cname: RecordToWrite = { type: QTYPE.CNAME, ttl: CNAME_TTL, data: nameToWire(target) };
    const enforced = {
      outcome: "safesearch" as const,
      reason: { categories: [], detail: rule.engine, rule: target },
      label: rule.engine,
    };
    // Asked for the CNAME itself: the enforced one, and nothing to resolve.
    if (context.query.qtype === QTYPE.CNAME)
      return { bytes: buildResponse(context.query, RCODE.NOERROR, [cname]), ...enforced };
    const original = context.query;
    context.query = targetQuery(original, target);
    // The stages below see the target's query while they run, then the client's again.
    let resolved: MaybeAnswer;
    try {
      resolved = next();
    } catch (error) {
      context.query = original;
      throw error;
    }
    if (!(resolved instanceof Promise)) {
      context.query = original;
      return withCname(resolved);
    }
    return resolved.then(withCname).finally(() => {
      context.query = original;
    });

    function withCname(answer: Answer): Answer {
      const layout = readResponseLayout(answer.bytes);
      const records = layout ? readAnswerRecords(answer.bytes, layout.questionEnd, layout.answerCount) : null;
      if (!layout || !records) return { ...answer, bytes: buildResponse(original, RCODE.SERVFAIL) };
      return { bytes: buildResponse(original, layout.rcode, [cname, ...records]), ...enforced };
    }
  };
}

/** The client's query, asked for the target name instead (same ID, type, flags and EDNS). */
function targetQuery(query: QueryPacket, target: string): QueryPacket {
  const packet = upstreamQuery(query, query.id, nameToWire(target), query.qtype);
  if (!query.edns) {
    // upstreamQuery always adds OPT; a client without EDNS must not get one back.
    const withoutOpt = packet.slice(0, packet.length - 11);
    withoutOpt[11] = 0;
    return parsed(withoutOpt, query);
  }
  return parsed(packet, query);
}

function parsed(packet: Uint8Array, query: QueryPacket): QueryPacket {
  const result = parseQueryPacket(packet);
  if ("kind" in result) throw new Error(`cannot build the safe-search query: ${result.kind}`);
  return { ...result, rd: query.rd, cd: query.cd };
}
