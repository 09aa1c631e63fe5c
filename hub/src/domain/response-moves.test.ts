import { describe, expect, it } from "vitest";
import { foldEntries, type IncidentState } from "./incident-workflow.ts";
import { allowedMoves, refusalOf } from "./response-moves.ts";
import { loadResponseRules } from "./response-rules.ts";

const rules = loadResponseRules();
const entry = (seq: number, kind: string, body: Record<string, unknown>) => ({
  seq,
  at: "2026-03-02T10:00:00.000Z",
  by: "dsl@school.example",
  kind,
  body,
});
const details = (illegalMaterial: string, immediateRisk: string) =>
  entry(1, "details", { reportedBy: "a", reportedTo: "b", description: "c", illegalMaterial, immediateRisk });
const review = entry(9, "review", { result: "r", sanctions: "s" });
const lado = entry(2, "referral", { agency: "lado", at: "2026-03-02T10:00:00Z" });
const ladoOutcome = entry(3, "referral-outcome", {
  ofSeq: 2,
  outcome: "no further action",
  at: "2026-03-04T10:00:00Z",
});
const DSL = true;
const DEPUTY = false;

type Row = [
  string,
  { severity: string; illegal?: boolean; kind?: string },
  ReturnType<typeof entry>[],
  { from: IncidentState; to: IncidentState; note?: string; canSignOff: boolean },
  null | { code: string; message: RegExp },
];

