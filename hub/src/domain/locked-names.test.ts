import { describe, expect, it } from "vitest";
import { LOCKED_ENTRY, maskLocked, maskLockedName, seesLockedNames } from "./locked-names.ts";
import { type Actor, ROLES, type Role } from "./roles.ts";
import { loadDefaultTaxonomy } from "./taxonomy.ts";

const taxonomy = loadDefaultTaxonomy();
const actor = (role: Role): Actor => ({ userId: role, email: `${role}@school.test`, role, sites: null });
const lockedEvent = {
  name: "locked-secret-name.test",
  rule: "locked-secret-name.test",
  categories: ["child-abuse"],
  monitored: [],
  locked: true,
};
const ordinary = {
  name: "casino.example",
  rule: "casino.example",
  categories: ["gambling"],
  monitored: [],
  locked: false,
};

describe("locked-list names", () => {
  it("are seen by the DSL roles and the hub itself only", () => {
    expect(ROLES.filter((role) => seesLockedNames(actor(role)))).toEqual(["dsl", "deputy-dsl"]);
    expect(seesLockedNames({ ...actor("board"), system: true })).toBe(true);
  });

  it.each(ROLES)("as %s: a locked match's name and rule are masked outside the DSL roles", (role) => {
    const seen = maskLocked(lockedEvent, actor(role), taxonomy);
    if (role === "dsl" || role === "deputy-dsl") {
      expect(seen).toBe(lockedEvent);
      return;
    }
    expect(seen.name).toBe(`${LOCKED_ENTRY} (Child sexual abuse material)`);
    expect(seen.rule).toBe(seen.name);
    expect(seen.categories).toEqual(["child-abuse"]);
    expect(maskLocked(ordinary, actor(role), taxonomy)).toBe(ordinary);
  });

  it("masks an event the agent marked locked even when its category is not known as locked", () => {
    const seen = maskLocked({ ...lockedEvent, categories: ["local-iwf-copy"] }, actor("ict-admin"), taxonomy);
    expect(seen.name).toBe(LOCKED_ENTRY);
  });

  it.each([
    [["terrorism"], false, `${LOCKED_ENTRY} (Terrorist content)`],
    [["adult", "child-abuse"], false, `${LOCKED_ENTRY} (Child sexual abuse material)`],
    [["adult"], false, "x.test"],
    [["terrorism"], true, "x.test"],
  ])("a rolled-up name counted under %j (shown: %s) reads %s", (categories, shown, expected) => {
    expect(maskLockedName("x.test", categories, taxonomy, shown)).toBe(expected);
  });
});
