import { z } from "zod";
import type { Taxonomy } from "../taxonomy/taxonomy.ts";
import { checkYamlText } from "../text/checked-yaml.ts";

/** How a source's body is laid out. Every text format is read by the one line parser. */
const LIST_FORMATS = ["domains", "hosts", "adblock", "dnsmasq", "ut1-tarball"] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

export const listSourceSchema = z
  .object({
    /** Stable id; events and reports name the list that matched by it. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, "a kebab-case id"),
    /** block: entries are in `category`. allow: entries override blocks in `allows`. */
    kind: z.enum(["block", "allow"]),
    category: z.string().optional(),
    /** Categories an allow source may override; "*" is every unlocked category. */
    allows: z.array(z.string()).optional(),
    description: z.string().min(1),
    /** Download address; absent for feeds the operator must supply (see `supplied`). */
    url: z.url().optional(),
    format: z.enum(LIST_FORMATS),
    /** For ut1-tarball: the member of the archive that holds the domains. */
    member: z.string().optional(),
    licence: z.string().min(1),
    /** How often the upstream changes; the agent checks at least this often. */
    cadence: z.enum(["hourly", "daily", "weekly", "monthly"]),
    /** Path of this list inside a local mirror directory (`lists compile --mirror`). */
    mirror: z.string().optional(),
    /**
     * A feed Fenceline cannot ship (IWF, CTIRU, commercial feeds): the operator points `url` or
     * a mirror file at their licensed copy; until then the source is reported as not configured.
     */
    supplied: z.boolean().default(false),
    /** Reject the list if more than this share of its lines are not host names. */
    maxRejectedShare: z.number().min(0).max(1).default(0.2),
  })
  .strict();

export type ListSource = z.infer<typeof listSourceSchema>;

const manifestSchema = z.strictObject({
  schemaVersion: z.literal(1),
  sources: z.array(listSourceSchema).min(1),
});

export class ManifestError extends Error {
  readonly code = "manifest-invalid";
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`list source manifest is invalid:\n  ${problems.join("\n  ")}`);
    this.problems = problems;
  }
}

/** Parses the sources manifest and checks it against the taxonomy; reports every problem at once. */
export function parseSourceManifest(text: string, taxonomy: Taxonomy): ListSource[] {
  const result = checkYamlText(manifestSchema, text);
  if (!result.ok) throw new ManifestError(result.problems);
  const problems = sourceProblems(result.value.sources, taxonomy);
  if (problems.length > 0) throw new ManifestError(problems);
  return result.value.sources;
}

/** Every problem with a set of sources against the taxonomy (ids, categories, locked allows, where to fetch). */
export function sourceProblems(sources: readonly ListSource[], taxonomy: Taxonomy): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  sources.forEach((source, i) => {
    const at = `sources[${i}] (${source.id})`;
    if (seen.has(source.id)) problems.push(`${at}: duplicate id`);
    seen.add(source.id);
    if (source.kind === "block") {
      if (!source.category) problems.push(`${at}: a block source needs a category`);
      else if (!taxonomy.byId.has(source.category)) problems.push(`${at}: unknown category "${source.category}"`);
      if (source.allows) problems.push(`${at}: only allow sources take "allows"`);
    } else {
      if (source.category) problems.push(`${at}: an allow source takes "allows", not "category"`);
      if (!source.allows?.length) problems.push(`${at}: an allow source needs "allows"`);
      for (const id of source.allows ?? []) {
        const category = taxonomy.byId.get(id);
        if (id === "*") continue;
        if (!category) problems.push(`${at}: unknown category "${id}" in allows`);
        else if (category.locked) problems.push(`${at}: "${id}" is locked; no list may allow it`);
      }
    }
    if (!source.url && !source.mirror && !source.supplied) {
      problems.push(`${at}: needs a url or a mirror path, or "supplied: true"`);
    }
    if (source.format === "ut1-tarball" && !source.member) problems.push(`${at}: a ut1-tarball needs "member"`);
  });
  return problems;
}

/** What a site's policy changes in the shipped manifest: sources switched off, and its own added or replacing. */
export interface SourceSetChanges {
  disabled: readonly string[];
  add: readonly ListSource[];
}

/**
 * The sources an agent fetches: the manifest, less the disabled ones, with each added source
 * replacing the manifest's of the same id (a licensed IWF URL List given its address, say) or
 * joining the set.
 */
export function applySourceSet(manifest: readonly ListSource[], changes: SourceSetChanges | undefined): ListSource[] {
  if (!changes) return [...manifest];
  const added = new Map(changes.add.map((source) => [source.id, source]));
  const disabled = new Set(changes.disabled);
  const merged = manifest.map((source) => added.get(source.id) ?? source);
  for (const source of changes.add) if (!manifest.some((m) => m.id === source.id)) merged.push(source);
  return merged.filter((source) => !disabled.has(source.id));
}
