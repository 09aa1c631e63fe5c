import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../domain/roles.ts";
import { createHub } from "../hub-app.ts";
import type { HubStores } from "../store/open-stores.ts";
import { openTestStores } from "../testing/test-stores.ts";
import { wireEvent } from "../testing/wire-event.ts";

const dsl: Actor = { userId: "u-dsl", email: "dsl@school.test", role: "dsl", sites: null };
const deputy: Actor = { userId: "u-deputy", email: "deputy@school.test", role: "deputy-dsl", sites: null };

let stores: HubStores;
let services: ReturnType<typeof createHub>["services"];
let actions: ReturnType<typeof createHub>["actions"];
let agent: { id: string; siteId: string };

beforeEach(() => {
  stores = openTestStores(":memory:");
  ({ services, actions } = createHub({ stores, log: pino({ level: "silent" }) }));
  services.alerts.notify = () => {};
  services.enrolment.createSite("school-a", "School A");
  const { token } = services.enrolment.issueEnrolmentToken("school-a");
  agent = { id: services.enrolment.enrol(token, "gw").agentId, siteId: "school-a" };
  const t = Date.now() - 3_600_000;
  services.ingest.ingest(agent, {
    schemaVersion: 1,
    events: [
      wireEvent({ time: t - 50 * 60_000, categories: ["games"], name: "before.test" }),
      wireEvent({ time: t, categories: ["self-harm"], name: "harm.test" }),
      wireEvent({ time: t + 59 * 60_000, categories: ["gambling"], name: "after.test" }),
      wireEvent({ time: t + 90 * 60_000, categories: ["games"], name: "too-late.test" }),
      wireEvent({ time: t, categories: ["games"], name: "other-client.test", clientAddress: "10.7.7.7" }),
    ],
  });
});

const add = (actor: Actor, entry: Record<string, unknown>) => actions.incidents.addEntry(actor, { id: 1, entry });

