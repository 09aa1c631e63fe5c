import { z } from "zod";
import { OUTCOMES } from "../events/outcomes.ts";

/**
 * Filtering checks (the DfE standards' "checks"): the hub asks an agent to test its own filter,
 * the agent resolves sample names through its own resolver as a client of each group would and
 * reports what it got. This file is the wire contract between the two.
 *
 * - `category`: a sample of a category's listed names (or, for a locked category, the site's
 *   own canary names), expected blocked for every group whose policy blocks the category now.
 * - `safe-search`: a search host, expected rewritten for every group that enforces safe search.
 * - `circumvention`: a name devices use to detect or bypass the filter, expected refused.
 * - `popular`: a popular, harmless site, expected not blocked for every group.
 */
export const CHECK_KINDS = ["category", "safe-search", "circumvention", "popular"] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** What a check expects of one name: the agent's outcome (the shared closed set) decides. */
export const CHECK_EXPECTATIONS = ["blocked", "rewritten", "refused", "not-blocked"] as const;
export type CheckExpectation = (typeof CHECK_EXPECTATIONS)[number];

/** Canary names a site keeps for one locked category (its own test names; DSL roles only at the hub). */
export const CHECK_NAME_MAX = 253;
export const CANARIES_PER_CATEGORY_MAX = 10;
/** Names the agent tests per category and group, at most. */
export const CHECK_SAMPLES_PER_CATEGORY = 3;
/** Items in one result, at most: groups × (categories × samples + safe search + circumvention + popular). */
export const CHECK_ITEMS_MAX = 5_000;

export const checkCanarySchema = z.strictObject({
  category: z.string().min(1).max(64),
  name: z.string().min(1).max(CHECK_NAME_MAX),
});
export type CheckCanary = z.infer<typeof checkCanarySchema>;

/** One check the hub wants run: GET /api/agents/checks answers `{ runs: CheckRequest[] }`. */
export const checkRequestSchema = z.strictObject({
  id: z.string().min(8).max(64),
  requestedAt: z.string().max(40),
  canaries: z.array(checkCanarySchema).max(200),
});
export type CheckRequest = z.infer<typeof checkRequestSchema>;

export const checkRequestsSchema = z.strictObject({ runs: z.array(checkRequestSchema).max(20) });

/** One name tested for one group, and what the agent's resolver answered. */
export const checkItemSchema = z.strictObject({
  group: z.string().min(1).max(64),
  kind: z.enum(CHECK_KINDS),
  /** The category tested (kind `category`); null for the other kinds. */
  category: z.string().max(64).nullable(),
  name: z.string().min(1).max(CHECK_NAME_MAX),
  /** A site canary (locked categories) rather than a sample from the lists. */
  canary: z.boolean(),
  expected: z.enum(CHECK_EXPECTATIONS),
  /** The resolver's outcome, or `timeout` when it gave no answer in time. */
  outcome: z.union([z.enum(OUTCOMES), z.literal("timeout")]),
  pass: z.boolean(),
});
export type CheckItem = z.infer<typeof checkItemSchema>;

/** A category a group blocks that could not be tested: no loaded list holds names for it, and no canary. */
export const checkUntestedSchema = z.strictObject({
  group: z.string().min(1).max(64),
  category: z.string().min(1).max(64),
  why: z.enum(["no-names", "no-canary"]),
});
export type CheckUntested = z.infer<typeof checkUntestedSchema>;

/** What the agent sends back: POST /api/agents/checks/:runId. */
export const checkResultSchema = z.strictObject({
  schemaVersion: z.literal(1),
  startedAt: z.string().max(40),
  finishedAt: z.string().max(40),
  /** The list snapshot and the policy the check ran against. */
  listsVersion: z.string().max(64),
  items: z.array(checkItemSchema).max(CHECK_ITEMS_MAX),
  untested: z.array(checkUntestedSchema).max(CHECK_ITEMS_MAX),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

/** Whether an outcome meets an expectation. */
export function meetsExpectation(expected: CheckExpectation, outcome: CheckItem["outcome"]): boolean {
  switch (expected) {
    case "blocked":
      return outcome === "blocked";
    case "rewritten":
      return outcome === "safesearch";
    case "refused":
      return outcome === "circumvention";
    case "not-blocked":
      return outcome === "resolved" || outcome === "cached" || outcome === "safesearch";
  }
}

/** A run passes when every item passed; untested categories are reported, not failures. */
export function resultPassed(result: Pick<CheckResult, "items">): boolean {
  return result.items.every((item) => item.pass);
}
