import type { Category } from "@fenceline/shared";
import { type CompiledLists, createMatchBuffer, intersects, listsOf } from "@fenceline/shared/matcher";
import { RCODE } from "../../dns/dns-constants.ts";
import { presentationName } from "../../dns/presentation-name.ts";
import { buildResponse } from "../../dns/response-packet.ts";
import type { CircumventionRule } from "../../policy/name-rules.ts";
import type { Answer, Reason } from "../answer.ts";
import { blockAnswer, blockError } from "../block-answer.ts";
import type { QueryContext } from "../query-context.ts";
import type { Stage } from "../stage.ts";

const SEVERITY_ORDER = ["critical", "high", "medium", "low", "info"];

/**
 * The filtering decision. In order: names devices use to detect the filter (answered here);
 * locked (illegal) categories, which nothing overrides; the group's own allow and block names;
 * then the group's category actions in force now (block, or let through flagged as monitored).
 * List lookups run on the packet's wire bytes; nothing is allocated unless the query is blocked.
 */
export function policy(circumvention: ReadonlyMap<string, CircumventionRule>): Stage {
  const matches = createMatchBuffer();
  let blocking = new Int32Array(4);
  let allowed = new Int32Array(4);
  let decided = new Int32Array(4);
  return function policyStage(context, next) {
    const { query } = context;
    const rule = circumvention.get(query.name);
    if (rule) return circumventionAnswer(context, rule);
    const policy = context.policy;
    const group = context.group;
    if (!policy || !group) throw new Error("policy stage ran before identify");
    const lists = policy.lists;
    const words = lists.masks.words;
    if (blocking.length < words)
      [blocking, allowed, decided] = [new Int32Array(words), new Int32Array(words), new Int32Array(words)];
    const count = lists.matcher.matchWire(query.raw, query.nameOffset, matches);
    const listed = count > 0 && lists.masks.resolve(matches, count, blocking, allowed);
    if (listed && intersects(blocking, lists.masks.locked, words)) {
      return blocked(context, "locked", blocking, matches, count);
    }
    const override = group.override(query.raw, query.nameOffset);
    if (override === "allow") return next();
    if (override === "block") return blocked(context, "override", null, matches, count);
    if (!listed) return next();
    const masks = group.masksAt(policy.now(Date.now()));
    for (let w = 0; w < words; w++) decided[w] = (blocking[w] as number) & (masks.block[w] as number);
    if (intersects(decided, decided, words)) return blocked(context, "category", decided, matches, count);
    for (let w = 0; w < words; w++) decided[w] = (blocking[w] as number) & (masks.monitor[w] as number);
    if (intersects(decided, decided, words)) context.monitored = categoriesIn(context, decided).map((c) => c.id);
    return next();
  };
}

function categoriesIn(context: QueryContext, mask: Int32Array): Category[] {
  const categories = (context.policy?.lists.taxonomy.categories ?? []).filter(
    (_, bit) => (((mask[bit >>> 5] as number) >>> (bit & 31)) & 1) === 1,
  );
  return categories.sort((x, y) => SEVERITY_ORDER.indexOf(x.severity) - SEVERITY_ORDER.indexOf(y.severity));
}

/** The block answer and its reason: the most severe deciding category, with the rule that matched. */
function blocked(
  context: QueryContext,
  kind: "locked" | "override" | "category",
  mask: Int32Array | null,
  matches: Int32Array,
  count: number,
): Answer {
  const policy = context.policy;
  const group = context.group;
  if (!policy || !group) throw new Error("policy stage ran before identify");
  const query = context.query;
  let reason: Reason;
  let what: string;
  if (kind === "override" || !mask) {
    reason = { categories: [], detail: "group-block-list", rule: query.name };
    what = `blocked by this site's block list`;
  } else {
    const lists = policy.lists;
    const locked = kind === "locked";
    const deciding = categoriesIn(context, locked ? lockedPart(mask, lists.masks.locked) : mask);
    const top = deciding[0] as Category;
    const match = deepestRule(lists, top.id, matches, count, context);
    reason = { categories: deciding.map((c) => c.id), ...match, locked };
    what = `blocked category ${top.id} (${top.name})`;
  }
  const topClass = reason.categories[0] ? policy.lists.taxonomy.byId.get(reason.categories[0])?.class : undefined;
  return {
    bytes: blockAnswer(query, group.config.blockMode, policy.blockTtl, policy.blockPageData, blockError(kind, what)),
    outcome: topClass === "circumvention" ? "circumvention" : "blocked",
    reason,
    label: reason.categories[0] ?? "group-block-list",
  };
}

/** The deepest list entry of `category` among the matches: its list, list version and the entry. */
function deepestRule(
  lists: CompiledLists,
  category: string,
  matches: Int32Array,
  count: number,
  context: QueryContext,
): { list?: string; listVersion?: string; rule?: string } {
  for (let m = count - 1; m >= 0; m--) {
    for (const index of listsOf(lists.matcher.ruleSets, matches[2 * m] as number)) {
      const list = lists.meta.lists[index];
      if (list?.kind !== "block" || list.category !== category) continue;
      const rule = presentationName(context.query.raw, matches[2 * m + 1] as number);
      return { list: list.id, listVersion: list.version, rule };
    }
  }
  return {};
}

function lockedPart(mask: Int32Array, locked: Int32Array): Int32Array {
  return mask.map((word, w) => word & (locked[w] as number));
}

function circumventionAnswer(context: QueryContext, rule: CircumventionRule): Answer {
  const rcode = rule.answer === "nxdomain" ? RCODE.NXDOMAIN : RCODE.NOERROR;
  return {
    bytes: buildResponse(
      context.query,
      rcode,
      [],
      blockError("category", "encrypted DNS and relays are not available here"),
    ),
    outcome: "circumvention",
    reason: { categories: [], rule: rule.name, detail: "circumvention-name" },
    label: "circumvention-name",
  };
}
