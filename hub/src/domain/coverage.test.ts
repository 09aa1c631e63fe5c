import type { ListSource } from "@fenceline/shared";
import { sitePolicySchema } from "@fenceline/shared/policy";
import { describe, expect, it } from "vitest";
import { coverageText, siteCoverage } from "./coverage.ts";
import { loadDefaultSources, loadDefaultTaxonomy } from "./taxonomy.ts";

const taxonomy = loadDefaultTaxonomy();
const manifest = loadDefaultSources(taxonomy);
const now = new Date("2026-12-01T12:00:00Z");
const local = (id: string, category: string): ListSource => ({
  id,
  kind: "block",
  category,
  description: "local list",
  format: "domains",
  licence: "own",
  cadence: "daily",
  mirror: `${id}.txt`,
  supplied: false,
  maxRejectedShare: 0.2,
});
const policy = sitePolicySchema.parse({
  defaultGroup: "students",
  groups: [
    { id: "students", kind: "student" },
    { id: "staff", kind: "staff", categories: { adult: "monitor", "child-abuse": "allow" } },
  ],
  sources: { disabled: ["ut1-adult"], add: [local("iwf-local", "child-abuse"), local("empty-list", "terrorism")] },
});
const of = (list: ReturnType<typeof siteCoverage>, id: string) => list.find((c) => c.category.id === id);

describe("coverage", () => {
  it.each([
    [
      "no list configured",
      null,
      [],
      "child-abuse",
      "NOT COVERED — no list configured (licensed feed to supply: iwf-url-list)",
    ],
    ["configured but not loaded", policy, [], "child-abuse", "NOT COVERED — configured but not loaded"],
    [
      "loaded but empty",
      policy,
      [{ id: "empty-list", version: "v1", entries: 0, at: now.toISOString() }],
      "terrorism",
      "NOT COVERED — loaded but empty",
    ],
    [
      "covered",
      policy,
      [{ id: "iwf-local", version: "v1", entries: 3, at: "2026-11-30T12:00:00Z" }],
      "child-abuse",
      "covered — 3 entries (iwf-local, 1 day old)",
    ],
  ] as const)("%s", (_, held, loaded, category, text) => {
    const c = of(siteCoverage({ taxonomy, manifest, policy: held, loaded, now }), category);
    expect(c && coverageText(c)).toBe(text);
    expect(c?.covered).toBe(text.startsWith("covered"));
  });

  it("leaves out disabled sources and gives each group its action, locked categories blocked whatever is written", () => {
    const list = siteCoverage({ taxonomy, manifest, policy, loaded: [], now });
    expect(of(list, "adult")?.sources.map((s) => s.id)).not.toContain("ut1-adult");
    expect(of(list, "adult")?.groups).toEqual([
      { group: "students", action: "block" },
      { group: "staff", action: "monitor" },
    ]);
    expect(of(list, "child-abuse")?.groups.every((g) => g.action === "block")).toBe(true);
    expect(of(list, "child-abuse")?.headline).toBe(true);
    expect(of(list, "games")?.headline).toBe(false);
  });
});
