import { sanctionInForce } from "@fenceline/shared/policy";
import { blockAnswer, blockError } from "../block-answer.ts";
import type { Stage } from "../stage.ts";

/**
 * A person under a sanction gets no internet but their group's allowed names and the sanction's
 * own: every other name is answered as a block in their group's block mode, recorded and flagged
 * like any block. Checked against the clock on every query, so the sanction lifts at its end time
 * without waiting for a policy poll. Costs nothing for a client with no person.
 */
export function sanction(): Stage {
  return function sanctionStage(context, next) {
    const id = context.client.person;
    const policy = context.policy;
    const group = context.group;
    if (id === null || !policy || !group) return next();
    const person = policy.identity.person(id);
    if (!person || !sanctionInForce(person.sanction, Date.now())) return next();
    const { query } = context;
    if (group.override(query.raw, query.nameOffset) === "allow" || person.sanctionAllows(query.raw, query.nameOffset)) {
      return next();
    }
    return {
      bytes: blockAnswer(
        query,
        group.config.blockMode,
        policy.blockTtl,
        policy.blockPageData,
        blockError("override", "internet access is suspended for this user"),
      ),
      outcome: "blocked",
      reason: { categories: [], detail: "sanction" },
      label: "sanction",
    };
  };
}
