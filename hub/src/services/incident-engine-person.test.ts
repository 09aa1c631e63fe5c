import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createHub } from "../hub-app.ts";
import { openTempStores } from "../store/temp-stores.ts";
import { identityRows } from "../testing/identity-rows.ts";
import { wireEvent } from "../testing/wire-event.ts";

const T0 = Date.parse("2026-11-23T10:00:00Z");
const minutes = (n: number) => T0 + n * 60_000;

/** A hub over a file, school-a with an agent, and Alex (login "alex.p") with a laptop and a phone. */
function setup() {
  const { stores, file } = openTempStores();
  let now = new Date(T0);
  const hub = createHub({ stores, log: pino({ level: "silent" }), now: () => now });
  const { services } = hub;
  services.enrolment.createSite("school-a", "School A");
  services.enrolment.createSite("school-b", "School B");
  const { token } = services.enrolment.issueEnrolmentToken("school-a");
  const agent = { id: services.enrolment.enrol(token, "gw").agentId, siteId: "school-a" };
  services.alerts.notify = () => {};
  const rows = identityRows(file);
  const alex = rows.person("school-a", { displayName: "Alex Pupil", username: "alex.p", yearGroup: "Year 9" });
  const laptop = rows.device("school-a", { mac: "aa:bb:cc:00:00:01", ownerId: alex });
  const phone = rows.device("school-a", { mac: "aa:bb:cc:00:00:02", ownerId: alex });
  const unowned = rows.device("school-a", { mac: "aa:bb:cc:00:00:03" });
  const elsewhere = rows.person("school-b", { displayName: "Someone Else", username: "alex.p" });
  rows.close();
  const send = (...events: ReturnType<typeof wireEvent>[]) => {
    now = new Date(Math.max(now.getTime(), ...events.map((e) => e.time)));
    return services.ingest.ingest(agent, { schemaVersion: 3, events });
  };
  const incidents = () => stores.incidents.list({ sites: null, limit: 50 }).reverse();
  return { stores, file, hub, send, incidents, alex, laptop, phone, unowned, elsewhere };
}

describe("incidents by person", () => {
  it("raises one incident for one person's two devices on different addresses", () => {
    const { send, incidents, alex, laptop, phone } = setup();
    send(wireEvent({ time: minutes(0), clientAddress: "10.0.0.5", mac: "AA-BB-CC-00-00-01", categories: ["adult"] }));
    send(wireEvent({ time: minutes(5), clientAddress: "10.0.7.9", mac: "aa:bb:cc:00:00:02", categories: ["adult"] }));
    const all = incidents();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ personId: alex, eventCount: 2, clientAddress: "10.0.0.5", deviceId: phone });
    expect(laptop).not.toBe(phone);
  });

  it("matches the person by user name in any case, and trusts an agent's ids only for its own site", () => {
    const { send, incidents, stores, alex, elsewhere } = setup();
    send(wireEvent({ time: minutes(0), clientAddress: "10.0.0.5", user: "Alex.P", categories: ["adult"] }));
    send(wireEvent({ time: minutes(1), clientAddress: "10.0.0.6", person: String(elsewhere), categories: ["adult"] }));
    const all = incidents();
    expect(all.map((i) => i.personId)).toEqual([alex, null]);
    expect(all[0]?.userName).toBe("Alex.P");
    const events = stores.eventQueries.ofIncident(all[1] as never, 10);
    expect(events).toHaveLength(1);
  });

  it("keys on the device when the person is unknown, else on the address", () => {
    const { send, incidents, unowned } = setup();
    send(
      wireEvent({ time: minutes(0), clientAddress: "10.0.0.5", mac: "aa:bb:cc:00:00:03", categories: ["adult"] }),
      wireEvent({ time: minutes(1), clientAddress: "10.0.0.6", device: String(unowned), categories: ["adult"] }),
      wireEvent({ time: minutes(2), clientAddress: "10.0.0.7", categories: ["adult"] }),
      wireEvent({ time: minutes(3), clientAddress: "10.0.0.8", categories: ["adult"] }),
    );
    const all = incidents();
    expect(all.map((i) => [i.deviceId, i.clientAddress, i.eventCount])).toEqual([
      [unowned, "10.0.0.5", 2],
      [null, "10.0.0.7", 1],
      [null, "10.0.0.8", 1],
    ]);
  });

  it("raises nothing for a sanctioned person's refused look-ups, but stores them", () => {
    const { send, incidents, alex } = setup();
    const result = send(
      wireEvent({ time: minutes(0), person: String(alex), categories: ["adult"], detail: "sanction" }),
      wireEvent({ time: minutes(1), person: String(alex), categories: [], detail: "sanction" }),
    );
    expect(result.stored).toBe(2);
    expect(incidents()).toHaveLength(0);
  });

  it("matches a person added between two batches from the next batch on", () => {
    const { send, incidents, file } = setup();
    send(wireEvent({ time: minutes(0), clientAddress: "10.0.0.5", user: "new.starter", categories: ["adult"] }));
    const rows = identityRows(file);
    const starter = rows.person("school-a", { displayName: "New Starter", username: "new.starter" });
    rows.close();
    send(wireEvent({ time: minutes(1), clientAddress: "10.0.0.5", user: "new.starter", categories: ["gambling"] }));
    expect(incidents().map((i) => i.personId)).toEqual([null, starter]);
  });

  it("keeps the person's key after a restart: the reloaded engine joins the open incident", () => {
    const { send, incidents, hub, alex } = setup();
    send(wireEvent({ time: minutes(0), clientAddress: "10.0.0.5", person: String(alex), categories: ["adult"] }));
    hub.services.engine.reload();
    send(wireEvent({ time: minutes(2), clientAddress: "10.0.0.9", user: "alex.p", categories: ["adult"] }));
    expect(incidents()).toMatchObject([{ personId: alex, eventCount: 2 }]);
  });
});
