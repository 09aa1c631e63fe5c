import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSourceManifest } from "../lists/source-manifest.ts";
import { parseTaxonomy } from "./parse-taxonomy.ts";

const blocklists = new URL("../../../blocklists/", import.meta.url);
const taxonomyText = readFileSync(new URL("categories.yaml", blocklists), "utf8");
const manifestText = readFileSync(new URL("sources.yaml", blocklists), "utf8");

describe("the shipped taxonomy and sources", () => {
  const taxonomy = parseTaxonomy(taxonomyText);

  it("covers the UK Safer Internet Centre headings and locks only illegal content", () => {
    const headings = new Set(taxonomy.categories.map((c) => c.uksic).filter(Boolean));
    for (const heading of [
      "illegal-child-abuse",
      "illegal-terrorism",
      "pornography",
      "discrimination",
      "extremism",
      "self-harm",
      "violence",
      "drugs-substance-abuse",
      "gambling",
      "malware-hacking",
      "piracy-copyright",
      "mis-disinformation",
    ]) {
      expect(headings).toContain(heading);
    }
    expect(taxonomy.categories.filter((c) => c.locked).map((c) => c.id)).toEqual(["child-abuse", "terrorism"]);
  });

  it("fills every category that has a free list, and declares the licensed feeds as supplied", () => {
    const sources = parseSourceManifest(manifestText, taxonomy);
    const supplied = sources.filter((s) => s.supplied).map((s) => s.category);
    expect(supplied).toEqual(expect.arrayContaining(["child-abuse", "terrorism", "self-harm", "extremism"]));
    const filled = new Set(sources.filter((s) => s.kind === "block").map((s) => s.category));
    for (const category of taxonomy.categories)
      expect(filled.has(category.id) || category.id === "search-engines").toBe(true);
  });
});

describe("bad taxonomy and manifest files", () => {
  const taxonomy = parseTaxonomy(taxonomyText);

  it.each([
    ["YAML syntax", "schemaVersion: 1\ncategories: [\n", /line 3/],
    ["unknown key", taxonomyText.replace("    locked: true", "    lockd: true"), /Unrecognized key/],
    ["duplicate id", taxonomyText.replace("id: terrorism", "id: child-abuse"), /duplicate id "child-abuse"/],
    [
      "locked but allowed",
      taxonomyText.replace(
        "actions: { student: block, staff: block, guest: block }\n    locked: true",
        "actions: { student: block, staff: allow, guest: block }\n    locked: true",
      ),
      /locked category must block/,
    ],
  ])("taxonomy: %s", (_, text, message) => {
    expect(() => parseTaxonomy(text)).toThrow(message);
  });

  it.each([
    [
      "unknown category",
      "schemaVersion: 1\nsources:\n  - { id: x1, kind: block, category: nope, description: d, url: 'https://a.example/x', format: domains, licence: l, cadence: daily }\n",
      /unknown category "nope"/,
    ],
    [
      "allowing a locked category",
      "schemaVersion: 1\nsources:\n  - { id: x1, kind: allow, allows: [child-abuse], description: d, url: 'https://a.example/x', format: domains, licence: l, cadence: daily }\n",
      /"child-abuse" is locked/,
    ],
    [
      "no way to fetch",
      "schemaVersion: 1\nsources:\n  - { id: x1, kind: block, category: adult, description: d, format: domains, licence: l, cadence: daily }\n",
      /needs a url or a mirror path/,
    ],
    [
      "bad format",
      "schemaVersion: 1\nsources:\n  - { id: x1, kind: block, category: adult, description: d, url: 'https://a.example/x', format: csv, licence: l, cadence: daily }\n",
      /format/,
    ],
  ])("manifest: %s", (_, text, message) => {
    expect(() => parseSourceManifest(text, taxonomy)).toThrow(message);
  });

  it("reports every problem at once", () => {
    const text =
      "schemaVersion: 1\nsources:\n  - { id: x1, kind: block, category: nope, description: d, format: domains, licence: l, cadence: daily }\n  - { id: x1, kind: allow, description: d, url: 'https://a.example/', format: domains, licence: l, cadence: daily }\n";
    try {
      parseSourceManifest(text, taxonomy);
      expect.unreachable();
    } catch (error) {
      expect((error as { problems: string[] }).problems.length).toBeGreaterThanOrEqual(4);
    }
  });
});
