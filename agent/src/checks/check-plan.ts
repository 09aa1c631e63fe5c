import type { Category } from "@fenceline/shared";
import {
  CANARIES_PER_CATEGORY_MAX,
  CHECK_SAMPLES_PER_CATEGORY,
  type CheckCanary,
  type CheckItem,
  type CheckUntested,
} from "@fenceline/shared/checks";
import { type CompiledLists, hasBit, maskOf } from "@fenceline/shared/matcher";
import { nameToWire } from "../dns/response-packet.ts";
import type { ActionMasks, CompiledGroup } from "../policy/compiled-group.ts";
import type { CompiledPolicy } from "../policy/compiled-policy.ts";
import type { CircumventionRule, SafeSearchRule } from "../policy/name-rules.ts";

/** Circumvention names tested per group. */
const CIRCUMVENTION_PER_GROUP = 2;

/** One name to test for one group, and what to expect of it; the runner adds the outcome. */
export type PlannedItem = Omit<CheckItem, "outcome" | "pass">;

export interface CheckPlan {
  items: PlannedItem[];
  untested: CheckUntested[];
}

export interface PlanInputs {
  policy: CompiledPolicy;
  /** The site's own test names for locked categories, from the hub's request. */
  canaries: readonly CheckCanary[];
  circumvention: ReadonlyMap<string, CircumventionRule>;
  safeSearch: ReadonlyMap<string, SafeSearchRule>;
  /** Popular, harmless sites (blocklists/check-sites.yaml). */
  popular: readonly string[];
  /** When the check runs (epoch ms): time windows decide which categories a group blocks now. */
  now: number;
}

/**
 * What a filtering check tests, from the policy in force: for every group, each category it
 * blocks now or must block (a UKSIC heading the taxonomy blocks for the group's kind: a policy
 * that lets one through fails) (list samples the lists still block and the group does not allow; for a locked
 * category the site's canaries only, since its list names are confidential), one host per
 * safe-search engine where safe search is on, a few circumvention names, and the popular sites.
 * A blocked category with nothing to test is reported as untested.
 */
export function planCheck(inputs: PlanInputs): CheckPlan {
  const plan: CheckPlan = { items: [], untested: [] };
  const at = inputs.policy.now(inputs.now);
  for (const group of inputs.policy.allGroups()) {
    const masks = group.masksAt(at);
    planCategories(inputs, group, masks, plan);
    const id = group.config.id;
    const item = (kind: PlannedItem["kind"], name: string, expected: PlannedItem["expected"]): PlannedItem => ({
      group: id,
      kind,
      category: null,
      name,
      canary: false,
      expected,
    });
    for (const host of safeSearchHosts(inputs, group, masks)) plan.items.push(item("safe-search", host, "rewritten"));
    for (const name of [...inputs.circumvention.keys()].slice(0, CIRCUMVENTION_PER_GROUP))
      plan.items.push(item("circumvention", name, "refused"));
    for (const name of inputs.popular) plan.items.push(item("popular", name, "not-blocked"));
  }
  return plan;
}

function planCategories(inputs: PlanInputs, group: CompiledGroup, masks: ActionMasks, plan: CheckPlan): void {
  const lists = inputs.policy.lists;
  lists.taxonomy.categories.forEach((category, bit) => {
    if (!hasBit(masks.block, 0, bit) && !isBaseline(category, group)) return;
    const names = category.locked ? canariesOf(inputs.canaries, category) : samplesOf(lists, group, category);
    if (names.length === 0) {
      plan.untested.push({
        group: group.config.id,
        category: category.id,
        why: category.locked ? "no-canary" : "no-names",
      });
      return;
    }
    for (const name of names) {
      plan.items.push({
        group: group.config.id,
        kind: "category",
        category: category.id,
        name,
        canary: category.locked,
        // The resolver records a block in a circumvention-class category (DoH, VPNs) as "circumvention".
        expected: category.class === "circumvention" ? "refused" : "blocked",
      });
    }
  });
}

/**
 * A category every group of its kind must block, whatever the policy says now: a UK Safer
 * Internet Centre heading the taxonomy blocks by default for that kind (pornography for pupils,
 * say). A policy edited to let one through fails the check, which is what the check is for.
 */
function isBaseline(category: Category, group: CompiledGroup): boolean {
  return category.locked || (category.uksic !== null && category.actions[group.config.kind] === "block");
}

function canariesOf(canaries: readonly CheckCanary[], category: Category): string[] {
  const names = canaries.filter((c) => c.category === category.id).map((c) => c.name.toLowerCase());
  return [...new Set(names)].slice(0, CANARIES_PER_CATEGORY_MAX);
}

/**
 * Up to CHECK_SAMPLES_PER_CATEGORY of the lists' samples for `category` that the lists still
 * block for it (no allow list overrides them), that no locked list holds (never copied out), and
 * that the group's own allow names do not cover.
 */
function samplesOf(lists: CompiledLists, group: CompiledGroup, category: Category): string[] {
  const candidates = lists.meta.lists
    .filter((list) => list.kind === "block" && list.category === category.id)
    .flatMap((list) => list.samples ?? []);
  const chosen: string[] = [];
  for (const name of new Set(candidates)) {
    if (chosen.length === CHECK_SAMPLES_PER_CATEGORY) break;
    const explained = lists.explain(name);
    if (!explained.blocking.includes(category.id) || explained.categories.some((match) => match.locked)) continue;
    if (group.override(nameToWire(name), 0) === "allow") continue;
    chosen.push(name);
  }
  return chosen;
}

/**
 * One host per safe-search engine (the www. form where there is one) for a group that enforces
 * safe search, leaving out engines with no target for the group's mode and hosts the group blocks
 * outright (a blocked search engine is not rewritten, and should not be).
 */
function safeSearchHosts(inputs: PlanInputs, group: CompiledGroup, masks: ActionMasks): string[] {
  const settings = group.config.safeSearch;
  if (!settings.enabled) return [];
  const byEngine = new Map<string, string>();
  for (const [host, rule] of inputs.safeSearch) {
    const target = rule.engine === "youtube" ? rule.targets[settings.youtube ?? "strict"] : rule.targets.on;
    if (!target || (byEngine.has(rule.engine) && !host.startsWith("www."))) continue;
    if (byEngine.get(rule.engine)?.startsWith("www.")) continue;
    byEngine.set(rule.engine, host);
  }
  return [...byEngine.values()].filter((host) => !groupBlocks(inputs.policy.lists, group, masks, host));
}

/** Whether the group's own block names, or a category it blocks now, block `name`. */
function groupBlocks(lists: CompiledLists, group: CompiledGroup, masks: ActionMasks, name: string): boolean {
  if (group.override(nameToWire(name), 0) === "block") return true;
  const blocking = maskOf(lists.explain(name).blocking, lists.taxonomy, lists.masks.words);
  return blocking.some((word, w) => (word & (masks.block[w] as number)) !== 0);
}
