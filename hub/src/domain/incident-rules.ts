import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkYamlText, SEVERITIES_MOST_SEVERE_FIRST } from "@fenceline/shared";
import { z } from "zod";
import { REPORTED_KINDS } from "./incident-kinds.ts";

const severity = z.enum(SEVERITIES_MOST_SEVERE_FIRST);
const minutes = z
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 60);

const incidentRulesSchema = z.strictObject({
  schemaVersion: z.literal(1),
  grades: z.strictObject({
    classes: z.record(z.string(), severity).default({}),
    categories: z.record(z.string(), severity).default({}),
  }),
  reportOnly: z.strictObject({
    classes: z.array(z.string()).default([]),
    severities: z.array(severity).default([]),
  }),
  incidentWindowMinutes: minutes,
  repeat: z.strictObject({ attempts: z.number().int().min(2).max(1000), withinMinutes: minutes }),
  circumvention: z.strictObject({ followsBlockWithinMinutes: minutes, escalateTo: severity }),
  alerts: z.strictObject({
    minSeverity: severity,
    throttleMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60),
  }),
  contextMinutes: minutes,
  /** The grade a reported concern starts at, by its kind; rules files from before reporting grade them all medium. */
  reported: z
    .strictObject({
      otherwise: severity.default("medium"),
      kinds: z.partialRecord(z.enum(REPORTED_KINDS), severity).default({}),
    })
    .default({ otherwise: "medium", kinds: {} }),
});

export type IncidentRules = z.infer<typeof incidentRulesSchema>;

const DEFAULT_INCIDENT_RULES_PATH = fileURLToPath(new URL("../../rules/incident-rules.yaml", import.meta.url));

/** Reads and checks an incident rules file; throws with every problem. */
export function loadIncidentRules(path = DEFAULT_INCIDENT_RULES_PATH): IncidentRules {
  const result = checkYamlText(incidentRulesSchema, readFileSync(path, "utf8"));
  if (!result.ok) throw new Error(`${path}: incident rules are invalid:\n  ${result.problems.join("\n  ")}`);
  return result.value;
}
