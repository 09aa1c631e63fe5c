import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../domain/roles.ts";
import { createHub, type Hub } from "../hub-app.ts";
import { openTestStores } from "../testing/test-stores.ts";
import { SYSTEM_ACTOR } from "./access.ts";

let hub: Hub;
const dsl: Actor = { userId: "u-dsl", email: "dsl@school.test", role: "dsl", sites: ["school-a"] };
const ict: Actor = { userId: "u-ict", email: "ict@school.test", role: "ict-admin", sites: ["school-a"] };
const ofB: Actor = { ...dsl, sites: ["school-b"] };
const audit = (prefix: string) => hub.services.audit.page(0, 100, prefix);

beforeEach(() => {
  hub = createHub({ stores: openTestStores(":memory:"), log: pino({ level: "silent" }) });
  for (const id of ["school-a", "school-b"]) hub.actions.sites.create(SYSTEM_ACTOR, { id, name: id });
});

describe("people and devices actions", () => {
  it("adds, edits and removes a person, auditing ids and changed fields but never the name", () => {
    const made = hub.actions.people.create(dsl, {
      siteId: "school-a",
      person: { displayName: "Grace Hopper", username: "GHopper", tags: ["sen", "sen", " eal "] },
    });
    expect(made).toMatchObject({ username: "ghopper", tags: ["sen", "eal"], kind: "pupil" });
    hub.actions.people.update(dsl, {
      siteId: "school-a",
      personId: String(made.id),
      person: { displayName: "Grace B. Hopper", username: "ghopper", tags: ["sen", "eal"] },
    });
    hub.actions.people.delete(dsl, { siteId: "school-a", personId: made.id });
    const entries = audit("person.");
    expect(entries.map((e) => [e.action, e.target, e.site])).toEqual([
      ["person.created", `person:${made.id}`, "school-a"],
      ["person.updated", `person:${made.id}`, "school-a"],
      ["person.deleted", `person:${made.id}`, "school-a"],
    ]);
    expect(entries[1]?.detail).toEqual({ changed: ["displayName"] });
    expect(JSON.stringify(entries)).not.toMatch(/Hopper/i);
  });

  it("refuses a clash of external id or username (409), another site's person (404), and ICT (403)", () => {
    const person = { displayName: "A", externalId: "UPN-1", username: "a1" };
    const made = hub.actions.people.create(dsl, { siteId: "school-a", person });
    expect(() => hub.actions.people.create(dsl, { siteId: "school-a", person: { ...person, username: "a2" } })).toThrow(
      /already has external id/,
    );
    expect(() =>
      hub.actions.people.create(dsl, { siteId: "school-a", person: { displayName: "B", username: "A1" } }),
    ).toThrow(/already has username/);
    expect(() => hub.actions.people.get(ofB, { siteId: "school-b", personId: made.id })).toThrow(/no person/);
    expect(() => hub.actions.people.get(ofB, { siteId: "school-a", personId: made.id })).toThrow(/no site/);
    expect(() => hub.actions.people.list(ict, { siteId: "school-a" })).toThrow(/people:read/);
    expect(() => hub.actions.people.get(dsl, { siteId: "school-a", personId: "1; DROP" })).toThrow(/no person/);
  });

  it("shows ICT a device's owner as a pseudonym and refuses to let ICT set an owner; the DSL sees the name", () => {
    const owner = hub.actions.people.create(dsl, { siteId: "school-a", person: { displayName: "Alan Turing" } });
    const device = hub.actions.devices.create(dsl, {
      siteId: "school-a",
      device: { mac: "AA-BB-CC-DD-EE-01", kind: "laptop", ownerId: owner.id },
    });
    expect(device).toMatchObject({ mac: "aa:bb:cc:dd:ee:01", owner: { id: owner.id, displayName: "Alan Turing" } });
    const seen = hub.actions.devices.get(ict, { siteId: "school-a", deviceId: device.id });
    expect(seen.owner).toEqual({ pseudonym: expect.stringMatching(/^client-/) });
    expect(JSON.stringify(hub.actions.devices.list(ict, { siteId: "school-a" }))).not.toContain("Turing");
    expect(() =>
      hub.actions.devices.update(ict, { siteId: "school-a", deviceId: device.id, device: { ownerId: null } }),
    ).toThrow(/people:read/);
    const relabelled = hub.actions.devices.update(ict, {
      siteId: "school-a",
      deviceId: device.id,
      device: { mac: "aa:bb:cc:dd:ee:01", label: "Trolley 2", kind: "laptop" },
    });
    expect(hub.actions.devices.get(dsl, { siteId: "school-a", deviceId: relabelled.id }).owner).toMatchObject({
      id: owner.id,
    });
    expect(() => hub.actions.devices.create(dsl, { siteId: "school-a", device: { mac: "aa:bb:cc:dd:ee:01" } })).toThrow(
      /already has MAC/,
    );
    const other = hub.actions.people.create(SYSTEM_ACTOR, { siteId: "school-b", person: { displayName: "B" } });
    expect(() => hub.actions.devices.create(dsl, { siteId: "school-a", device: { ownerId: other.id } })).toThrow(
      /no person/,
    );
    expect(() => hub.actions.devices.create(dsl, { siteId: "school-a", device: { mac: "nonsense" } })).toThrow(
      /invalid/,
    );
    expect(audit("device.").map((e) => e.action)).toEqual(["device.created", "device.updated"]);
  });
});
