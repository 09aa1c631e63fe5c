import { describe, expect, it } from "vitest";
import { foldEntries } from "./incident-workflow.ts";
import { flowOf } from "./response-flow.ts";

const entry = (seq: number, kind: string, body: Record<string, unknown>) => ({
  seq,
  at: "2026-03-02T10:00:00.000Z",
  by: "dsl@school.example",
  kind,
  body,
});

describe("the response flow of one incident", () => {
  it("warns about illegal material, offers the LADO for a concern about staff, and waits on an unanswered referral", () => {
    const record = foldEntries([
      entry(1, "details", { illegalMaterial: "yes", immediateRisk: "no" }),
      entry(2, "referral", { agency: "lado", at: "2026-03-02T10:00:00.000Z" }),
    ]);
    const flow = flowOf({ kind: "staff-concern", illegal: false }, record);
    expect(flow.warnings).toEqual(["Do not view, copy or forward the material."]);
    expect(flow.offers).toEqual(["lado"]);
    expect(flow.awaitingReferral).toBe(2);
    expect(flow.closingNeeds).toEqual(["a review result and sanctions"]);
  });

  it("stops waiting once the referral's outcome is recorded, and needs nothing more after a review", () => {
    const record = foldEntries([
      entry(1, "referral", { agency: "police", at: "2026-03-02T10:00:00.000Z" }),
      entry(2, "referral-outcome", { ofSeq: 1, outcome: "no crime", at: "2026-03-03T10:00:00.000Z" }),
      entry(3, "review", { result: "done", sanctions: "None" }),
    ]);
    const flow = flowOf({ kind: "filtered-lookup", illegal: false }, record);
    expect(flow).toEqual({ warnings: [], closingNeeds: [], offers: [], awaitingReferral: null });
  });
});
