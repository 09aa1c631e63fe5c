import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { checkYamlText } from "@fenceline/shared";
import { z } from "zod";

/** A name the agent answers itself because devices use it to decide whether to bypass the filter. */
export interface CircumventionRule {
  name: string;
  answer: "nxdomain" | "nodata";
}

/** A search host and the targets that force safe search on it, by mode ("on", "strict", "moderate"). */
export interface SafeSearchRule {
  engine: string;
  targets: Record<string, string>;
}

const circumventionSchema = z.strictObject({
  schemaVersion: z.literal(1),
  names: z.array(z.strictObject({ name: z.string(), answer: z.enum(["nxdomain", "nodata"]), why: z.string() })),
});
const safeSearchSchema = z.strictObject({
  schemaVersion: z.literal(1),
  engines: z.array(
    z.strictObject({
      id: z.string(),
      prefixes: z.array(z.string()),
      hosts: z.array(z.string()).min(1),
      targets: z.record(z.string(), z.string()),
    }),
  ),
});

const checkSitesSchema = z.strictObject({
  schemaVersion: z.literal(1),
  sites: z
    .array(z.strictObject({ name: z.string().regex(/^[a-z0-9.-]+$/), why: z.string().min(1) }))
    .min(1)
    .max(50),
});

const dataFile = (name: string) => fileURLToPath(import.meta.resolve(`@fenceline/blocklists/${name}`));

/** A rules file read and checked whole; a bad one stops the start with every problem in it. */
async function readRules<S extends z.ZodType>(schema: S, path: string): Promise<z.output<S>> {
  const checked = checkYamlText(schema, await readFile(path, "utf8"));
  if (!checked.ok) throw new Error(`${path}: rules are invalid:\n  ${checked.problems.join("\n  ")}`);
  return checked.value;
}

export async function loadCircumventionRules(
  path = dataFile("circumvention.yaml"),
): Promise<Map<string, CircumventionRule>> {
  const data = await readRules(circumventionSchema, path);
  return new Map(data.names.map((n) => [n.name.toLowerCase(), { name: n.name.toLowerCase(), answer: n.answer }]));
}

/** Every exact host (with each prefix) → its engine's rule. */
export async function loadSafeSearchRules(path = dataFile("safesearch.yaml")): Promise<Map<string, SafeSearchRule>> {
  const data = await readRules(safeSearchSchema, path);
  const rules = new Map<string, SafeSearchRule>();
  for (const engine of data.engines) {
    const rule = { engine: engine.id, targets: engine.targets };
    for (const host of engine.hosts)
      for (const prefix of engine.prefixes) rules.set(`${prefix}${host}`.toLowerCase(), rule);
  }
  return rules;
}

/** The popular, harmless sites the filtering check expects no group to block. */
export async function loadCheckSites(path = dataFile("check-sites.yaml")): Promise<string[]> {
  const data = await readRules(checkSitesSchema, path);
  return data.sites.map((site) => site.name);
}
