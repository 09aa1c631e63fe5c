import { applySourceSet, type Category, type CategoryAction, type ListSource, type Taxonomy } from "@fenceline/shared";
import type { SitePolicy } from "@fenceline/shared/policy";

/**
 * The categories a school is judged on (the UK Safer Internet Centre's headline harms): the
 * taxonomy marks headings on many categories (lingerie answers to "pornography"), not which ones
 * are the headline, so the headline set is named here.
 */
export const HEADLINE_CATEGORIES: readonly string[] = [
  "child-abuse",
  "terrorism",
  "self-harm",
  "extremism",
  "hate",
  "adult",
  "drugs",
  "gambling",
  "malware",
  "phishing",
];

/** What an agent last said of one list it loaded: how many entries, which version, as of when. */
export interface LoadedList {
  id: string;
  version: string;
  entries: number;
  /** When the agent last updated or built its lists (ISO), for the list's age. */
  at: string | null;
}

export type SourceState = "not-configured" | "not-loaded" | "empty" | "loaded";

export interface SourceCoverage {
  id: string;
  /** A url or a mirror is set and the site has not disabled it. */
  configured: boolean;
  /** A licensed feed the site must point at its own copy (IWF, CTIRU, a supplier's). */
  supplied: boolean;
  state: SourceState;
  entries: number;
  version: string | null;
  /** Age of the list the agent holds, in days; null when no agent reports it. */
  ageDays: number | null;
}

export interface CategoryCoverage {
  category: Pick<Category, "id" | "name" | "locked" | "uksic">;
  /** Locked, or one of the headline harms: a gap here is a warning on the overview. */
  headline: boolean;
  covered: boolean;
  /** Why it is not covered; null when it is. */
  reason: "no list configured" | "configured but not loaded" | "loaded but empty" | null;
  sources: SourceCoverage[];
  /** Entries in the loaded lists of the category. */
  entries: number;
  groups: { group: string; action: CategoryAction }[];
}

export interface CoverageInput {
  taxonomy: Taxonomy;
  /** The shipped manifest (`blocklists/sources.yaml`). */
  manifest: readonly ListSource[];
  /** The site's policy held by the hub; null when its agents run on their own configuration. */
  policy: SitePolicy | null;
  /** Lists the site's agents report loaded (the most entries when several agents report one). */
  loaded: readonly LoadedList[];
  now: Date;
}

/** The site's source set, by the agent's own rule: the manifest less what it disables, its own added or replacing by id. */
export function siteSources(manifest: readonly ListSource[], policy: SitePolicy | null): ListSource[] {
  return applySourceSet(manifest, policy?.sources);
}

/** What each group does with a category: the group's override, else the taxonomy's default for its kind. */
function groupActions(category: Category, policy: SitePolicy | null): CategoryCoverage["groups"] {
  if (!policy)
    return (["student", "staff", "guest"] as const).map((kind) => ({
      group: `${kind} (default)`,
      action: category.actions[kind],
    }));
  return policy.groups.map((g) => ({
    group: g.id,
    action: category.locked ? "block" : (g.categories[category.id] ?? category.actions[g.kind]),
  }));
}

function sourceCoverage(source: ListSource, loaded: readonly LoadedList[], now: Date): SourceCoverage {
  const configured = Boolean(source.url || source.mirror);
  const list = loaded.find((l) => l.id === source.id);
  const state: SourceState = !configured
    ? "not-configured"
    : !list
      ? "not-loaded"
      : list.entries > 0
        ? "loaded"
        : "empty";
  const at = list?.at ? Date.parse(list.at) : Number.NaN;
  return {
    id: source.id,
    configured,
    supplied: source.supplied,
    state,
    entries: list?.entries ?? 0,
    version: list?.version ?? null,
    ageDays: Number.isNaN(at) ? null : Math.max(0, Math.round(((now.getTime() - at) / 86_400_000) * 10) / 10),
  };
}

/** Every category of the taxonomy at one site: covered when a configured source is loaded with entries. */
export function siteCoverage(input: CoverageInput): CategoryCoverage[] {
  const sources = siteSources(input.manifest, input.policy);
  return input.taxonomy.categories.map((category) => {
    const own = sources
      .filter((s) => s.kind === "block" && s.category === category.id)
      .map((s) => sourceCoverage(s, input.loaded, input.now));
    const covered = own.some((s) => s.state === "loaded");
    const reason = covered
      ? null
      : !own.some((s) => s.configured)
        ? "no list configured"
        : own.some((s) => s.state === "empty")
          ? "loaded but empty"
          : "configured but not loaded";
    return {
      category: { id: category.id, name: category.name, locked: category.locked, uksic: category.uksic },
      headline: category.locked || HEADLINE_CATEGORIES.includes(category.id),
      covered,
      reason,
      sources: own,
      entries: own.filter((s) => s.state === "loaded").reduce((n, s) => n + s.entries, 0),
      groups: groupActions(category, input.policy),
    };
  });
}

/** One line for a reader: "covered — 3 entries (iwf-local, 0.5 days old)" or "NOT COVERED — no list configured". */
export function coverageText(c: CategoryCoverage): string {
  if (!c.covered) {
    const awaited =
      c.reason === "no list configured" ? c.sources.filter((s) => s.supplied && !s.configured).map((s) => s.id) : [];
    return `NOT COVERED — ${c.reason}${awaited.length ? ` (licensed feed to supply: ${awaited.join(", ")})` : ""}`;
  }
  const lists = c.sources.filter((s) => s.state === "loaded").map((s) => `${s.id}, ${age(s.ageDays)}`);
  return `covered — ${c.entries.toLocaleString("en-GB")} entries (${lists.join("; ")})`;
}

function age(days: number | null): string {
  return days === null ? "age unknown" : `${days} day${days === 1 ? "" : "s"} old`;
}
