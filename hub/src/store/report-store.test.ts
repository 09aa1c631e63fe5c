import { afterEach, describe, expect, it } from "vitest";
import type { HubStores } from "./open-stores.ts";
import { openTempStores, seedAgent, storedEvent } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());
const week = { sites: ["school-a"], from: "2026-11-16T00:00:00.000Z", to: "2026-11-23T00:00:00.000Z" };
const at = "2026-11-20T09:00:00.000Z";

function incident(siteId: string, severity: "low" | "high"): number {
  return stores.incidents.insert({
    ...{ siteId, clientAddress: "10.0.0.7", hostname: null, mac: null, group: "students", category: "adult" },
    ...{ autoSeverity: severity, severity, illegal: false, openedAt: at, firstSeen: at, lastSeen: at, eventCount: 1 },
  });
}

describe("ReportStore", () => {
  it("reads only the sites and the period asked for", () => {
    ({ stores } = openTempStores());
    seedAgent(stores);
    seedAgent(stores, "school-b");
    stores.events.insert(
      [
        storedEvent({ id: "in", time: at }),
        storedEvent({ id: "before", time: "2026-11-15T23:00:00.000Z" }),
        storedEvent({ id: "other-site", siteId: "school-b", agentId: "school-b-gw", time: at }),
      ],
      at,
    );
    expect(stores.reportData.lookups(week, "site_id")).toEqual([{ key: "school-a", n: 1 }]);
    const a = incident("school-a", "high");
    incident("school-b", "low");
    expect(stores.reportData.incidents(week).map((i) => i.id)).toEqual([a]);
    expect(stores.reportData.openIncidents(["school-a", "school-b"])).toEqual([
      { key: "high", n: 1 },
      { key: "low", n: 1 },
    ]);
    expect(stores.reportData.agents(["school-b"]).map((r) => r.id)).toEqual(["school-b-gw"]);
  });

  it("gives each incident's origin, and as many incidents as asked for, oldest first", () => {
    ({ stores } = openTempStores());
    seedAgent(stores);
    const filtered = incident("school-a", "high");
    const reported = stores.incidents.insert({
      ...{ siteId: "school-a", clientAddress: "", hostname: null, mac: null, group: "", category: "" },
      ...{ autoSeverity: "medium", severity: "medium", illegal: false, openedAt: at, firstSeen: at, lastSeen: at },
      ...{ eventCount: 0, source: "report", kind: "staff-concern", submittedBy: "t@school.test", restricted: true },
    });
    const rows = stores.reportData.incidents(week);
    expect(rows.map((i) => [i.id, i.source, i.kind, i.submittedBy, i.restricted])).toEqual([
      [filtered, "filter", "filtered-lookup", null, 0],
      [reported, "report", "staff-concern", "t@school.test", 1],
    ]);
    expect(stores.reportData.incidents(week, 1).map((i) => i.id)).toEqual([filtered]);
    const entry = stores.incidents.appendEntry(reported, at, "dsl", "referral", { agency: "lado" });
    expect(stores.reportData.entries(week, ["referral"])).toEqual([
      expect.objectContaining({ incidentId: reported, source: "report", incidentKind: "staff-concern", restricted: 1 }),
    ]);
    expect(entry).toBeGreaterThan(0);
  });

  it("leaves corrected entries out, and lists policy changes, alerts and audit actions in the period", () => {
    ({ stores } = openTempStores());
    seedAgent(stores);
    const id = incident("school-a", "high");
    const wrong = stores.incidents.appendEntry(id, at, "dsl", "referral", { agency: "police" });
    stores.incidents.appendEntry(id, at, "dsl", "correction", { ofSeq: wrong });
    stores.incidents.appendEntry(id, at, "dsl", "referral", { agency: "social care" });
    expect(stores.reportData.entries(week, ["referral"]).map((e) => JSON.parse(String(e.body)).agency)).toEqual([
      "social care",
    ]);
    expect(stores.reportData.entriesOf([id])).toHaveLength(3);
    stores.policies.replace("school-a", "{}", { at, by: "ict", reason: "term" });
    expect(stores.reportData.policyChanges(week).map((c) => c.reason)).toEqual(["term"]);
    stores.alerts.record({
      incidentId: id,
      at,
      channel: "email",
      recipients: [],
      status: "sent",
      error: null,
      suppressed: 0,
    });
    expect(stores.reportData.alertsByStatus(week)).toEqual([{ key: "sent", n: 1 }]);
    stores.audit.append({ at, actor: "ict", action: "report.generated", target: null, detail: {} });
    expect(stores.reportData.auditCount(week, "report.")).toBe(1);
  });

  it("changes the data version when events, entries, alerts or policy changes are added", () => {
    ({ stores } = openTempStores());
    seedAgent(stores);
    const versions = [stores.reportData.dataVersion()];
    stores.events.insert([storedEvent()], at);
    versions.push(stores.reportData.dataVersion());
    const id = incident("school-a", "high");
    stores.incidents.appendEntry(id, at, "dsl", "note", {});
    versions.push(stores.reportData.dataVersion());
    stores.policies.replace("school-a", "{}", { at, by: "ict", reason: "term" });
    versions.push(stores.reportData.dataVersion());
    expect(new Set(versions).size).toBe(4);
    expect(versions[0]).toBe("events#0 entries#0 alerts#0 policy#0");
  });
});
