import { describe, expect, it } from "vitest";
import { type GuidedStepInput, guidedStep } from "./guided-step.ts";
import { foldEntries, type IncidentState, TRANSITIONS } from "./incident-workflow.ts";
import { flowOf } from "./response-flow.ts";
import { type Role, roleCan } from "./roles.ts";

const entry = (seq: number, kind: string, body: Record<string, unknown> = {}) => ({
  seq,
  at: "2026-03-02T10:00:00.000Z",
  by: "dsl@school.example",
  kind,
  body,
});

const DETAILS = entry(1, "details", { illegalMaterial: "no", immediateRisk: "no" });
const RISK = entry(1, "details", { illegalMaterial: "unsure", immediateRisk: "yes" });
const REFERRAL = entry(2, "referral", { agency: "lado", at: "2026-03-02T10:00:00.000Z" });
const OUTCOME = entry(3, "referral-outcome", { ofSeq: 2, outcome: "no case", at: "2026-03-03T10:00:00.000Z" });
const REVIEW = entry(4, "review", { result: "done", sanctions: "None" });

function input(
  state: IncidentState,
  entries: ReturnType<typeof entry>[],
  role: Role = "dsl",
  incident: Partial<GuidedStepInput["incident"]> = {},
): GuidedStepInput {
  const full = { state, severity: "high", kind: "filtered-lookup", source: "filter", illegal: false, ...incident };
  const record = foldEntries(entries);
  return {
    incident: full,
    record,
    flow: flowOf(full, record),
    allowedTransitions: TRANSITIONS[state],
    can: (permission) => roleCan(role, permission),
  };
}

describe("the guided step of an incident", () => {
  it.each([
    ["a new incident is triaged", input("new", []), "triage", ["triage"]],
    ["after triage, the two questions", input("triaged", []), "questions", ["details"]],
    [
      "answered: refer and act",
      input("triaged", [DETAILS]),
      "refer-and-act",
      ["referral", "parents-informed", "action", "move-on"],
    ],
    [
      "a referral unanswered from triaged: escalate first",
      input("triaged", [DETAILS, REFERRAL]),
      "refer-and-act",
      ["move-on", "referral", "parents-informed", "action"],
    ],
    [
      "waiting for the authorities",
      input("awaiting-authorities", [DETAILS, REFERRAL]),
      "awaiting",
      ["referral-outcome", "parents-informed", "action"],
    ],
    ["the outcome recorded", input("awaiting-authorities", [DETAILS, REFERRAL, OUTCOME]), "awaiting", ["move-on"]],
    ["in review without a review", input("review", [DETAILS]), "review", ["review"]],
    ["reviewed: the DSL signs off", input("review", [DETAILS, REVIEW]), "sign-off", ["sign-off"]],
    ["reviewed: a deputy waits for the DSL", input("review", [DETAILS, REVIEW], "deputy-dsl"), "waiting-for-dsl", []],
    ["closed: the DSL may reopen", input("closed", [DETAILS, REVIEW]), "ended", ["reopen"]],
    ["false positive: a deputy cannot reopen", input("false-positive", [], "deputy-dsl"), "ended", []],
    ["without incidents:write nothing to do", input("triaged", [], "ict-admin"), "read-only", []],
  ] as const)("%s", (_name, given, id, forms) => {
    const step = guidedStep(given);
    expect(step.id).toBe(id);
    expect(step.forms.map((form) => form.kind)).toEqual(forms);
    expect(step.heading.length).toBeGreaterThan(0);
    expect(step.guidance.length).toBeGreaterThan(0);
  });

  it.each([
    ["triaged", "escalated"],
    ["escalated", "awaiting-authorities"],
    ["actions", "awaiting-authorities"],
  ] as const)("from %s an unanswered referral moves on to %s", (state, to) => {
    const step = guidedStep(input(state, [DETAILS, REFERRAL]));
    expect(step.forms[0]).toMatchObject({ kind: "move-on", to });
  });

  it("with no referral waiting, refer-and-act moves on to review", () => {
    expect(guidedStep(input("actions", [DETAILS])).forms.at(-1)).toMatchObject({ kind: "move-on", to: "review" });
  });

  it("the outcome form names the referral awaited", () => {
    expect(guidedStep(input("awaiting-authorities", [DETAILS, REFERRAL])).forms[0]).toEqual({
      kind: "referral-outcome",
      ofSeq: 2,
    });
  });

  it("triage offers only the states the workflow allows from new", () => {
    expect(guidedStep(input("new", [])).forms[0]).toEqual({
      kind: "triage",
      choices: ["triaged", "false-positive", "no-further-action"],
    });
  });

  it("says the policy's words: immediate risk, illegal material, the LADO first for a concern about staff", () => {
    const risky = guidedStep(input("actions", [RISK]));
    expect(risky.guidance.join(" ")).toMatch(/contact the police or children's social care now/);
    const staff = guidedStep(input("actions", [DETAILS], "dsl", { kind: "staff-concern" }));
    expect(staff.guidance.join(" ")).toMatch(/refer it to the LADO/);
    expect(staff.forms[0]).toMatchObject({ kind: "referral", agencies: expect.arrayContaining(["police"]) });
    expect((staff.forms[0] as { agencies: string[] }).agencies[0]).toBe("lado");
    expect(guidedStep(input("awaiting-authorities", [DETAILS, REFERRAL])).guidance[0]).toMatch(
      /Allow the authorities to complete their investigation/,
    );
  });

  it("puts the flow's warnings first at every step", () => {
    for (const state of ["new", "triaged", "awaiting-authorities", "review", "closed"] as const) {
      const step = guidedStep(input(state, [DETAILS, REFERRAL], "dsl", { illegal: true }));
      expect(step.guidance[0]).toMatch(/^Do not view, copy or forward the material\./);
    }
  });

  it("at sign-off says what the record still lacks", () => {
    const flowLacking = { ...input("review", [DETAILS, REVIEW]) };
    flowLacking.flow = { ...flowLacking.flow, closingNeeds: ["a referral to the police, CEOP or the IWF"] };
    expect(guidedStep(flowLacking).guidance.join(" ")).toMatch(/still needs a referral to the police, CEOP or the IWF/);
  });
});