// One row per rule of hub/rules/response-rules.yaml and of the workflow: the move, and the verdict.
const cases: Row[] = [
  [
    "a deputy ends a critical incident with no further action (loophole a)",
    { severity: "critical" },
    [],
    { from: "new", to: "no-further-action", note: "seen", canSignOff: DEPUTY },
    { code: "forbidden", message: /no further action.*needs a DSL's sign-off, not a deputy's/ },
  ],
  [
    "a deputy calls a high incident a false positive",
    { severity: "high" },
    [],
    { from: "new", to: "false-positive", note: "health page", canSignOff: DEPUTY },
    { code: "forbidden", message: /a high or critical incident a false positive needs a DSL/ },
  ],
  [
    "a deputy calls a medium incident a false positive, with a note",
    { severity: "medium" },
    [],
    { from: "new", to: "false-positive", note: "health page", canSignOff: DEPUTY },
    null,
  ],
  [
    "a DSL ends a critical incident with no further action, with a reason",
    { severity: "critical" },
    [],
    { from: "new", to: "no-further-action", note: "already handled by the police", canSignOff: DSL },
    null,
  ],
  [
    "a DSL ends a high incident with no further action, without a reason",
    { severity: "high" },
    [],
    { from: "triaged", to: "no-further-action", canSignOff: DSL },
    { code: "invalid-request", message: /needs a note saying why/ },
  ],
  [
    "a DSL closes illegal + immediate risk without referrals (loophole b)",
    { severity: "critical" },
    [details("yes", "yes"), review],
    { from: "review", to: "closed", note: "done", canSignOff: DSL },
    {
      code: "conflict",
      message:
        /closing an incident with illegal material needs a referral to the police, CEOP or the IWF and an "evidence preserved" action; closing an incident with an immediate risk needs a referral to the police or social care/,
    },
  ],
  [
    "a DSL ends illegal material with no further action, without a referral",
    { severity: "critical" },
    [details("yes", "no")],
    { from: "triaged", to: "no-further-action", note: "nothing to do", canSignOff: DSL },
    { code: "conflict", message: /no further action" needs a referral to the police, CEOP or the IWF/ },
  ],
  [
    "a DSL calls an answered immediate risk a false positive",
    { severity: "critical" },
    [details("no", "yes")],
    { from: "triaged", to: "false-positive", note: "misread", canSignOff: DSL },
    { code: "conflict", message: /a false positive needs a referral to the police or social care/ },
  ],
  [
    "a DSL calls a locked-category look-up a false positive (a wrongly listed name)",
    { severity: "critical", illegal: true },
    [],
    { from: "new", to: "false-positive", note: "the name was listed in error", canSignOff: DSL },
    null,
  ],
  [
    "a DSL closes a locked-category look-up with a review but no referral",
    { severity: "critical", illegal: true },
    [review],
    { from: "review", to: "closed", canSignOff: DSL },
    { code: "conflict", message: /CEOP or the IWF and an "evidence preserved" action/ },
  ],
  [
    "a DSL closes an immediate risk with a social-care referral with its time, and a review",
    { severity: "critical" },
    [details("no", "yes"), entry(2, "referral", { agency: "mash", at: "2026-03-02T10:00:00Z" }), review],
    { from: "review", to: "closed", canSignOff: DSL },
    null,
  ],
  [
    "a DSL closes without a review",
    { severity: "low" },
    [],
    { from: "review", to: "closed", canSignOff: DSL },
    { code: "conflict", message: /closing an incident needs a review result and sanctions/ },
  ],
  [
    "a deputy signs off",
    { severity: "low" },
    [review],
    { from: "review", to: "closed", canSignOff: DEPUTY },
    { code: "forbidden", message: /the DSL's sign-off/ },
  ],
  [
    "a move the workflow has no arrow for",
    { severity: "low" },
    [],
    { from: "new", to: "review", canSignOff: DSL },
    { code: "conflict", message: /cannot move to "review"/ },
  ],
  [
    "moving to awaiting-authorities with no referral to an authority",
    { severity: "high" },
    [entry(2, "referral", { agency: "nspcc", at: "2026-03-02T10:00:00Z" })],
    { from: "actions", to: "awaiting-authorities", canSignOff: DSL },
    { code: "conflict", message: /once a referral to them is recorded/ },
  ],
  [
    "a deputy moves on from awaiting-authorities before the outcome",
    { severity: "high", kind: "staff-concern" },
    [lado],
    { from: "awaiting-authorities", to: "actions", note: "chased", canSignOff: DEPUTY },
    { code: "forbidden", message: /waiting for the outcome of the referral to lado \(entry 2\)/ },
  ],
  [
    "a DSL moves on from awaiting-authorities before the outcome, without a reason",
    { severity: "high", kind: "staff-concern" },
    [lado],
    { from: "awaiting-authorities", to: "review", canSignOff: DSL },
    { code: "invalid-request", message: /needs a note saying why/ },
  ],
  [
    "a DSL moves on from awaiting-authorities before the outcome, with a reason",
    { severity: "high", kind: "staff-concern" },
    [lado],
    { from: "awaiting-authorities", to: "actions", note: "LADO asked us to act meanwhile", canSignOff: DSL },
    null,
  ],
  [
    "a deputy moves on from awaiting-authorities once the outcome is in",
    { severity: "high", kind: "staff-concern" },
    [lado, ladoOutcome],
    { from: "awaiting-authorities", to: "review", canSignOff: DEPUTY },
    null,
  ],
];

describe("the response rules on a state change", () => {
  it.each(cases)("%s", (_case, incident, entries, move, expected) => {
    const refusal = refusalOf(
      rules,
      { kind: incident.kind ?? "other", illegal: incident.illegal ?? false, severity: incident.severity },
      foldEntries(entries),
      move,
    );
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toMatchObject({ code: expected.code, message: expect.stringMatching(expected.message) });
  });

  it("lists only the moves this actor could make now", () => {
    const critical = { kind: "other", illegal: false, severity: "critical", state: "new" };
    expect(allowedMoves(rules, critical, foldEntries([]), DEPUTY)).toEqual(["triaged", "escalated"]);
    expect(allowedMoves(rules, critical, foldEntries([]), DSL)).toEqual([
      "triaged",
      "escalated",
      "false-positive",
      "no-further-action",
    ]);
    const risky = { ...critical, state: "review" };
    expect(allowedMoves(rules, risky, foldEntries([details("no", "yes"), review]), DSL)).toEqual(["actions"]);
    const waiting = { ...critical, state: "awaiting-authorities" };
    expect(allowedMoves(rules, waiting, foldEntries([lado]), DEPUTY)).toEqual([]);
    expect(allowedMoves(rules, waiting, foldEntries([lado, ladoOutcome]), DEPUTY)).toEqual(["actions", "review"]);
  });
});
