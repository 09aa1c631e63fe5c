import { afterEach, describe, expect, it } from "vitest";
import type { HubStores } from "./open-stores.ts";
import type { PersonFields } from "./person-store.ts";
import { openTempStores, seedAgent } from "./temp-stores.ts";

let stores: HubStores;
afterEach(() => stores.close());

const AT = "2026-12-01T09:00:00.000Z";
const ada: PersonFields = {
  kind: "pupil",
  displayName: "Ada Lovelace",
  externalId: "UPN-1",
  username: "alovelace",
  yearGroup: "Year 7",
  tutorGroup: "7B",
  tags: ["sen"],
};

describe("PersonStore", () => {
  it("inserts, finds by id, external id and username, updates and deletes", () => {
    ({ stores } = openTempStores());
    seedAgent(stores, "school-a");
    const stored = stores.people.insert("school-a", ada, AT);
    expect(stored).toEqual({ ...ada, id: stored.id, siteId: "school-a", createdAt: AT, updatedAt: AT });
    expect(stores.people.byExternalId("school-a", "UPN-1")?.id).toBe(stored.id);
    expect(stores.people.byUsername("school-a", "alovelace")?.id).toBe(stored.id);
    expect(stores.people.byUsername("school-b", "alovelace")).toBeUndefined();
    const later = "2026-12-02T09:00:00.000Z";
    expect(stores.people.update(stored.id, { ...ada, tags: ["sen", "eal"] }, later)).toMatchObject({
      tags: ["sen", "eal"],
      createdAt: AT,
      updatedAt: later,
    });
    expect(stores.people.delete(stored.id)).toBe(true);
    expect(stores.people.delete(stored.id)).toBe(false);
    expect(stores.people.get(stored.id)).toBeUndefined();
  });

  it("refuses a second person of a site with the same external id or username, but not at another site", () => {
    ({ stores } = openTempStores());
    seedAgent(stores, "school-a");
    seedAgent(stores, "school-b");
    stores.people.insert("school-a", ada, AT);
    expect(() => stores.people.insert("school-a", { ...ada, username: "other" }, AT)).toThrow(
      /UNIQUE|unique constraint/,
    );
    expect(() => stores.people.insert("school-a", { ...ada, externalId: "UPN-2" }, AT)).toThrow(
      /UNIQUE|unique constraint/,
    );
    expect(stores.people.insert("school-b", ada, AT).siteId).toBe("school-b");
  });

  it("pages a site's people by name, searching text literally and filtering by year group", () => {
    ({ stores } = openTempStores());
    seedAgent(stores, "school-a");
    const names = ["Cara 50%", "Ben", "Abe", "Dee"];
    names.forEach((displayName, i) => {
      stores.people.insert(
        "school-a",
        { ...ada, displayName, externalId: `X${i}`, username: `u${i}`, yearGroup: i % 2 ? "Year 8" : "Year 7" },
        AT,
      );
    });
    const page = stores.people.list("school-a", { limit: 2, offset: 1 });
    expect(page.people.map((p) => p.displayName)).toEqual(["Ben", "Cara 50%"]);
    expect(page.total).toBe(4);
    expect(stores.people.list("school-a", { text: "50%", limit: 10, offset: 0 }).total).toBe(1);
    expect(stores.people.list("school-a", { text: "%", limit: 10, offset: 0 }).total).toBe(1);
    expect(stores.people.list("school-a", { text: "u3", limit: 10, offset: 0 }).people[0]?.displayName).toBe("Dee");
    const year8 = stores.people.list("school-a", { yearGroup: "Year 8", limit: 10, offset: 0 });
    expect(year8.people.map((p) => p.displayName)).toEqual(["Ben", "Dee"]);
    // An empty search, as a form sends it, is no filter.
    expect(stores.people.list("school-a", { text: "", yearGroup: "", limit: 10, offset: 0 }).total).toBe(4);
  });
});
