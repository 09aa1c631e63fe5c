import { type Category, SEVERITIES_MOST_SEVERE_FIRST } from "@fenceline/shared";
import { type CompiledLists, createMatchBuffer, intersects, listsOf } from "@fenceline/shared/matcher";
import { cnameTargets } from "../../dns/cname-targets.ts";
import { RCODE } from "../../dns/dns-constants.ts";
import { presentationName } from "../../dns/presentation-name.ts";
import { readName } from "../../dns/read-name.ts";
import { buildResponse } from "../../dns/response-packet.ts";
import type { CircumventionRule } from "../../policy/name-rules.ts";
import type { Answer, Reason } from "../answer.ts";
import { blockAnswer, blockError } from "../block-answer.ts";
import type { QueryContext } from "../query-context.ts";
import type { Stage } from "../stage.ts";

/** What the lists and the group say of one name: block it (and why), or let it through (flagged or not). */
type Verdict =
  | { block: "locked" | "category"; mask: Int32Array; count: number }
  | { block: "override"; mask: null; count: number }
  | { block: null; allowedByGroup: boolean; monitor: Int32Array | null };

/** The verdicts most names get, made once: the DNS path allocates nothing for them. */
const PASS: Verdict = Object.freeze({ block: null, allowedByGroup: false, monitor: null });
const ALLOWED_BY_GROUP: Verdict = Object.freeze({ block: null, allowedByGroup: true, monitor: null });

/**
 * The filtering decision. In order: names devices use to detect the filter (answered here);
 * locked (illegal) categories, which nothing overrides; the group's own allow and block names;
 * then the group's category actions in force now (block, or let through flagged as monitored).
 * The same decision then applies to every name the answer's CNAME records lead to, so that an
 * allowed name cannot serve as a front for a blocked one (for a name the group allows, only the
 * locked categories are checked there). List lookups run on wire bytes; nothing is allocated
 * unless something is blocked.
 *
 * `allowByDefault` says whether a name is in a forward zone that skips category blocking; it is
 * asked only when a category would block, so it costs the other names nothing.
 */
export function policy(
  circumvention: ReadonlyMap<string, CircumventionRule>,
  allowByDefault: (name: string) => boolean = () => false,
): Stage {
  const matches = createMatchBuffer();
  let blocking = new Int32Array(4);
  let allowed = new Int32Array(4);
  let decided = new Int32Array(4);
  const target = new Uint8Array(256);

  /** The verdict on the wire name at `offset` in `raw`; `matches` holds its list matches after. */
  function judge(context: QueryContext, raw: Uint8Array, offset: number, lockedOnly: boolean): Verdict {
    const policy = context.policy;
    const group = context.group;
    if (!policy || !group) throw new Error("policy stage ran before identify");
    const lists = policy.lists;
    const words = lists.masks.words;
    if (blocking.length < words)
      [blocking, allowed, decided] = [new Int32Array(words), new Int32Array(words), new Int32Array(words)];
    const count = lists.matcher.matchWire(raw, offset, matches);
    const listed = count > 0 && lists.masks.resolve(matches, count, blocking, allowed);
    if (listed && intersects(blocking, lists.masks.locked, words)) return { block: "locked", mask: blocking, count };
    if (lockedOnly) return ALLOWED_BY_GROUP;
    const override = group.override(raw, offset);
    if (override === "allow") return ALLOWED_BY_GROUP;
    if (override === "block") return { block: "override", mask: null, count };
    if (!listed) return PASS;
    const masks = group.masksAt(policy.now(Date.now()));
    for (let w = 0; w < words; w++) decided[w] = (blocking[w] as number) & (masks.block[w] as number);
    if (intersects(decided, decided, words) && !allowByDefault(nameAt(context, raw, offset)))
      return { block: "category", mask: decided, count };
    for (let w = 0; w < words; w++) decided[w] = (blocking[w] as number) & (masks.monitor[w] as number);
    return intersects(decided, decided, words) ? { block: null, allowedByGroup: false, monitor: decided } : PASS;
  }

  /** The answer, or a block if one of its CNAME targets is blocked for this client. */
  function checkCnames(context: QueryContext, answer: Answer, lockedOnly: boolean): Answer {
    if (answer.outcome !== "resolved" && answer.outcome !== "cached") return answer;
    for (const at of cnameTargets(answer.bytes)) {
      if (readName(answer.bytes, at, target) < 0) continue;
      const verdict = judge(context, target, 0, lockedOnly);
      if (verdict.block) return blocked(context, verdict, matches, target, "cname");
    }
    return answer;
  }

  return function policyStage(context, next) {
    const { query } = context;
    const rule = circumvention.get(query.name);
    if (rule) return circumventionAnswer(context, rule);
    const verdict = judge(context, query.raw, query.nameOffset, false);
    if (verdict.block) return blocked(context, verdict, matches, query.raw, null);
    if (verdict.monitor) context.monitored = categoriesIn(context, verdict.monitor).map((c) => c.id);
    const lockedOnly = verdict.allowedByGroup;
    const answer = next();
    return answer instanceof Promise
      ? answer.then((later) => checkCnames(context, later, lockedOnly))
      : checkCnames(context, answer, lockedOnly);
  };
}

/** The judged name as text: the query's own, or a CNAME target's (made only on this rare path). */
function nameAt(context: QueryContext, raw: Uint8Array, offset: number): string {
  return raw === context.query.raw && offset === context.query.nameOffset
    ? context.query.name
    : presentationName(raw, offset);
}

function categoriesIn(context: QueryContext, mask: Int32Array): Category[] {
  const categories = (context.policy?.lists.taxonomy.categories ?? []).filter(
    (_, bit) => (((mask[bit >>> 5] as number) >>> (bit & 31)) & 1) === 1,
  );
  return categories.sort(
    (x, y) => SEVERITIES_MOST_SEVERE_FIRST.indexOf(x.severity) - SEVERITIES_MOST_SEVERE_FIRST.indexOf(y.severity),
  );
}

/**
 * The block answer and its reason: the most severe deciding category, with the rule that matched
 * (in `raw`, the query or the CNAME target that was judged; `via` says which).
 */
function blocked(
  context: QueryContext,
  verdict: Exclude<Verdict, { block: null }>,
  matches: Int32Array,
  raw: Uint8Array,
  via: "cname" | null,
): Answer {
  const policy = context.policy;
  const group = context.group;
  if (!policy || !group) throw new Error("policy stage ran before identify");
  const query = context.query;
  const kind = verdict.block;
  let reason: Reason;
  let what: string;
  if (kind === "override") {
    reason = { categories: [], detail: "group-block-list", rule: via ? presentationName(raw, 0) : query.name };
    what = `blocked by this site's block list`;
  } else {
    const lists = policy.lists;
    const locked = kind === "locked";
    const deciding = categoriesIn(context, locked ? lockedPart(verdict.mask, lists.masks.locked) : verdict.mask);
    const top = deciding[0] as Category;
    const match = deepestRule(lists, top.id, matches, verdict.count, raw);
    reason = { categories: deciding.map((c) => c.id), ...match, locked };
    what = `blocked category ${top.id} (${top.name})`;
  }
  if (via) {
    reason.detail = "cname";
    what += ", reached through a CNAME";
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
  raw: Uint8Array,
): { list?: string; listVersion?: string; rule?: string } {
  for (let m = count - 1; m >= 0; m--) {
    for (const index of listsOf(lists.matcher.ruleSets, matches[2 * m] as number)) {
      const list = lists.meta.lists[index];
      if (list?.kind !== "block" || list.category !== category) continue;
      const rule = presentationName(raw, matches[2 * m + 1] as number);
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
