import { describe, expect, it } from "vitest";
import { gradeEvent } from "./grade-event.ts";
import { loadIncidentRules } from "./incident-rules.ts";
import { loadDefaultTaxonomy } from "./taxonomy.ts";

const taxonomy = loadDefaultTaxonomy();
const rules = loadIncidentRules();
const event = (outcome: string, categories: string[], monitored: string[] = []) => ({
  outcome,
  categories,
  monitored,
  locked: categories.some((c) => taxonomy.byId.get(c)?.locked),
});

describe("gradeEvent", () => {
  it.each([
    [
      "a locked category is critical and illegal",
      event("blocked", ["adult", "child-abuse"]),
      "child-abuse",
      "critical",
      true,
    ],
    ["self-harm is high", event("blocked", ["self-harm"]), "self-harm", "high", false],
    ["extremism is high", event("blocked", ["extremism"]), "extremism", "high", false],
    ["violence is high", event("blocked", ["violence"]), "violence", "high", false],
    ["circumvention is medium", event("circumvention", ["doh"]), "doh", "medium", false],
    ["the gravest of several categories wins", event("blocked", ["gambling", "adult"]), "adult", "high", false],
    [
      "an allowed lookup counts by its monitored categories",
      event("resolved", [], ["dating"]),
      "dating",
      "medium",
      false,
    ],
  ])("%s", (_name, input, category, severity, illegal) => {
    expect(gradeEvent(input, taxonomy, rules)).toMatchObject({ category, severity, illegal });
  });

  it.each([
    ["distraction categories are report-only", event("blocked", ["games"])],
    ["info categories are report-only", event("blocked", ["streaming"])],
    ["safe search is report-only", event("safesearch", ["search-engines"])],
    ["an allowed lookup without monitored categories", event("resolved", ["adult"])],
    ["unknown categories", event("blocked", ["no-such-category"])],
  ])("%s", (_name, input) => {
    expect(gradeEvent(input, taxonomy, rules)).toBeNull();
  });

  it("a rule can lift a report-only category into incidents", () => {
    const strict = {
      ...rules,
      grades: { ...rules.grades, categories: { ...rules.grades.categories, games: "low" as const } },
    };
    expect(gradeEvent(event("blocked", ["games"]), taxonomy, strict)).toMatchObject({
      category: "games",
      severity: "low",
    });
  });
});
