import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
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

const dataFile = (name: string) => fileURLToPath(import.meta.resolve(`@fenceline/blocklists/${name}`));

export async function loadCircumventionRules(
  path = dataFile("circumvention.yaml"),
): Promise<Map<string, CircumventionRule>> {
  const data = circumventionSchema.parse(parse(await readFile(path, "utf8")));
  return new Map(data.names.map((n) => [n.name.toLowerCase(), { name: n.name.toLowerCase(), answer: n.answer }]));
}

/** Every exact host (with each prefix) → its engine's rule. */
export async function loadSafeSearchRules(path = dataFile("safesearch.yaml")): Promise<Map<string, SafeSearchRule>> {
  const data = safeSearchSchema.parse(parse(await readFile(path, "utf8")));
  const rules = new Map<string, SafeSearchRule>();
  for (const engine of data.engines) {
    const rule = { engine: engine.id, targets: engine.targets };
    for (const host of engine.hosts)
      for (const prefix of engine.prefixes) rules.set(`${prefix}${host}`.toLowerCase(), rule);
  }
  return rules;
}
