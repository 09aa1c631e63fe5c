import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../actions/access.ts";
import type { Actor } from "../domain/roles.ts";
import { createHub, type Hub } from "../hub-app.ts";
import type { HubStores } from "../store/open-stores.ts";
import { openTempStores, seedAgent, storedEvent } from "../store/temp-stores.ts";
import { openTestDatabase } from "../testing/test-stores.ts";

let hub: Hub;
let stores: HubStores;
let file: string;
const dsl: Actor = { userId: "u-dsl", email: "dsl@school.test", role: "dsl", sites: ["school-a"] };
const ict: Actor = { userId: "u-ict", email: "ict@school.test", role: "ict-admin", sites: null };
const AT = "2026-11-23T09:00:00.000Z";

beforeEach(() => {
  ({ stores, file } = openTempStores());
  seedAgent(stores, "school-a");
  seedAgent(stores, "school-b");
  hub = createHub({ stores, log: pino({ level: "silent" }) });
});
afterEach(() => stores.close());

/** A person with a laptop and a phone, and events: one matched to the person, one from the phone's MAC, one of someone else. */
function personWithDevices(name: string, macSuffix: string) {
  const person = hub.actions.people.create(dsl, { siteId: "school-a", person: { displayName: name } });
  const laptop = hub.actions.devices.create(dsl, {
    siteId: "school-a",
    device: { mac: `02:00:00:00:01:${macSuffix}`, kind: "laptop", ownerId: person.id },
  });
  const phone = hub.actions.devices.create(dsl, {
    siteId: "school-a",
    device: { mac: `02:00:00:00:02:${macSuffix}`, kind: "phone", ownerId: person.id },
  });
  stores.events.insert(
    [
      storedEvent({ id: `by-person-${macSuffix}`, user: "zq", personId: person.id, deviceId: laptop.id }),
      storedEvent({ id: `by-mac-${macSuffix}`, mac: phone.mac }),
      storedEvent({ id: `other-${macSuffix}`, clientAddress: "10.0.0.99", mac: "02:00:00:00:09:99" }),
      storedEvent({ id: `at-b-${macSuffix}`, siteId: "school-b", agentId: "school-b-gw", personId: person.id }),
    ],
    AT,
  );
  return { person, laptop, phone };
}

const raise = (mac: string) =>
  stores.incidents.insert({
    siteId: "school-a",
    clientAddress: "10.0.0.8",
    hostname: null,
    mac,
    group: "students",
    category: "self-harm",
    autoSeverity: "high",
    severity: "high",
    illegal: false,
    openedAt: AT,
    firstSeen: AT,
    lastSeen: AT,
    eventCount: 1,
  });

describe("subject access per person, across their devices", () => {
  it("exports the record, both devices, the events by person and by MAC, and the incidents from a device; audited by id", () => {
    const { person, phone } = personWithDevices("Zebedee Quartermaine", "01");
    const incident = raise(phone.mac as string);
    const exported = hub.actions.retention.exportPerson(dsl, { siteId: "school-a", personId: person.id });
    expect(exported.person.displayName).toBe("Zebedee Quartermaine");
    expect(exported.devices.map((d) => d.kind)).toEqual(["laptop", "phone"]);
    expect(exported.events.map((e) => e.id).sort()).toEqual(["by-mac-01", "by-person-01"]);
    expect(exported.incidents.map((i) => i.incident.id)).toEqual([incident]);
    const entries = hub.services.audit.page(0, 100, "subject-access.");
    expect(entries.map((e) => [e.action, e.target, e.detail])).toEqual([
      [
        "subject-access.person-exported",
        `person:${person.id}`,
        { devices: 2, events: 2, incidents: 1, reviewRequests: 0 },
      ],
    ]);
    expect(JSON.stringify(entries)).not.toContain("Zebedee");
    // The client export by address still works beside it.
    expect(hub.actions.events.subjectAccess(dsl, { client: "10.0.0.99" }).events).toHaveLength(1);
  });

  it("is refused to ICT (no subject-access), and another site's person is not found", () => {
    const { person } = personWithDevices("Zebedee Quartermaine", "02");
    expect(() => hub.actions.retention.exportPerson(ict, { siteId: "school-a", personId: person.id })).toThrow(
      /subject-access/,
    );
    expect(() =>
      hub.actions.retention.exportPerson({ ...dsl, sites: ["school-b"] }, { siteId: "school-b", personId: person.id }),
    ).toThrow(/no person/);
  });
});

describe("erasure of a person", () => {
  it("is refused while an incident holds one of their devices, and the refusal is audited", () => {
    const { person, laptop } = personWithDevices("Held Person", "03");
    const incident = raise(laptop.mac as string);
    expect(() => hub.actions.retention.erasePerson(dsl, { siteId: "school-a", personId: person.id })).toThrow(
      new RegExp(`incident ${incident} holds`),
    );
    expect(stores.people.get(person.id)).toBeDefined();
    expect(stores.devices.byOwner(person.id)).toHaveLength(2);
    expect(hub.services.audit.page(0, 100, "person.erasure-refused")).toHaveLength(1);
  });

  it("keeps a person an incident names: neither removal nor erasure goes through", () => {
    const { person } = personWithDevices("Named Person", "05");
    const incident = raise("02:00:00:00:09:05");
    // Incidents are keyed on the person by the incident engine; here, straight into the table.
    const db = openTestDatabase(file);
    db.prepare("UPDATE incidents SET person_id = ? WHERE id = ?").run(person.id, incident);
    db.close();
    const ref = { siteId: "school-a", personId: person.id };
    expect(() => hub.actions.people.delete(dsl, ref)).toThrow(new RegExp(`incident ${incident} names this person`));
    expect(() => hub.actions.retention.erasePerson(dsl, ref)).toThrow(/holds this person's record/);
    expect(stores.people.get(person.id)).toBeDefined();
    const exported = hub.actions.retention.exportPerson(dsl, ref);
    expect(exported.incidents.map((i) => i.incident.id)).toEqual([incident]);
  });

  it("removes the record and devices and the name on their events, leaving the look-ups by address", () => {
    const { person, laptop } = personWithDevices("Free Person", "04");
    const erased = hub.actions.retention.erasePerson(dsl, { siteId: "school-a", personId: person.id });
    expect(erased).toEqual({ devices: 2, eventsUnlinked: 2, reviewRequestsErased: 0 });
    expect(stores.people.get(person.id)).toBeUndefined();
    expect(stores.devices.get(laptop.id)).toBeUndefined();
    const left = stores.personRecords.events("school-a", person.id, [laptop.id], []);
    expect(left).toEqual([]);
    expect(stores.eventQueries.byClient("10.0.0.7").map((e) => e.id)).toContain("by-person-04");
    expect(hub.services.audit.page(0, 100, "person.erased").map((e) => e.target)).toEqual([`person:${person.id}`]);
    expect(() => hub.actions.retention.erasePerson(SYSTEM_ACTOR, { siteId: "school-a", personId: person.id })).toThrow(
      /no person/,
    );
  });
});
