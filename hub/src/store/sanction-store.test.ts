import { describe, expect, it } from "vitest";
import { identityRows } from "../testing/identity-rows.ts";
import { sanctionActive } from "./sanction-store.ts";
import { openTempStores } from "./temp-stores.ts";

function setup() {
  const { stores, file } = openTempStores();
  stores.fleet.createSite("school-a", "A", "2026-11-01T00:00:00.000Z");
  const rows = identityRows(file);
  const kim = rows.person("school-a", { displayName: "Kim" });
  rows.close();
  const sanction = (endsAt: string) =>
    stores.sanctions.insert({
      personId: kim,
      incidentId: null,
      reason: "misuse",
      allow: ["classroom.example"],
      startsAt: "2026-12-01T09:00:00.000Z",
      endsAt,
      setBy: "dsl",
    });
  return { stores, kim, sanction };
}

describe("the sanction store", () => {
  it("keeps a sanction with its allow list and site; lists a person's newest first", () => {
    const { stores, kim, sanction } = setup();
    const first = sanction("2026-12-05T16:00:00.000Z");
    const second = sanction("2026-12-12T16:00:00.000Z");
    expect(stores.sanctions.get(first)).toMatchObject({
      personId: kim,
      siteId: "school-a",
      allow: ["classroom.example"],
      liftedAt: null,
    });
    expect(stores.sanctions.ofPerson(kim).map((s) => s.id)).toEqual([second, first]);
    expect(stores.sanctions.get(999)).toBeUndefined();
  });

  it("finds the ended ones not yet recorded, and lifts each once", () => {
    const { stores, sanction } = setup();
    const ended = sanction("2026-12-05T16:00:00.000Z");
    const running = sanction("2026-12-12T16:00:00.000Z");
    const at = "2026-12-06T00:00:00.000Z";
    expect(stores.sanctions.ended(at).map((s) => s.id)).toEqual([ended]);
    expect(stores.sanctions.lift(ended, "2026-12-05T16:00:00.000Z", "system (sanction ended)")).toBe(true);
    expect(stores.sanctions.lift(ended, at, "dsl")).toBe(false);
    expect(stores.sanctions.get(ended)?.liftedBy).toBe("system (sanction ended)");
    expect(stores.sanctions.ended(at)).toEqual([]);
    expect(sanctionActive(stores.sanctions.get(running) as never, at)).toBe(true);
    expect(sanctionActive(stores.sanctions.get(ended) as never, "2026-12-01T00:00:00.000Z")).toBe(false);
  });
});
