import { describe, expect, it } from "vitest";
import { gradeReport } from "./grade-report.ts";
import type { ReportedKind, YesNoUnsure } from "./incident-kinds.ts";
import { loadIncidentRules } from "./incident-rules.ts";

const shipped = loadIncidentRules().reported;
const no = { immediateRisk: "no", illegalMaterial: "no" } as const;

describe("the grade a reported concern opens at", () => {
  it.each([
    ["cyberbullying", no, "medium", false],
    ["nudes-experimental", no, "medium", false],
    ["nudes-aggravated", no, "high", false],
    ["grooming-or-contact", no, "high", false],
    ["radicalisation", no, "high", false],
    ["self-harm-disclosure", no, "high", false],
    ["staff-concern", no, "high", false],
    ["data-breach", no, "medium", false],
    ["cyberbullying", { immediateRisk: "yes", illegalMaterial: "no" }, "critical", true],
    ["other", { immediateRisk: "no", illegalMaterial: "yes" }, "critical", true],
    ["nudes-experimental", { immediateRisk: "unsure", illegalMaterial: "unsure" }, "medium", false],
  ] as [ReportedKind, { immediateRisk: YesNoUnsure; illegalMaterial: YesNoUnsure }, string, boolean][])(
    "%s, %o: %s",
    (kind, answers, severity, atOnce) => {
      expect(gradeReport(shipped, kind, answers)).toEqual({ severity, atOnce });
    },
  );

  it("a kind the table leaves out takes the table's `otherwise` grade", () => {
    expect(gradeReport({ otherwise: "low", kinds: {} }, "cyberbullying", no)).toEqual({
      severity: "low",
      atOnce: false,
    });
  });
});
