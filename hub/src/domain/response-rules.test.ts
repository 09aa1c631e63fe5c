import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AGENCIES } from "./incident-workflow.ts";
import { checkResponseRules, DEFAULT_RESPONSE_RULES_PATH, loadResponseRules } from "./response-rules.ts";

const shipped = readFileSync(DEFAULT_RESPONSE_RULES_PATH, "utf8");
const work = mkdtempSync(join(tmpdir(), "fenceline-response-rules-"));

describe("the response rules file", () => {
  it("ships valid: the authorities are agencies, and every rule of the flowchart is there", () => {
    const rules = loadResponseRules();
    for (const agency of rules.authorities) expect(AGENCIES).toContain(agency);
    expect(rules.authorities).toEqual(expect.arrayContaining(["police", "lado", "childrens-social-care"]));
    expect(rules.authorities).not.toContain("iwf");
    expect(rules.rules.map((rule) => rule.name)).toEqual([
      "illegal material",
      "illegal-content category",
      "immediate risk",
      "concern about a member of staff",
      "ending a high or critical incident early",
      "closing after review",
    ]);
    expect(rules.parentsDecidedNotNeedsReason).toBe(true);
  });

  it.each([
    ["an agency that does not exist", shipped.replace("  - prevent-channel", "  - the-vicar"), /authorities/],
    ["an unknown key", `${shipped}\nextra: 1\n`, /extra/],
    ["a grade that is not a severity", shipped.replace("grade: critical", "grade: urgent"), /grade/],
    [
      "an ending that is not an end",
      shipped.replace("endings: [closed, no-further-action]", "endings: [review]"),
      /endings/,
    ],
    ["a need of no kind", shipped.replace("- action: evidence-preserved", "- shredded: true"), /needs/],
    ["not YAML", "rules: [", /.+/],
  ])("refuses %s, naming the problem", (_case, text, problem) => {
    const checked = checkResponseRules(text);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems.join("\n")).toMatch(problem);
  });

  it("names the file and the problem when loading a bad one, and a file that is not there", () => {
    const bad = join(work, "bad.yaml");
    writeFileSync(bad, shipped.replace("grade: critical", "grade: urgent"));
    expect(() => loadResponseRules(bad)).toThrow(new RegExp(`${bad}: response rules are invalid:[\\s\\S]*grade`));
    expect(() => loadResponseRules(join(work, "missing.yaml"))).toThrow(
      /missing\.yaml: cannot read the response rules/,
    );
  });
});
