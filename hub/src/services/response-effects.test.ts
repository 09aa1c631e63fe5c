import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../domain/roles.ts";
import { createHub } from "../hub-app.ts";
import type { HubStores } from "../store/open-stores.ts";
import { openSqlInspector } from "../store/sql-inspector.ts";
import { openTempStores } from "../store/temp-stores.ts";
import { wireEvent } from "../testing/wire-event.ts";
import type { IncidentChange } from "./incident-engine.ts";

const dsl: Actor = { userId: "u-dsl", email: "dsl@school.test", role: "dsl", sites: null };
const deputy: Actor = { userId: "u-deputy", email: "deputy@school.test", role: "deputy-dsl", sites: null };

let stores: HubStores;
let file: string;
let hub: ReturnType<typeof createHub>;
let agent: { id: string; siteId: string };
/** What alerts heard of, and whether the entries behind each were committed when they heard. */
let notified: { changes: IncidentChange[]; committedEntries: number }[];

beforeEach(() => {
  ({ stores, file } = openTempStores());
  hub = createHub({ stores, log: pino({ level: "silent" }) });
  notified = [];
  hub.services.alerts.notify = (changes) => {
    const inspector = openSqlInspector(file);
    const committedEntries = inspector.value("SELECT COUNT(*) FROM incident_entries") as number;
    inspector.close();
    notified.push({ changes: [...changes], committedEntries });
  };
  hub.services.enrolment.createSite("school-a", "School A");
  const { token } = hub.services.enrolment.issueEnrolmentToken("school-a");
  agent = { id: hub.services.enrolment.enrol(token, "gw").agentId, siteId: "school-a" };
  // Incident 1: a gambling look-up, graded medium.
  lookup("gambling", Date.now() - 60_000);
  notified = [];
});

function lookup(category: string, time = Date.now()) {
  hub.services.ingest.ingest(agent, { schemaVersion: 1, events: [wireEvent({ time, categories: [category] })] });
}
const add = (actor: Actor, entry: Record<string, unknown>, id = 1) =>
  hub.actions.incidents.addEntry(actor, { id, entry });
const details = (illegalMaterial: string, immediateRisk: string) => ({
  kind: "details",
  reportedBy: "Class teacher",
  reportedTo: "DSL",
  description: "Said something worrying",
  illegalMaterial,
  immediateRisk,
});
const entries = (id = 1) => stores.incidents.entries(id);

