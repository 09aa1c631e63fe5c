import { describe, expect, it } from "vitest";
import { identityRows } from "../testing/identity-rows.ts";
import { normalMac } from "./identity-lookup-store.ts";
import { openTempStores } from "./temp-stores.ts";

/** school-a: Ana (login ana.b, pupil number P-1) with a laptop; an unowned tablet; school-b: Ben, also "ana.b". */
function setup() {
  const { stores, file } = openTempStores();
  for (const id of ["school-a", "school-b"]) stores.fleet.createSite(id, id, "2026-11-01T00:00:00.000Z");
  const rows = identityRows(file);
  const ana = rows.person("school-a", { displayName: "Ana", username: "ana.b", externalId: "P-1", tags: ["Art Club"] });
  const ben = rows.person("school-b", { displayName: "Ben", username: "ana.b", externalId: "P-1" });
  const solo = rows.person("school-a", { displayName: "Solo" });
  const laptop = rows.device("school-a", { mac: "aa:bb:cc:dd:ee:01", ownerId: ana });
  const tablet = rows.device("school-a", { mac: "aa:bb:cc:dd:ee:02" });
  const benPhone = rows.device("school-b", { mac: "aa:bb:cc:dd:ee:03", ownerId: ben });
  rows.close();
  const claim = (fields: Partial<Parameters<typeof stores.identities.resolve>[0]>) =>
    stores.identities.resolve({ siteId: "school-a", person: null, device: null, user: null, mac: null, ...fields });
  return { stores, claim, ana, ben, solo, laptop, tablet, benPhone };
}

const CASES = [
  ["the agent's person id", (s: ReturnType<typeof setup>) => ({ person: s.ana }), "ana", null],
  ["the agent's device id: its owner", (s: ReturnType<typeof setup>) => ({ device: s.laptop }), "ana", "laptop"],
  ["the hardware address in any case and with dashes", () => ({ mac: "AA-BB-CC-DD-EE-01" }), "ana", "laptop"],
  ["the user name in any case", () => ({ user: " Ana.B " }), "ana", null],
  ["the pupil number as given", () => ({ user: "P-1" }), "ana", null],
  ["an unowned device: the device only", () => ({ mac: "aa:bb:cc:dd:ee:02" }), null, "tablet"],
  [
    "the user name over the device's owner",
    (s: ReturnType<typeof setup>) => ({ user: "ana.b", device: s.tablet }),
    "ana",
    "tablet",
  ],
  ["another site's person id: nobody", (s: ReturnType<typeof setup>) => ({ person: s.ben }), null, null],
  [
    "another site's device id and address: nothing",
    (s: ReturnType<typeof setup>) => ({ device: s.benPhone, mac: "aa:bb:cc:dd:ee:03" }),
    null,
    null,
  ],
  ["an unknown user name: nobody", () => ({ user: "someone" }), null, null],
] as const;

describe("matching an event's claim to the site's people and devices", () => {
  it.each(CASES)("by %s", (_name, fields, person, device) => {
    const s = setup();
    const ids: Record<string, number> = { ana: s.ana, laptop: s.laptop, tablet: s.tablet };
    expect(s.claim(fields(s))).toEqual({
      personId: person ? ids[person] : null,
      deviceId: device ? ids[device] : null,
    });
  });

  it("matches a batch's claims together as it matches each alone", () => {
    const s = setup();
    const ids: Record<string, number> = { ana: s.ana, laptop: s.laptop, tablet: s.tablet };
    const none = { person: null, device: null, user: null, mac: null };
    // Every case twice, in two orders: no claim's answer may leak into another's.
    const claims = [...CASES, ...[...CASES].reverse()].map(([, fields]) => ({ ...none, ...fields(s) }));
    const expected = [...CASES, ...[...CASES].reverse()].map(([, , person, device]) => ({
      personId: person ? ids[person] : null,
      deviceId: device ? ids[device] : null,
    }));
    expect(s.stores.identities.resolveAll("school-a", claims)).toEqual(expected);
    expect(s.stores.identities.resolveAll("school-a", [])).toEqual([]);
  });

  it("finds the same pupil at other sites by pupil number, and only the person when they have none", () => {
    const { stores, ana, ben, solo } = setup();
    expect(stores.identities.samePerson(ana)).toEqual([ana, ben]);
    expect(stores.identities.samePerson(solo)).toEqual([solo]);
    expect(stores.identities.person(ana)).toMatchObject({
      displayName: "Ana",
      siteId: "school-a",
      tags: '["Art Club"]',
    });
    expect(stores.identities.person(999)).toBeUndefined();
  });

  it("writes hardware addresses as devices keep them", () => {
    expect(normalMac(" AA-BB-cc-00-11-22 ")).toBe("aa:bb:cc:00:11:22");
    expect(normalMac("")).toBeNull();
    expect(normalMac(null)).toBeNull();
  });
});
