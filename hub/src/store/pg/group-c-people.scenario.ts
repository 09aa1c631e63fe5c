import type { PersonKind } from "../../domain/directory-fields.ts";
import { DeviceStore } from "../device-store.ts";
import type { HubDatabase } from "../hub-database.ts";
import { IdentityLookupStore } from "../identity-lookup-store.ts";
import { IdentityTableStore } from "../identity-table-store.ts";
import { PersonRecordsStore } from "../person-records-store.ts";
import { type PersonFields, PersonStore } from "../person-store.ts";
import { PersonWatchStore } from "../person-watch-store.ts";
import { SanctionStore } from "../sanction-store.ts";
import { AT, addDeviceToken, addEvent, addIncident, failure } from "./group-c-fixture.ts";

/**
 * The same calls on the people stores of one database (people, devices, the identity table and
 * lookup, watch list, sanctions, a person's records), returning everything they answered, so that
 * the answers of SQLite and PostgreSQL can be compared whole. Calls that fail (a duplicate) come
 * after a table's last insert: PostgreSQL spends an id on a refused row, SQLite does not.
 */
export function peopleScenario(db: HubDatabase) {
  const people = new PersonStore(db);
  const devices = new DeviceStore(db);
  const person = (displayName: string, more: Partial<PersonFields> = {}): PersonFields => ({
    ...{ kind: "pupil" as PersonKind, displayName, externalId: null, username: null },
    ...{ yearGroup: null, tutorGroup: null, tags: [] },
    ...more,
  });
  const ada = people.insert("school-a", person("Ada Lovelace", { externalId: "UPN1", username: "ada" }), AT);
  const bob = people.insert("school-a", person("bob Brown", { kind: "staff", username: "bob.b", yearGroup: "Y9" }), AT);
  const cy = people.insert("school-a", person("Cy 50% Off", { yearGroup: "Y9", tags: ["sen", "fsm"] }), AT);
  const adaB = people.insert("school-b", person("Ada L", { externalId: "UPN1", username: "ada" }), AT);
  const laptop = devices.insert(
    "school-a",
    { mac: "aa:bb:cc:00:00:01", hostname: "ada-laptop", ownerId: ada.id, kind: "laptop", label: null },
    AT,
  );
  const labPc = devices.insert(
    "school-a",
    { mac: null, hostname: "LAB-PC", ownerId: null, kind: "desktop", label: "Lab 50_1" },
    AT,
  );
  addDeviceToken(db, laptop.id, "token-live", null);
  addDeviceToken(db, laptop.id, "token-revoked", AT);
  const page = (text?: string, yearGroup?: string, offset = 0) =>
    people.list("school-a", { text, yearGroup, limit: 2, offset });
  const deviceQueries = {
    byMac: devices.byMac("school-a", "aa:bb:cc:00:00:01"),
    byOwner: devices.byOwner(ada.id),
    anyCase: devices.list("school-a", { text: "lab-pc", limit: 10, offset: 0 }),
    literalUnderscore: devices.list("school-a", { text: "50_", limit: 10, offset: 0 }),
    ofOwner: devices.list("school-a", { ownerId: ada.id, limit: 10, offset: 0 }),
    all: devices.all("school-a"),
    updated: devices.update(labPc.id, { ...labPc, ownerId: bob.id, label: "Bob's desk" }, "2026-12-08T09:00:00.000Z"),
    duplicateMac: failure(() => devices.insert("school-a", { ...labPc, mac: "aa:bb:cc:00:00:01" }, AT)),
  };
  const personQueries = {
    get: people.get(ada.id),
    missing: people.get(9_999),
    byExternalId: people.byExternalId("school-b", "UPN1"),
    byUsername: people.byUsername("school-a", "bob.b"),
    firstPage: page(),
    secondPage: page(undefined, undefined, 2),
    anyCase: page("LOVE"),
    literalPercent: page("50%"),
    yearGroup: page(undefined, "Y9"),
    all: people.all("school-a"),
    updated: people.update(cy.id, person("Cy Updated", { tags: ["eal"] }), "2026-12-08T09:00:00.000Z"),
    updateMissing: people.update(9_999, person("Nobody"), AT),
    duplicateUsername: failure(() => people.insert("school-a", person("Another Ada", { username: "ada" }), AT)),
  };
  const lookups = identityScenario(db, { ada: ada.id, adaB: adaB.id, bob: bob.id, laptop: laptop.id });
  const records = recordsScenario(db, ada.id, laptop.id);
  const deletions = {
    device: devices.delete(labPc.id),
    deviceAgain: devices.delete(labPc.id),
    person: people.delete(cy.id),
    personAgain: people.delete(cy.id),
    tokensAfterDeletingAda: (() => {
      people.delete(ada.id);
      return { device: devices.get(laptop.id), tokens: new IdentityTableStore(db).roamingTokens("school-a") };
    })(),
  };
  return {
    ids: { ada: ada.id, bob: bob.id, laptop: laptop.id },
    personQueries,
    deviceQueries,
    lookups,
    records,
    deletions,
  };
}

