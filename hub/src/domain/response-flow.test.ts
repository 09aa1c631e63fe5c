import { describe, expect, it } from "vitest";
import { foldEntries } from "./incident-workflow.ts";
import { flowOf } from "./response-flow.ts";
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
const REVIEW = "a review result and sanctions";
const ILLEGAL_REFERRAL = "a referral to the police, CEOP or the IWF";
const EVIDENCE = 'an "evidence preserved" action';
const RISK_REFERRAL = "a referral to the police or social care, with the time it was made";

describe("the response flow of one incident", () => {
  it("warns about illegal material, offers the LADO for a concern about staff, and waits on an unanswered referral", () => {
    const record = foldEntries([
      details("yes", "no"),
      entry(2, "referral", { agency: "lado", at: "2026-03-02T10:00:00.000Z" }),
    ]);
    const flow = flowOf({ kind: "staff-concern", illegal: false }, record, rules);
    expect(flow.warnings).toEqual([expect.stringMatching(/^Do not view, copy or forward the material\./)]);
    expect(flow.offers).toEqual(["lado"]);
    expect(flow.awaitingReferral).toBe(2);
    expect(flow.closingNeeds).toEqual([ILLEGAL_REFERRAL, EVIDENCE, REVIEW]);
    expect(flow.rules).toEqual(["illegal material", "concern about a member of staff", "closing after review"]);
  });

  it("stops waiting once the referral's outcome is recorded, and needs nothing more after a review", () => {
    const record = foldEntries([
      entry(1, "referral", { agency: "police", at: "2026-03-02T10:00:00.000Z" }),
      entry(2, "referral-outcome", { ofSeq: 1, outcome: "no crime", at: "2026-03-03T10:00:00.000Z" }),
      entry(3, "review", { result: "done", sanctions: "None" }),
    ]);
    const flow = flowOf({ kind: "filtered-lookup", illegal: false }, record, rules);
    expect(flow).toEqual({
      warnings: [],
      closingNeeds: [],
      offers: [],
      awaitingReferral: null,
      rules: ["closing after review"],
    });
  });

  it("does not wait on a referral to an agency that is not an authority, such as the IWF or a helpline", () => {
    const record = foldEntries([
      entry(1, "referral", { agency: "iwf", at: "2026-03-02T10:00:00.000Z" }),
      entry(2, "referral", { agency: "nspcc", at: "2026-03-02T10:00:00.000Z" }),
    ]);
    expect(flowOf({ kind: "other", illegal: false }, record, rules).awaitingReferral).toBeNull();
  });

  // One row per closing rule: the record, and what closing it still needs.
  it.each([
    ["nothing answered yes", [], false, [REVIEW]],
    ["illegal material = yes", [details("yes", "no")], false, [ILLEGAL_REFERRAL, EVIDENCE, REVIEW]],
    ["a locked (illegal-content) category", [], true, [ILLEGAL_REFERRAL, EVIDENCE, REVIEW]],
    ["immediate risk = yes", [details("no", "yes")], false, [RISK_REFERRAL, REVIEW]],
    ["immediate risk = unsure", [details("no", "unsure")], false, [REVIEW]],
    ["both, with no referrals", [details("yes", "yes")], false, [ILLEGAL_REFERRAL, EVIDENCE, RISK_REFERRAL, REVIEW]],
    [
      "both, a police referral with its time covers both referrals",
      [details("yes", "yes"), entry(2, "referral", { agency: "police", at: "2026-03-02T10:00:00Z" })],
      false,
      [EVIDENCE, REVIEW],
    ],
    [
      "immediate risk, a referral to an agency that is not the police or social care",
      [details("no", "yes"), entry(2, "referral", { agency: "nspcc", at: "2026-03-02T10:00:00Z" })],
      false,
      [RISK_REFERRAL, REVIEW],
    ],
    [
      "immediate risk, a social-care referral recorded with a date but no time (older records)",
      [details("no", "yes"), entry(2, "referral", { agency: "childrens-social-care", date: "2026-03-02" })],
      false,
      [RISK_REFERRAL, REVIEW],
    ],
    [
      "illegal, the referral corrected away",
      [
        details("yes", "no"),
        entry(2, "referral", { agency: "iwf", at: "2026-03-02T10:00:00Z" }),
        entry(3, "correction", { ofSeq: 2, reason: "not sent" }),
        entry(4, "action", { action: "evidence-preserved", date: "2026-03-02", detail: "d" }),
        entry(5, "review", { result: "r", sanctions: "s" }),
      ],
      false,
      [ILLEGAL_REFERRAL],
    ],
    [
      "illegal, everything in the record",
      [
        details("yes", "no"),
        entry(2, "referral", { agency: "ceop", at: "2026-03-02T10:00:00Z" }),
        entry(4, "action", { action: "evidence-preserved", date: "2026-03-02", detail: "d" }),
        entry(5, "review", { result: "r", sanctions: "s" }),
      ],
      false,
      [],
    ],
  ])("%s", (_case, entries, illegal, needs) => {
    expect(flowOf({ kind: "other", illegal }, foldEntries(entries), rules).closingNeeds).toEqual(needs);
  });

  it("reads the answers of a reported concern when no details entry has been added", () => {
    const record = foldEntries([entry(1, "reported", { immediateRisk: "yes", illegalMaterial: "no" })]);
    expect(flowOf({ kind: "self-harm-disclosure", illegal: false }, record, rules).rules).toContain("immediate risk");
  });
});