describe("incident workflow", () => {
  it("walks new → triaged → escalated → awaiting-authorities → actions → review → closed, each step by a named user", () => {
    add(deputy, { kind: "transition", to: "triaged" });
    add(deputy, {
      kind: "details",
      reportedBy: "Fenceline alert",
      reportedTo: "J. Smith (DSL)",
      description: "Repeated searches for self-harm sites during a lesson",
      illegalMaterial: false,
      immediateRisk: true,
    });
    add(dsl, { kind: "transition", to: "escalated" });
    const referral = add(dsl, {
      kind: "referral",
      agency: "childrens-social-care",
      at: "2026-11-23T10:15:00Z",
      reference: "CSC-1234",
    });
    expect(referral).toMatchObject({ state: "awaiting-authorities", severity: "critical" });
    const outcome = {
      kind: "referral-outcome",
      ofSeq: referral.seq,
      outcome: "Early help",
      at: "2026-11-24T09:00:00Z",
    };
    expect(add(dsl, outcome).state).toBe("actions");
    add(dsl, { kind: "action", action: "evidence-preserved", date: "2026-11-23", detail: "Lookups exported" });
    add(dsl, { kind: "transition", to: "review" });
    add(dsl, { kind: "review", result: "Pupil supported by pastoral team", sanctions: "None" });
    add(dsl, { kind: "transition", to: "closed", note: "Signed off" });
    const view = actions.incidents.view(dsl, { id: 1 });
    expect(view.incident.state).toBe("closed");
    expect(view.record.signedOff).toMatchObject({ by: expect.stringContaining("dsl@school.test") });
    expect(view.record.referrals).toHaveLength(1);
    expect(view.record.details?.body).toMatchObject({ immediateRisk: "yes", reportedTo: "J. Smith (DSL)" });
    expect(view.entries.map((e) => e.by)).toContain(`deputy@school.test (u-deputy)`);
  });

  it("refuses transitions the flow does not allow", () => {
    expect(() => add(dsl, { kind: "transition", to: "review" })).toThrow(/cannot move to "review"/);
    expect(() => add(dsl, { kind: "transition", to: "closed" })).toThrow(/cannot move/);
  });

  it("needs a review before sign-off, and only the DSL signs off", () => {
    add(dsl, { kind: "transition", to: "triaged" });
    add(dsl, { kind: "transition", to: "review" });
    expect(() => add(dsl, { kind: "transition", to: "closed" })).toThrow(/review result/);
    add(deputy, { kind: "review", result: "Handled", sanctions: "None" });
    expect(() => add(deputy, { kind: "transition", to: "closed" })).toThrow(/sign-off/);
    expect(add(dsl, { kind: "transition", to: "closed" }).state).toBe("closed");
  });

  it("a false positive needs a note, ends the incident, and only the DSL can reopen it", () => {
    expect(() => add(dsl, { kind: "transition", to: "false-positive" })).toThrow(/note/);
    add(dsl, { kind: "transition", to: "false-positive", note: "Health-education site" });
    expect(() =>
      add(deputy, { kind: "referral", agency: "police", at: "2026-11-23T10:15:00Z", reference: "x" }),
    ).toThrow(/reopen/);
    expect(() => add(deputy, { kind: "transition", to: "triaged", note: "new information" })).toThrow(/sign-off/);
    expect(add(dsl, { kind: "transition", to: "triaged", note: "new information" }).state).toBe("triaged");
  });

  it("re-grades with a reason", () => {
    expect(() => add(dsl, { kind: "regrade", severity: "critical" })).toThrow(/not a valid incident entry/);
    expect(add(dsl, { kind: "regrade", severity: "critical", reason: "Disclosure in class" }).severity).toBe(
      "critical",
    );
    expect(stores.incidents.get(1)).toMatchObject({ severity: "critical", autoSeverity: "high" });
  });

  it("keeps the record append-only: a correction is a new entry (the store refuses edits)", () => {
    const { seq } = add(dsl, {
      kind: "referral",
      agency: "police",
      at: "2026-11-23T10:15:00Z",
      reference: "WRONG-REF",
    });
    add(dsl, { kind: "correction", ofSeq: seq, reason: "Wrong reference typed" });
    add(dsl, { kind: "referral", agency: "police", at: "2026-11-23T10:15:00Z", reference: "RIGHT-REF" });
    const view = actions.incidents.view(dsl, { id: 1 });
    expect(view.record.referrals.map((r) => r.body.reference)).toEqual(["RIGHT-REF"]);
    expect(view.entries.filter((e) => e.kind === "referral")).toHaveLength(2);
  });

  it("shows the client's other flagged lookups 60 minutes either side as context", () => {
    const view = actions.incidents.view(dsl, { id: 1 });
    expect(view.events.map((e) => e.name)).toEqual(["harm.test"]);
    expect(view.context.map((e) => e.name)).toEqual(["before.test", "after.test"]);
  });

  it("logs who viewed which incident", () => {
    actions.incidents.view(deputy, { id: 1 });
    const views = services.audit.page(0, 100, "incident.viewed");
    expect(views).toMatchObject([{ actor: "deputy@school.test (u-deputy)", target: "incident 1" }]);
  });
});

describe("privacy", () => {
  it("masks client identities in events for roles without the identity permission, consistently", () => {
    const ict: Actor = { userId: "u-ict", email: "ict@school.test", role: "ict-admin", sites: null };
    const masked = actions.events.search(ict, { limit: 10 }).events;
    expect(masked.map((e) => e.clientAddress)).not.toContain("10.1.2.3");
    expect(new Set(masked.filter((e) => e.name !== "other-client.test").map((e) => e.clientAddress)).size).toBe(1);
    expect(masked[0]?.clientAddress).toMatch(/^client-/);
    expect(() => actions.events.search(ict, { limit: 10, client: "10.1.2.3" })).toThrow(/identity permission/);
    expect(actions.events.search(dsl, { limit: 10, client: "10.1.2.3" }).events).toHaveLength(4);
  });

  it("exports everything held about one client, and logs the export", () => {
    const exported = actions.events.subjectAccess(dsl, { client: "10.1.2.3" });
    expect(exported.events).toHaveLength(4);
    expect(exported.incidents.map((i) => i.incident.category)).toEqual(["self-harm", "gambling"]);
    expect(exported.incidents[0]?.entries[0]?.kind).toBe("raised");
    // The audit trail names the child only by pseudonym.
    const pseudonym = services.privacy.pseudonym("10.1.2.3");
    expect(services.audit.page(0, 100, "subject-access")).toMatchObject([{ target: pseudonym }]);
    expect(JSON.stringify(services.audit.page(0, 100))).not.toContain("10.1.2.3");
  });
});