/** Sanctions, the watch list, the identity table and the matching of events' claims. */
function identityScenario(db: HubDatabase, ids: { ada: number; adaB: number; bob: number; laptop: number }) {
  const sanctions = new SanctionStore(db);
  const watch = new PersonWatchStore(db);
  const table = new IdentityTableStore(db);
  const lookup = new IdentityLookupStore(db);
  const incidentId = addIncident(db, { personId: ids.ada });
  const sanction = (startsAt: string, endsAt: string) => ({
    ...{ personId: ids.ada, incidentId, reason: "misuse", allow: ["bbc.co.uk"], startsAt, endsAt },
    setBy: "dsl@example.org",
  });
  const old = sanctions.insert(sanction("2026-12-01T09:00:00.000Z", "2026-12-02T09:00:00.000Z"));
  const current = sanctions.insert({ ...sanction(AT, "2026-12-09T10:00:00.000Z"), incidentId: null, allow: [] });
  const later = sanctions.insert(sanction("2026-12-07T11:00:00.000Z", "2026-12-10T10:00:00.000Z"));
  const claim = { siteId: "school-a", person: null, device: null, user: null, mac: null };
  watch.set({ personId: ids.bob, reason: "new starter", reviewOn: "2027-01-10", setBy: "dsl", setAt: AT });
  watch.set({ personId: ids.ada, reason: "concern", reviewOn: "2027-01-05", setBy: "dsl", setAt: AT });
  watch.set({ personId: ids.ada, reason: "concern, reviewed", reviewOn: "2027-02-01", setBy: "deputy", setAt: AT });
  return {
    sanctionGet: sanctions.get(current),
    sanctionMissing: sanctions.get(9_999),
    ofPerson: sanctions.ofPerson(ids.ada, 2),
    liftLater: [sanctions.lift(later, AT, "dsl"), sanctions.lift(later, AT, "dsl")],
    ended: sanctions.ended("2026-12-08T00:00:00.000Z"),
    liftOld: sanctions.lift(old, "2026-12-08T00:00:00.000Z", "system (sanction ended)"),
    tablePeople: table.people("school-a", "2026-12-08T00:00:00.000Z"),
    tableDevices: table.devices("school-a"),
    tableTokens: table.roamingTokens("school-a"),
    byOwnId: lookup.resolve({ ...claim, person: ids.ada, device: ids.laptop }),
    otherSitesId: lookup.resolve({ ...claim, person: ids.adaB, user: " ADA " }),
    byExternalId: lookup.resolve({ ...claim, user: "upn1" }),
    byMacOwner: lookup.resolve({ ...claim, mac: "AA-BB-CC-00-00-01" }),
    nobody: lookup.resolve({ ...claim, siteId: "school-b", mac: "aa:bb:cc:00:00:01" }),
    samePerson: [lookup.samePerson(ids.ada), lookup.samePerson(ids.bob)],
    summary: [lookup.person(ids.ada), lookup.person(9_999)],
    watchGet: watch.get(ids.ada),
    watched: watch.atSites(["school-a", "school-b"]),
    watchedNowhere: watch.atSites([]),
    watchRemoved: [watch.remove(ids.bob), watch.remove(ids.bob), watch.get(ids.bob)],
  };
}

/** A person's events and incidents (by id, device and MAC), and their unlinking. */
function recordsScenario(db: HubDatabase, personId: number, deviceId: number) {
  const records = new PersonRecordsStore(db);
  const mac = "aa:bb:cc:00:00:01";
  const held = addIncident(db, { mac });
  addEvent(db, { id: "e1", time: "2026-12-07T10:01:00.000Z", personId, user: "ada" });
  addEvent(db, { id: "e2", time: "2026-12-07T10:00:30.000Z", deviceId });
  addEvent(db, { id: "e3", time: "2026-12-07T10:02:00.000Z", mac, incidentId: held, personId });
  addEvent(db, { id: "e4", time: "2026-12-07T10:03:00.000Z", user: "someone else" });
  return {
    events: records.events("school-a", personId, [deviceId], [mac]),
    eventsByIdOnly: records.events("school-a", personId, [], []).map((e) => e.id),
    eventsElsewhere: records.events("school-b", personId, [deviceId], [mac]),
    incidents: records.incidentIds(personId, [deviceId], [mac]),
    incidentsByIdOnly: records.incidentIds(personId, [], []),
    unlinked: records.unlinkEvents(personId, [deviceId]),
    afterUnlinking: records.events("school-a", personId, [deviceId], [mac]),
  };
}