describe("what the response rules make of an entry", () => {
  it.each([
    ["immediate risk = yes", details("no", "yes"), "immediate risk"],
    ["illegal material = yes", details("yes", "no"), "illegal material"],
  ])("%s re-grades to critical by an entry saying why, and alerts at once after the commit", (_case, entry, rule) => {
    expect(stores.incidents.get(1)?.severity).toBe("medium");
    expect(add(deputy, entry)).toMatchObject({ severity: "critical" });
    expect(stores.incidents.get(1)?.severity).toBe("critical");
    expect(entries().at(-1)).toMatchObject({
      by: "system (response rules)",
      kind: "regrade",
      body: { severity: "critical", reason: expect.stringContaining(rule) },
    });
    expect(notified).toHaveLength(1);
    expect(notified[0]?.changes).toMatchObject([
      { incidentId: 1, kind: "escalated", severity: "critical", atOnce: true, incidentKind: "filtered-lookup" },
    ]);
    // The alert was asked for once the entry and the re-grade were on disk, not before.
    expect(notified[0]?.committedEntries).toBe(entries().length);
    const audit = hub.services.audit.page(0, 10, "incident.entry-added");
    expect(audit.at(-1)?.detail).toMatchObject({ kind: "details", after: { severity: "critical" } });
  });

  it("does nothing more for answers of no or unsure, or for the same yes given again", () => {
    add(deputy, details("no", "unsure"));
    expect(stores.incidents.get(1)?.severity).toBe("medium");
    add(deputy, details("no", "yes"));
    const count = entries().length;
    notified = [];
    add(deputy, details("no", "yes"));
    expect(entries()).toHaveLength(count + 1);
    expect(notified).toEqual([]);
  });

  it("keeps the critical grade when further look-ups join the incident", () => {
    add(dsl, details("no", "yes"));
    lookup("gambling");
    expect(stores.incidents.get(1)).toMatchObject({ severity: "critical", eventCount: 2 });
  });

  it("rolls the re-grade back with an entry that is refused, and alerts nobody", () => {
    add(dsl, { kind: "transition", to: "no-further-action", note: "seen" });
    expect(() => add(dsl, details("no", "yes"))).toThrow(/reopen it/);
    expect(stores.incidents.get(1)?.severity).toBe("medium");
    expect(notified).toEqual([]);
  });

  it("moves to awaiting-authorities on a referral to an authority, and back to actions on its outcome", () => {
    add(deputy, { kind: "transition", to: "triaged" });
    const helpline = add(deputy, { kind: "referral", agency: "nspcc", at: "2026-11-23T10:15:00Z" });
    expect(helpline.state).toBe("triaged");
    const referral = add(deputy, { kind: "referral", agency: "police", at: "2026-11-23T10:20:00+00:00" });
    expect(referral.state).toBe("awaiting-authorities");
    expect(entries().at(-1)).toMatchObject({
      by: "system (response rules)",
      kind: "transition",
      body: { to: "awaiting-authorities", note: expect.stringContaining(`entry ${referral.seq}`) },
    });
    expect(hub.actions.incidents.view(deputy, { id: 1 }).flow.awaitingReferral).toBe(referral.seq);
    expect(() => add(deputy, { kind: "transition", to: "actions", note: "chased" })).toThrow(/record that outcome/);
    expect(() =>
      add(deputy, { kind: "referral-outcome", ofSeq: helpline.seq + 100, outcome: "x", at: "2026-11-24T10:00:00Z" }),
    ).toThrow(/not a referral in this incident's record/);
    const outcome = { kind: "referral-outcome", ofSeq: referral.seq, outcome: "No crime", at: "2026-11-24T10:00:00Z" };
    expect(add(deputy, outcome).state).toBe("actions");
    expect(() => add(deputy, outcome)).toThrow(/already has an outcome/);
    expect(entries().at(-1)).toMatchObject({ by: "system (response rules)", body: { to: "actions" } });
  });

  it("waits for every authority's outcome before moving back to actions", () => {
    const police = add(dsl, { kind: "referral", agency: "police", at: "2026-11-23T10:20:00Z" });
    const lado = add(dsl, { kind: "referral", agency: "lado", at: "2026-11-23T10:25:00Z" });
    expect(lado.state).toBe("awaiting-authorities");
    expect(
      add(dsl, { kind: "referral-outcome", ofSeq: police.seq, outcome: "a", at: "2026-11-24T10:00:00Z" }).state,
    ).toBe("awaiting-authorities");
    expect(
      add(dsl, { kind: "referral-outcome", ofSeq: lado.seq, outcome: "b", at: "2026-11-24T11:00:00Z" }).state,
    ).toBe("actions");
  });

  it("needs a reason to record that parents were not informed", () => {
    expect(() => add(deputy, { kind: "parents-informed", status: "decided-not" })).toThrow(/needs a reason/);
    expect(
      add(deputy, { kind: "parents-informed", status: "decided-not", reason: "Informing them puts the child at risk" })
        .seq,
    ).toBeGreaterThan(0);
  });

  it("lists in the view only the moves the actor could make now", () => {
    add(dsl, { kind: "regrade", severity: "critical", reason: "Disclosure" });
    expect(hub.actions.incidents.view(deputy, { id: 1 }).allowedTransitions).toEqual(["triaged", "escalated"]);
    expect(hub.actions.incidents.view(dsl, { id: 1 }).allowedTransitions).toEqual([
      "triaged",
      "escalated",
      "false-positive",
      "no-further-action",
    ]);
  });
});

describe("what the response rules make of a concern just reported", () => {
  const report = (body: Record<string, unknown>) =>
    stores.transaction(() => {
      const id = stores.incidents.insert({
        siteId: "school-a",
        clientAddress: "",
        hostname: null,
        mac: null,
        group: "",
        category: "",
        autoSeverity: "medium",
        severity: "medium",
        illegal: false,
        openedAt: new Date().toISOString(),
        firstSeen: new Date().toISOString(),
        lastSeen: new Date().toISOString(),
        eventCount: 0,
        source: "report",
        kind: "self-harm-disclosure",
        submittedBy: "u-staff",
      });
      stores.incidents.appendEntry(id, new Date().toISOString(), "staff@school.test", "details", body);
      return { id, changes: hub.services.incidents.respondToOpening(id) };
    });

  it("re-grades an immediate risk to critical at once, as a raised incident to alert on", () => {
    const { id, changes } = report(details("no", "yes"));
    expect(stores.incidents.get(id)?.severity).toBe("critical");
    expect(changes).toMatchObject([{ incidentId: id, kind: "raised", severity: "critical", atOnce: true }]);
    expect(entries(id).map((e) => [e.by, e.kind])).toEqual([
      ["staff@school.test", "details"],
      ["system (response rules)", "regrade"],
    ]);
  });

  it("does nothing to a concern with no yes answer", () => {
    const { id, changes } = report(details("unsure", "no"));
    expect(changes).toEqual([]);
    expect(stores.incidents.get(id)?.severity).toBe("medium");
    expect(entries(id)).toHaveLength(1);
  });
});
