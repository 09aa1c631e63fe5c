import { afterEach, describe, expect, it } from "vitest";
import type { HubStores } from "./open-stores.ts";
import { openTempStores, seedAgent } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

function incident(): number {
  seedAgent(stores);
  const at = "2026-11-23T09:00:00.000Z";
  return stores.incidents.insert({
    ...{ siteId: "school-a", clientAddress: "10.0.0.7", hostname: null, mac: null, group: "students" },
    ...{ category: "self-harm", autoSeverity: "high", severity: "high", illegal: false },
    ...{ openedAt: at, firstSeen: at, lastSeen: at, eventCount: 1 },
  });
}

describe("AlertStore", () => {
  it("records alerts per incident with their recipients, and refuses one for no incident", () => {
    ({ stores } = openTempStores());
    const id = incident();
    const alert = { incidentId: id, at: "2026-11-23T09:00:01Z", channel: "email", status: "sent", error: null };
    stores.alerts.record({ ...alert, recipients: ["dsl@school.test"], suppressed: 0 });
    stores.alerts.record({ ...alert, recipients: [], status: "failed", error: "no route", suppressed: 2 });
    expect(stores.alerts.forIncident(id).map((a) => [a.recipients, a.status, a.error, a.suppressed])).toEqual([
      [["dsl@school.test"], "sent", null, 0],
      [[], "failed", "no route", 2],
    ]);
    expect(() => stores.alerts.record({ ...alert, incidentId: 999, recipients: [], suppressed: 0 })).toThrow(
      /FOREIGN KEY|foreign key constraint/,
    );
  });

  it("throttles per key: counts suppressed alerts until the next one is sent", () => {
    ({ stores } = openTempStores());
    expect(stores.alerts.throttle("k")).toBeUndefined();
    stores.alerts.markSent("k", "09:00");
    stores.alerts.markSuppressed("k");
    stores.alerts.markSuppressed("k");
    expect(stores.alerts.throttle("k")).toEqual({ lastSentAt: "09:00", suppressed: 2 });
    stores.alerts.markSent("k", "10:00");
    expect(stores.alerts.throttle("k")).toEqual({ lastSentAt: "10:00", suppressed: 0 });
  });

  it("keeps each site's alerting settings", () => {
    ({ stores } = openTempStores());
    seedAgent(stores);
    expect(stores.alerts.settings("school-a")).toBeNull();
    stores.alerts.setSettings("school-a", { quietHours: false }, "2026-11-01");
    stores.alerts.setSettings("school-a", { quietHours: true }, "2026-11-02");
    expect(stores.alerts.settings("school-a")).toEqual({ quietHours: true });
  });
});
