import { describe, expect, it } from "vitest";
import { entryInWords } from "./entry-words.ts";

const words = (kind: string, body: Record<string, unknown>) =>
  entryInWords({ seq: 5, kind, body }, "Europe/London", (seq) => (seq === 2 ? "LADO" : ""));

describe("an incident entry in words", () => {
  it.each([
    [
      "transition",
      { to: "false-positive", note: "a teacher's lesson" },
      "Moved to False positive. Reason: a teacher's lesson",
    ],
    [
      "details",
      {
        reportedBy: "Form tutor",
        reportedTo: "DSL",
        description: "Messages",
        illegalMaterial: false,
        immediateRisk: "unsure",
      },
      "Reported by Form tutor to DSL. What happened: Messages Illegal material: no. Immediate risk: unsure.",
    ],
    [
      "referral",
      { agency: "lado", at: "2026-07-01T09:30:00.000Z", reference: "L-1", contact: "J. Smith" },
      "Referred to LADO (Local Authority Designated Officer) at 2026-07-01 10:30 BST. Reference L-1. Contact: J. Smith.",
    ],
    [
      "referral-outcome",
      { ofSeq: 2, outcome: "No further action by the LADO", at: "2026-12-01T09:00:00.000Z" },
      "Outcome of referral #2 (LADO), given 2026-12-01 09:00 GMT: No further action by the LADO",
    ],
    [
      "parents-informed",
      { status: "decided-not", reason: "the parent is the concern" },
      "Parents / carers informed: Decided not to inform (it would put the child at risk). Reason: the parent is the concern",
    ],
    [
      "action",
      { action: "evidence-preserved", date: "2026-11-20", detail: "exported" },
      "Evidence preserved on 2026-11-20: exported",
    ],
    ["review", { result: "Supported.", sanctions: "None" }, "Review: Supported. Sanctions: None"],
    ["correction", { ofSeq: 3, reason: "wrong pupil" }, "Entry #3 is wrong: wrong pupil"],
    ["something-new", { a: 1, b: ["x"] }, 'a: 1; b: ["x"]'],
  ])("%s", (kind, body, expected) => {
    expect(words(kind, body)).toBe(expected);
  });
});
