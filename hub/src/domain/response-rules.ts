import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkYamlText, SEVERITIES_MOST_SEVERE_FIRST } from "@fenceline/shared";
import { z } from "zod";
import { INCIDENT_KINDS } from "./incident-kinds.ts";
import { ACTION_KINDS, AGENCIES, TERMINAL_STATES } from "./incident-workflow.ts";

const words = z.string().trim().min(1).max(400);
const severity = z.enum(SEVERITIES_MOST_SEVERE_FIRST);
const ending = z.enum(TERMINAL_STATES as unknown as readonly [string, ...string[]]);

/** When a rule applies; every condition given must hold, none given applies to every incident. */
const conditionSchema = z.strictObject({
  illegalMaterial: z.literal("yes").optional(),
  immediateRisk: z.literal("yes").optional(),
  lockedCategory: z.literal(true).optional(),
  kinds: z.array(z.enum(INCIDENT_KINDS)).min(1).optional(),
  severityAtLeast: severity.optional(),
});

/** One thing the record must hold before the incident ends, and how a DSL reads it. */
const needSchema = z.union([
  z.strictObject({ referral: z.array(z.enum(AGENCIES)).min(1), withTime: z.boolean().default(false), need: words }),
  z.strictObject({ action: z.enum(ACTION_KINDS), need: words }),
  z.strictObject({ review: z.literal(true), need: words }),
]);

const ruleSchema = z.strictObject({
  name: words,
  about: words,
  when: conditionSchema,
  grade: severity.optional(),
  alertAtOnce: z.boolean().default(false),
  warning: words.optional(),
  offers: z.array(z.enum(AGENCIES)).default([]),
  endings: z
    .strictObject({
      states: z.array(ending).min(1),
      needsSignOff: z.boolean().default(false),
      needsNote: z.boolean().default(false),
    })
    .optional(),
  closing: z
    .strictObject({ endings: z.array(ending).min(1).default(["closed"]), needs: z.array(needSchema).min(1) })
    .optional(),
});

const responseRulesSchema = z.strictObject({
  schemaVersion: z.literal(1),
  authorities: z.array(z.enum(AGENCIES)).min(1),
  parentsDecidedNotNeedsReason: z.boolean(),
  rules: z.array(ruleSchema).min(1),
});

export type ResponseRules = z.infer<typeof responseRulesSchema>;
export type ResponseRule = ResponseRules["rules"][number];
export type RuleCondition = ResponseRule["when"];
export type ClosingNeed = z.infer<typeof needSchema>;

export const DEFAULT_RESPONSE_RULES_PATH = fileURLToPath(new URL("../../rules/response-rules.yaml", import.meta.url));

/** Checks the text of a response rules file: the rules, or every problem with them. */
export function checkResponseRules(text: string) {
  return checkYamlText(responseRulesSchema, text);
}

/** Reads and checks a response rules file; throws naming the file and every problem. */
export function loadResponseRules(path = DEFAULT_RESPONSE_RULES_PATH): ResponseRules {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`${path}: cannot read the response rules (${(error as Error).message})`);
  }
  const result = checkResponseRules(text);
  if (!result.ok) throw new Error(`${path}: response rules are invalid:\n  ${result.problems.join("\n  ")}`);
  return result.value;
}

let shipped: ResponseRules | undefined;
/** The shipped rules, read once: for callers given no rules of their own. */
export function shippedResponseRules(): ResponseRules {
  shipped ??= loadResponseRules();
  return shipped;
}
