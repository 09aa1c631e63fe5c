import { type AnswerCache, questionKey } from "../../cache/answer-cache.ts";
import { responseForClient } from "../../dns/client-response.ts";
import { EDE } from "../../dns/dns-constants.ts";
import type { QueryPacket } from "../../dns/query-packet.ts";
import { cacheTtl } from "../../dns/response-records.ts";
import type { Answer } from "../answer.ts";
import type { Stage } from "../stage.ts";

/** TTL of a stale answer served while every upstream is failing (RFC 8767 recommends 30 s). */
const STALE_TTL = 30;

/**
 * Answers from the cache when it can (TTLs less the answer's age); otherwise asks the upstream
 * stage and keeps what it got, negative answers included (RFC 2308). When the upstreams fail,
 * an expired answer still within the stale window is served with a 30 s TTL (RFC 8767).
 */
export function answerCache(cache: AnswerCache, now: () => number = Date.now): Stage {
  /** Keeps an upstream answer; when the upstreams failed, serves a stale one if there is one. */
  const afterUpstream = (query: QueryPacket, key: string, answer: Answer): Answer => {
    if (answer.upstream) {
      const ttl = cacheTtl(answer.upstream.layout);
      if (ttl !== null) cache.set(key, answer.upstream.packed, ttl, now());
      return answer;
    }
    if (answer.outcome !== "error") return answer;
    const stale = cache.get(key, now(), true);
    if (!stale) return answer;
    return {
      bytes: responseForClient(stale.entry, query, 0, {
        fixedTtl: STALE_TTL,
        ede: { code: EDE.STALE_ANSWER, text: "upstream resolvers unreachable; answer is stale" },
      }),
      outcome: "cached",
      reason: { categories: [], detail: "stale" },
      label: "stale",
    };
  };
  return function answerCacheStage(context, next) {
    const { query } = context;
    const key = questionKey(query);
    const hit = cache.get(key, now());
    if (hit) {
      return {
        bytes: responseForClient(hit.entry, query, hit.ageSeconds),
        outcome: "cached",
        reason: null,
        label: "cache",
      };
    }
    const answer = next();
    return answer instanceof Promise
      ? answer.then((later) => afterUpstream(query, key, later))
      : afterUpstream(query, key, answer);
  };
}
