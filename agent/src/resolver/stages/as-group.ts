import type { CompiledPolicy } from "../../policy/compiled-policy.ts";
import type { Stage } from "../stage.ts";

/**
 * In place of identify, for a filtering check: the query asks as a client of the group named in
 * `context.client.group` would, under the policy in force (pinned for the whole query, as identify
 * does). A group the policy no longer has is an error (the guard answers it), never another group.
 */
export function asGroup(currentPolicy: () => CompiledPolicy): Stage {
  return function asGroupStage(context, next) {
    const policy = currentPolicy();
    const group = policy.groupById(context.client.group);
    if (!group) throw new Error(`the policy in force has no group "${context.client.group}"`);
    context.policy = policy;
    context.group = group;
    return next();
  };
}
